using System.Diagnostics;
using System.Net.Sockets;

namespace Bot.Tests.Support;

/// <summary>
/// The bot as its own operating-system process, started from the built Bot.dll as an operator would start it,
/// so a test can kill it outright (SIGKILL: no shutdown, no flushing) and start another.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly System.Text.StringBuilder _output = new();

    BotProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>What the process has logged so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the bot over the repository corpus, searching the index folder given (by default the test run's shared one).</summary>
    public static async Task<BotProcess> StartAsync(string? indexPath = null, params string[] settings)
    {
        indexPath ??= TestIndex.RepositoryFolder;
        var port = FreePort();
        // Started from a folder that is neither the repository nor the build output, as an operator might.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--Corpus:Path={Repository.Corpus}");
        start.ArgumentList.Add($"--Corpus:IndexPath={indexPath}");
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(start)!;
        var bot = new BotProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The bot exited with {process.ExitCode}:\n{bot.Output}");
            try
            {
                if ((await bot.Http.GetAsync("/healthz")).IsSuccessStatusCode)
                    return bot;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await bot.DisposeAsync();
        throw new TimeoutException($"The bot did not answer /healthz within 60 s:\n{bot.Output}");
    }

    /// <summary>Waits (up to 10 s) until the process has logged the text: its output arrives after the fact.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var waited = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
    }

    /// <summary>Kills the process at once, as a crash or an evicted container would end it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Http.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks;

/// <summary>
/// A load test of <c>POST /api/messages</c> with expectReplies over real HTTP on loopback, against a
/// separate server process, beside a bare endpoint of that same server which returns a fixed reply of the
/// same size: the bot's throughput is reported as a share of what the server itself can do here.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- load [--seconds 10] [--max-requests 200000] [--Corpus:Path=...]</c>
/// </summary>
public static class LoadTest
{
    /// <summary>Each simulated person asks a question and a follow-up, then starts a new conversation.</summary>
    static readonly (string Question, string FollowUp)[] Script =
    [
        ("Are Japan and Russia still at war?", "Why?"),
        ("Who won the Russo-Japanese War?", "Which treaty ended it?"),
        ("Did Medvedev visit the Kuril Islands?", "When did he go back?"),
        ("How much oil could the rigs near Japan supply per day?", "What about gas?"),
        ("What was the 1956 Joint Declaration?", "Did it end the war?"),
        ("What is the capital of France?", "And of Spain?"),
    ];

    static readonly int[] Concurrency = [1, 8, 64];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 10.0);
        var maxRequests = (int)Option(args, "--max-requests", 200_000.0);
        var serverSettings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray();

        using var server = await ServerProcess.StartAsync(serverSettings);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false }) { BaseAddress = server.Address };
        if (args.Contains("--only-bot"))
        {
            // For a profiler attached to the server: just the bot, at eight conversations.
            await RunLevelAsync(http, "/api/messages", 8, TimeSpan.FromSeconds(seconds), maxRequests, 0);
            return 0;
        }

        // The bare endpoint's reply is as long as a typical answer, so both move the same bytes.
        var sample = await PostAsync(http, "/api/messages", Activity("size-probe", Script[0].Question));
        var replyBytes = sample.Length;
        Console.WriteLine($"Server pid {server.Process.Id} at {server.Address}; a typical reply is {replyBytes:N0} bytes; {seconds:0} s or {maxRequests:N0} requests per run.");
        Console.WriteLine($"Resident memory after start-up: {server.ResidentMegabytes():F0} MB");
        Console.WriteLine();

        await RunLevelAsync(http, "/api/messages", 8, TimeSpan.FromSeconds(2), int.MaxValue, replyBytes); // warm-up, not reported
        await RunLevelAsync(http, "/bare", 8, TimeSpan.FromSeconds(2), int.MaxValue, replyBytes);

        var rows = new List<string>();
        foreach (var concurrency in Concurrency)
        {
            var bot = await RunLevelAsync(http, "/api/messages", concurrency, TimeSpan.FromSeconds(seconds), maxRequests, replyBytes);
            var bare = await RunLevelAsync(http, "/bare", concurrency, TimeSpan.FromSeconds(seconds), maxRequests, replyBytes);
            rows.Add($"| {concurrency} | {bot.Throughput:N0} | {bot.P50:F2} | {bot.P95:F2} | {bot.P99:F2} | {bare.Throughput:N0} | {bare.P99:F2} | {bot.Throughput / bare.Throughput:P0} | {bot.Errors + bare.Errors} |");
            Console.WriteLine($"{concurrency,3} conversations: bot {bot.Throughput:N0}/s p50 {bot.P50:F2} ms p95 {bot.P95:F2} ms p99 {bot.P99:F2} ms; bare {bare.Throughput:N0}/s p99 {bare.P99:F2} ms");
        }

        Console.WriteLine();
        Console.WriteLine("| conversations | bot turns/s | p50 ms | p95 ms | p99 ms | bare replies/s | bare p99 ms | bot / bare | errors |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
            Console.WriteLine(row);
        Console.WriteLine();
        Console.WriteLine($"Server peak resident memory: {server.PeakMegabytes():F0} MB");
        return 0;
    }

    sealed record Level(double Throughput, double P50, double P95, double P99, int Errors);

    static async Task<Level> RunLevelAsync(HttpClient http, string path, int concurrency, TimeSpan duration, int maxRequests, int replyBytes)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var issued = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(4096);
            for (var round = 0; clock.Elapsed < duration; round++)
            {
                var (question, followUp) = Script[(worker + round) % Script.Length];
                var conversation = $"load-{path.Length}-{concurrency}-{worker}-{round}";
                foreach (var text in new[] { question, followUp })
                {
                    if (Interlocked.Increment(ref issued) > maxRequests || clock.Elapsed >= duration)
                        return;
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        await PostAsync(http, path == "/bare" ? $"/bare?bytes={replyBytes}" : path, Activity(conversation, text));
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (HttpRequestException e)
                    {
                        if (Interlocked.Increment(ref errors) <= 3)
                            Console.Error.WriteLine($"  {path}: {e.Message}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Level(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), errors);
    }

    static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];

    static async Task<string> PostAsync(HttpClient http, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? text : throw new HttpRequestException($"{(int)response.StatusCode}: {text}");
    }

    static byte[] Activity(string conversation, string text) => JsonSerializer.SerializeToUtf8Bytes(BotServer.Message(conversation, text));

    internal static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>
    /// The server side, run as its own process so its memory and CPU are its own: the bot exactly as
    /// <c>Program.cs</c> builds it, plus <c>POST /bare</c>, which reads the request and returns fixed bytes.
    /// </summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var replies = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
        // Console logging of every turn would measure the terminal, not the bot.
        var (app, address) = await BotServer.StartAsync(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning), app =>
            app.MapPost("/bare", async (HttpContext context, int bytes) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                var reply = replies.GetOrAdd(Math.Clamp(bytes, 2, 1 << 20), n => Encoding.UTF8.GetBytes("{\"activities\":[{\"text\":\"" + new string('x', Math.Max(0, n - 30)) + "\"}]}"));
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(reply);
            }));
        Console.WriteLine($"listening {address}");
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}

/// <summary>A child process of this program in <c>serve</c> mode, and what /proc says of its memory.</summary>
public sealed class ServerProcess : IDisposable
{
    ServerProcess(Process process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public Process Process { get; }

    public Uri Address { get; }

    public static async Task<ServerProcess> StartAsync(string[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        // The server runs with the bot's own garbage collector (src/Bot is a web project, so server GC), not this
        // console program's, unless the caller's environment says otherwise.
        if (Environment.GetEnvironmentVariable("DOTNET_gcServer") is null)
            start.Environment["DOTNET_gcServer"] = BotUsesServerGc() ? "1" : "0";
        // And with the runtime's settings that `dotnet run` gives the bot (its gen0 budget), unless set here.
        foreach (var (name, value) in BotRuntimeSettings())
        {
            if (Environment.GetEnvironmentVariable(name) is null)
                start.Environment[name] = value;
        }
        start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        start.ArgumentList.Add("serve");
        foreach (var setting in settings)
            start.ArgumentList.Add(setting);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                // What the server logs from here on (warnings and errors) is shown, not swallowed.
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is { } logged)
                        await Console.Error.WriteLineAsync("  server: " + logged);
                });
                return new ServerProcess(process, new Uri(line["listening ".Length..]));
            }
        }
        throw new InvalidOperationException($"The server process exited ({process.ExitCode}) before it listened.");
    }

    /// <summary>The DOTNET_ variables of the bot's launch settings: what `dotnet run` and the container image run it with.</summary>
    static IEnumerable<(string Name, string Value)> BotRuntimeSettings()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(ServerProcess).Assembly.Location)!, "bot-launchSettings.json");
        using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            if (!profile.Value.TryGetProperty("environmentVariables", out var variables))
                continue;
            foreach (var variable in variables.EnumerateObject())
            {
                if (variable.Name.StartsWith("DOTNET_", StringComparison.Ordinal))
                    yield return (variable.Name, variable.Value.GetString() ?? "");
            }
        }
    }

    static bool BotUsesServerGc()
    {
        var config = Path.Combine(Path.GetDirectoryName(typeof(Bot.Answers.Answerer).Assembly.Location)!, "Bot.runtimeconfig.json");
        return !File.Exists(config) || File.ReadAllText(config).Contains("\"System.GC.Server\": true", StringComparison.Ordinal);
    }

    public double ResidentMegabytes() => StatusKilobytes("VmRSS:") / 1024.0;

    public double PeakMegabytes() => StatusKilobytes("VmHWM:") / 1024.0;

    long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}

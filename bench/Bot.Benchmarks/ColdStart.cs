using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Bot.Benchmarks;

/// <summary>
/// The bot started as people start it, as a process of its own, timed from launch to the chat page and to
/// the first answer over <c>/api/messages</c>, then its resident memory after a few dozen turns (or <c>--turns N</c>). The index
/// is built first, by a run that is not counted, so every counted run opens a built index.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- coldstart [PATH/TO/Bot.dll] [--runs N] [--turns N]</c>
/// (by default the Release build of src/Bot; give a published, ReadyToRun Bot.dll to time the deployment).
/// </summary>
public static class ColdStart
{
    public static async Task<int> RunAsync(string[] args)
    {
        var bot = Path.GetFullPath(args.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal))
            ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Bot", "bin", "Release", "net10.0", "Bot.dll"));
        var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var turns = args.SkipWhile(a => a != "--turns").Skip(1).Select(int.Parse).FirstOrDefault(50);
        var corpus = new Bot.Corpus.CorpusOptions().ResolveFolder();
        Console.WriteLine($"{bot}, corpus {corpus}");

        // Not counted: builds the index (and converts the model) when they are missing.
        await TimeOneAsync(bot, corpus, turns: 0);
        var results = new List<(double Page, double Answer, double Resident, double Peak)>();
        for (var i = 0; i < runs; i++)
            results.Add(await TimeOneAsync(bot, corpus, turns));
        Console.WriteLine($"| run | page served | first answer | resident after {turns} turns | peak |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < results.Count; i++)
            Console.WriteLine($"| {i + 1} | {results[i].Page:F2} s | {results[i].Answer:F2} s | {results[i].Resident:F0} MB | {results[i].Peak:F0} MB |");
        var answers = results.Select(r => r.Answer).Order().ToList();
        Console.WriteLine($"median first answer {answers[answers.Count / 2]:F2} s");
        return 0;
    }

    static async Task<(double Page, double Answer, double Resident, double Peak)> TimeOneAsync(string bot, string corpus, int turns)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { bot, "--urls", address.ToString(), "--Corpus:Path", corpus, "--Logging:LogLevel:Default", "Warning" })
            start.ArgumentList.Add(argument);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        var launched = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot.");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            await WaitAsync(async () => (await http.GetAsync("/")).IsSuccessStatusCode, process);
            var page = launched.Elapsed.TotalSeconds;
            await WaitAsync(async () => (await http.PostAsJsonAsync("/api/messages", BotServer.Message("first", "Are Japan and Russia still at war?"))).IsSuccessStatusCode, process);
            var answer = launched.Elapsed.TotalSeconds;
            string[] questions = ["Who won the Russo-Japanese War?", "how many people live on the kurils", "What did the 1956 declaration say?", "When did Medvedev visit the islands?", "Is there a peace treaty?"];
            for (var i = 0; i < turns; i++)
                (await http.PostAsJsonAsync("/api/messages", BotServer.Message($"c{i}", questions[i % questions.Length]))).EnsureSuccessStatusCode();
            return (page, answer, Status(process, "VmRSS:"), Status(process, "VmHWM:"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    static async Task<bool> WaitAsync(Func<Task<bool>> ready, Process process)
    {
        while (!process.HasExited)
        {
            try
            {
                if (await ready())
                    return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(10);
        }
        throw new InvalidOperationException($"The bot exited ({process.ExitCode}) before it answered.");
    }

    static double Status(Process process, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        return 0;
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

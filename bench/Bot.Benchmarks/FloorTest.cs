using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Bot.Cli;
using Bot.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Benchmarks;

/// <summary>
/// A first-time turn against its physical floor, in one run: every turn of the given question sets is posted
/// over HTTP to a separate server process, conversation by conversation, as a person would ask them (each
/// question new to the server, so nothing comes from its vector cache); right after each, in this process, the
/// same text is embedded once and searched once, which is all a turn must do. Reported by question kind, median
/// and p95, with the ratio; then the server's resident memory after 1,000 turns.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- floor tests/Bot.Tests/eval/blind/*.json [--warm-up=SECONDS] [--warm-up-sets=A.json,B.json] [--slowest] [--Embeddings:Threads=1]</c>
/// </summary>
public static class FloorTest
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal)).ToArray();
        var sets = files.Select(EvalRunner.Load).ToList();
        var turns = sets.SelectMany(s => s.Conversations.Select(c => (Set: s.Name, Conversation: c))).ToList();

        using var server = await ServerProcess.StartAsync(settings);
        using var http = new HttpClient { BaseAddress = server.Address };
        // Until the index is open the bot answers at once that it is getting ready: nothing is timed before /healthz says it is.
        while ((await http.GetAsync("/healthz")).StatusCode != HttpStatusCode.OK)
            await Task.Delay(200);
        // The server's code runs at first as the JIT's quick first tier, and is recompiled optimised only after its
        // methods have been called often and the start has settled: a cached turn took 1.2 ms for its first 5,000
        // turns and 0.37 ms from about the 6,000th. A server answers people for days, so it is warmed up first.
        // With a handful of questions the code of everything they never do (a decline, a question of two parts, a
        // misspelt name, a follow-up to a follow-up) stayed cold and was timed cold: the warm-up asks the questions
        // of other sets (--warm-up-sets), as a server that has been answering people has, leaving out any text
        // the timed sets ask, so that every timed question is still new to the server's vector cache.
        var warmUp = args.FirstOrDefault(a => a.StartsWith("--warm-up=", StringComparison.Ordinal)) is { } given ? double.Parse(given["--warm-up=".Length..], CultureInfo.InvariantCulture) : 15;
        var timedTexts = turns.SelectMany(t => t.Conversation.Turns).Select(t => t.Say).ToHashSet(StringComparer.Ordinal);
        var warmUpConversations = (args.FirstOrDefault(a => a.StartsWith("--warm-up-sets=", StringComparison.Ordinal)) is { } warmUpSets
                ? warmUpSets["--warm-up-sets=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(EvalRunner.Load).SelectMany(s => s.Conversations).Select(c => c.Turns.Select(t => t.Say).Where(t => !timedTexts.Contains(t)).ToList())
                : [["Is there a peace treaty?", "Why not?"], ["Who won the war in 1905?"], ["When did Medvedev visit the islands?", "how many people live there"], ["What did the 1956 declaration say?"]])
            .Where(c => c.Count > 0)
            .ToList();
        var warming = Stopwatch.StartNew();
        for (var round = 0; warming.Elapsed.TotalSeconds < warmUp; round++)
        {
            foreach (var (number, conversation) in warmUpConversations.Index())
            {
                foreach (var text in conversation)
                    await PostAsync(http, $"warm-up-{round}-{number}", text);
                if (warming.Elapsed.TotalSeconds >= warmUp)
                    break;
            }
        }

        // The floor, measured in this process: the typed text embedded once, and one hybrid search. It is measured
        // right after each turn, not in a pass of its own afterwards: on this virtual machine the same code runs
        // at one speed for a while and at half that for a while (an embedding 0.75 ms in one run of a probe and
        // 1.5 ms in the next), so a floor measured minutes after the turns compared two machines, not two paths.
        using var model = ScaleTest.NewModel();
        using var host = BotServer.Pipeline(settings.Select(s => s[2..].Split('=', 2)).Select(p => new KeyValuePair<string, string?>(p[0], p.Length > 1 ? p[1] : "")), model);
        var index = host.Services.GetRequiredService<IPassageIndex>();
        var prefix = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bot.Embeddings.EmbeddingOptions>>().Value.QueryPrefix;
        var passages = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bot.Answers.AnswerOptions>>().Value.PassagesWeighed;
        async Task<double> FloorAsync(string text)
        {
            var started = Stopwatch.GetTimestamp();
            var vector = (await model.GenerateAsync([prefix + text]))[0].Vector.ToArray();
            _ = index.Search(text, vector, passages).ToList();
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        // The floor's own code is warmed as the server's was, on the warm-up questions.
        var warmUpTexts = warmUpConversations.SelectMany(c => c).ToList();
        for (var pass = Stopwatch.StartNew(); warmUpTexts.Count > 0 && pass.Elapsed.TotalSeconds < warmUp;)
        {
            foreach (var text in warmUpTexts)
                await FloorAsync(text);
        }

        var timed = new List<(string Kind, bool FollowUp, string Text, double Turn)>();
        var floors = new List<double>();
        foreach (var (set, conversation) in turns)
        {
            foreach (var turn in conversation.Turns)
            {
                var started = Stopwatch.GetTimestamp();
                await PostAsync(http, $"{set}-{conversation.Id}", turn.Say);
                timed.Add((turn.Kind ?? "", turn.Followup, turn.Say, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                floors.Add(await FloorAsync(turn.Say));
            }
        }
        var afterFirst = server.ResidentMegabytes();

        // --slowest: the turns furthest above the floor, to see what the tail is made of.
        if (args.Contains("--slowest"))
        {
            foreach (var (turn, floor) in timed.Zip(floors).OrderByDescending(p => p.First.Turn).Take(25))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{turn.Turn,6:F2} ms (floor {floor,5:F2}) {(turn.FollowUp ? "follow-up" : "first    ")} {turn.Kind,-8} {turn.Text}"));
            Console.WriteLine();
        }
        Console.WriteLine($"{timed.Count} turns from {string.Join(", ", sets.Select(s => s.Name))}, after {warmUp:0} s of warm-up; server settings: {(settings.Length == 0 ? "defaults" : string.Join(' ', settings))}");
        Console.WriteLine();
        Console.WriteLine("| turns | n | turn p50 ms | turn p95 ms | floor p50 ms | floor p95 ms | p50 / floor | p95 / floor |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rows = new List<(string Label, Func<int, bool> Keep)> { ("all", _ => true), ("first turns", i => !timed[i].FollowUp), ("follow-ups", i => timed[i].FollowUp) };
        rows.AddRange(timed.Select(t => t.Kind).Where(k => k.Length > 0).Distinct().Order().Select(k => (k, (Func<int, bool>)(i => timed[i].Kind == k))));
        foreach (var (label, keep) in rows)
        {
            var picked = Enumerable.Range(0, timed.Count).Where(keep).ToList();
            if (picked.Count == 0)
                continue;
            var turn = picked.Select(i => timed[i].Turn).Order().ToArray();
            var floor = picked.Select(i => floors[i]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {picked.Count} | {P(turn, 0.5):F1} | {P(turn, 0.95):F1} | {P(floor, 0.5):F1} | {P(floor, 0.95):F1} | {P(turn, 0.5) / P(floor, 0.5):F2} | {P(turn, 0.95) / P(floor, 0.95):F2} |"));
        }

        // Memory: the same conversations again, under new ids, until the server has answered 1,000 turns.
        var answered = timed.Count + 1;
        for (var round = 1; answered < 1000; round++)
        {
            foreach (var (set, conversation) in turns)
            {
                foreach (var turn in conversation.Turns)
                {
                    if (answered++ >= 1000)
                        break;
                    await PostAsync(http, $"{set}-{conversation.Id}-{round}", turn.Say);
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Server resident memory: {afterFirst:F0} MB after {timed.Count + 1} turns, {server.ResidentMegabytes():F0} MB after {answered - 1} (peak {server.PeakMegabytes():F0} MB)");
        return 0;
    }

    static double P(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];

    static async Task PostAsync(HttpClient http, string conversation, string text)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(BotServer.Message(conversation, text)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/api/messages", content);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

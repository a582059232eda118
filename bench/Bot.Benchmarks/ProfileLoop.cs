using System.Diagnostics;
using Bot.Answers;
using Bot.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks;

/// <summary>
/// Answers the same kind of turn over and over for a while, for a profiler to watch:
/// dotnet-trace collect --profile cpu-sampling -- dotnet bench/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll loop turn 20
/// Kinds: <c>turn</c> (its vector cached), <c>followup</c>, <c>fresh-followup</c> (a follow-up new every time), <c>fresh</c> (a question new every time) and <c>embed</c>
/// (only embedding that new question: what <c>fresh</c> costs at the least).
/// </summary>
public static class ProfileLoop
{
    public static async Task<int> RunAsync(string[] args)
    {
        var kind = args.ElementAtOrDefault(0) ?? "turn";
        var seconds = double.Parse(args.ElementAtOrDefault(1) ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        var settings = args.Skip(2).ToArray();

        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        builder.AddAnswering();
        using var host = builder.Build();
        host.Services.WarmUp();
        var answerer = host.Services.GetRequiredService<Answerer>();

        // Where a turn's time goes, by the bot's own activities (turn, retrieval, composition).
        var phases = new System.Collections.Concurrent.ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Bot.Telemetry.BotTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => phases.AddOrUpdate(activity.OperationName, activity.Duration.TotalMicroseconds, (_, sum) => sum + activity.Duration.TotalMicroseconds),
        };
        ActivitySource.AddActivityListener(listener);
        var turns = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var conversation = $"loop-{turns}";
            if (kind is "followup" or "fresh-followup")
                await answerer.AnswerAsync(conversation, "Tell me about the Russo-Japanese War", CancellationToken.None);
            var question = kind switch
            {
                "followup" => "Who won?",
                // A follow-up new to the vector cache every time (its thread's question is cached after the first).
                "fresh-followup" => $"Who won, asking for {Letters(turns)}?",
                // A question new to the vector cache every time: the turn as a person's first question meets it.
                "fresh" => $"How much oil could the rigs near Japan supply per day in {1000 + turns}?",
                "embed" => null,
                _ => "How much oil could the rigs near Japan supply per day?",
            };
            if (question is null)
                await host.Services.GetRequiredService<Bot.Embeddings.QueryVectors>().EmbedAsync($"How much oil could the rigs near Japan supply per day in {1000 + turns}?", CancellationToken.None);
            else
                await answerer.AnswerAsync(conversation, question, CancellationToken.None);
            turns++;
        }
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"{turns} {kind} turns in {clock.Elapsed.TotalSeconds:F1} s: {clock.Elapsed.TotalMicroseconds / turns:F0} µs and {allocated / 1024.0 / turns:F0} KB allocated each; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
        foreach (var (phase, micros) in phases.OrderBy(p => p.Key, StringComparer.Ordinal))
            Console.WriteLine($"  {phase,-12} {micros / turns,8:F0} µs a turn");
        return 0;
    }

    /// <summary>A made-up word for a number ("ba", "bb", …): new text without a number the reader would weigh.</summary>
    static string Letters(int number)
    {
        var letters = new System.Text.StringBuilder();
        do
        {
            letters.Insert(0, (char)('a' + number % 26));
            number /= 26;
        }
        while (number > 0);
        return "b" + letters;
    }
}

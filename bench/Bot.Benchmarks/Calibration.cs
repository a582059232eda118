using System.Globalization;
using Bot.Channels;
using Bot.Cli;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Benchmarks;

/// <summary>
/// Calibrates the offline reader's threshold (<c>Answers:MinScore</c>): runs question files at each threshold
/// in a range and prints how many turns pass, so the threshold that best separates answerable from
/// unanswerable questions can be read off. Give it tuning sets only; a held-out set is for checking after.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- calibrate 0.80 1.10 0.02 tests/Bot.Tests/eval/natural-tune.json ...</c>
/// </summary>
public static class Calibration
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: calibrate FROM TO STEP FILE...");
            return 2;
        }
        var from = double.Parse(args[0], CultureInfo.InvariantCulture);
        var to = double.Parse(args[1], CultureInfo.InvariantCulture);
        var step = double.Parse(args[2], CultureInfo.InvariantCulture);
        var sets = args[3..].Select(f => (Name: Path.GetFileNameWithoutExtension(f), Set: EvalRunner.Load(f))).ToList();
        var indexFolder = Path.Combine(Path.GetTempPath(), "bot-calibrate-index");
        using var model = ScaleTest.NewModel();

        Console.WriteLine($"| threshold | {string.Join(" | ", sets.Select(s => $"{s.Name} ({s.Set.Conversations.Sum(c => c.Turns.Count)})"))} | all |");
        Console.WriteLine($"|---|{string.Concat(sets.Select(_ => "---|"))}---|");
        for (var threshold = from; threshold <= to + 1e-9; threshold += step)
        {
            using var host = BotServer.Pipeline(new Dictionary<string, string?>
            {
                ["Corpus:IndexPath"] = indexFolder,
                ["Answers:MinScore"] = threshold.ToString(CultureInfo.InvariantCulture),
            }, model);
            var runner = new EvalRunner(host.Services.GetRequiredService<ActivityHandler>());
            var passed = new List<int>();
            foreach (var (_, set) in sets)
                passed.Add((await runner.RunAsync(set, CancellationToken.None)).Passed);
            Console.WriteLine($"| {threshold:F3} | {string.Join(" | ", passed)} | {passed.Sum()} |");
        }
        return 0;
    }
}

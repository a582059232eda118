using BenchmarkDotNet.Running;
using Bot.Benchmarks;

// The bot's settings given to a benchmark ("--Embeddings:Threads=1") are checked as the bot checks them: a
// mistyped one would be ignored, and the run would measure the defaults under another name.
if (Bot.Extensions.SettingsOnTheCommandLine.Problems(args.Skip(1)) is [_, ..] problems)
{
    foreach (var problem in problems)
        Console.Error.WriteLine(problem);
    return 2;
}

return args.FirstOrDefault() switch
{
    "loop" => await ProfileLoop.RunAsync(args[1..]),
    "load" => await LoadTest.RunAsync(args[1..]),
    "serve" => await LoadTest.ServeAsync(args[1..]),
    "generate-corpus" => CorpusGenerator.Run(args[1..]),
    "scale" => await ScaleTest.RunAsync(args[1..]),
    "coldstart" => await ColdStart.RunAsync(args[1..]),
    "soak" => await SoakTest.RunAsync(args[1..]),
    "train" => await Training.RunAsync(args[1..]),
    "synonyms" => Synonyms.Run(args[1..]),
    "faithfulness" => await Faithfulness.RunAsync(args[1..]),
    "floor" => await FloorTest.RunAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(TurnBenchmarks).Assembly).Run(args);
    return 0;
}

using BenchmarkDotNet.Running;
using Bot.Benchmarks;

return args.FirstOrDefault() switch
{
    "loop" => await ProfileLoop.RunAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(TurnBenchmarks).Assembly).Run(args);
    return 0;
}

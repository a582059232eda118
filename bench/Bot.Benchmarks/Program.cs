using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Bot.Benchmarks.TurnBenchmarks).Assembly).Run(args);

using BenchmarkDotNet.Running;

// dotnet run -c Release --project CmqRecovery.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

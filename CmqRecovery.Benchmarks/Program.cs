using BenchmarkDotNet.Running;
using CmqRecovery.Benchmarks;

// dotnet run -c Release --project CmqRecovery.Benchmarks -- --filter '*'
// dotnet run -c Release --project CmqRecovery.Benchmarks -- import-phases registre.csv [sqlite|postgresql] (see ImportPhases)
if (args is ["import-phases", ..])
{
    return await ImportPhases.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

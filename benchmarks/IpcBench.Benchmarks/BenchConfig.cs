using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;

namespace IpcBench.Benchmarks;

/// <summary>
/// The run's configuration: BenchmarkDotNet's defaults (GitHub Markdown, CSV and HTML exporters among them), full
/// JSON, allocations measured, artifacts in results/bench/.
/// </summary>
public static class BenchConfig
{
    /// <summary>
    /// Target length of one iteration, set on every class: half BenchmarkDotNet's default, still over a hundred
    /// operations of the slowest case (a 4 MiB first touch), and what keeps the short job of the whole set under
    /// 10 minutes on 2 cores.
    /// </summary>
    public const int IterationTimeMs = 250;

    public static ManualConfig Create()
        => ManualConfig.Create(DefaultConfig.Instance)
            .AddExporter(JsonExporter.Full)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(DefaultArtifactsPath());

    /// <summary>results/bench/ of the repository holding this build (git-ignored run output); ./BenchmarkDotNet.Artifacts elsewhere.</summary>
    public static string DefaultArtifactsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpcBench.sln")))
                return Path.Combine(dir.FullName, "results", "bench");
        }
        return Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }
}

using IpcBench.Results;

namespace IpcBench.Reports.Comparison;

/// <summary>Which run a side of a comparison is: enough to tell two commits, kernels or machines apart.</summary>
public sealed record RunIdentity
{
    public required string Path { get; init; }
    public required string RunId { get; init; }
    public DateTimeOffset StartedUtc { get; init; }
    public string? Hostname { get; init; }
    public string? KernelRelease { get; init; }
    public string? GitCommit { get; init; }
    public string? CpuModel { get; init; }
    public string? Profile { get; init; }
    /// <summary>For a folder of pooled runs, their ids oldest first (the fields above are the newest run's); null for one file.</summary>
    public IReadOnlyList<string>? PooledRunIds { get; init; }

    public static RunIdentity Of(RunResult run, string path) => new()
    {
        Path = path,
        RunId = run.RunId,
        StartedUtc = run.StartedUtc,
        Hostname = run.Environment.Hostname,
        KernelRelease = run.Environment.KernelRelease,
        GitCommit = run.Environment.GitCommit,
        CpuModel = run.Environment.CpuModel,
        Profile = run.Settings.Profile,
    };

    /// <summary>The commit shortened to 10 hex digits, or null.</summary>
    public string? ShortCommit => GitCommit is { Length: > 10 } c ? c[..10] : GitCommit;
}

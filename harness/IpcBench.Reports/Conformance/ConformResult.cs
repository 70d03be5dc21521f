namespace IpcBench.Reports.Conformance;

/// <summary>
/// What compare needs of an <c>ipcbench conform</c> result (results/schema/conform-v1.md): the
/// host it ran on, its targets (ABIs and in-process runs) and every case's verdict per target.
/// </summary>
public sealed record ConformResult
{
    public required string Path { get; init; }
    public required int Version { get; init; }
    public string? Tool { get; init; }
    public DateTimeOffset? GeneratedUtc { get; init; }
    public required string KernelRelease { get; init; }
    public string? Machine { get; init; }
    public string? LibcName { get; init; }
    public string? LibcVersion { get; init; }
    public string? Distribution { get; init; }
    public IReadOnlyList<ConformTarget> Targets { get; init; } = [];
    public IReadOnlyList<ConformCase> Cases { get; init; } = [];

    public ConformTarget? Target(string name) => Targets.FirstOrDefault(t => t.Name == name);
}

/// <summary>A column of the matrix: a probe ABI (x86_64, i686, i686-lfs) or an in-process run.</summary>
public sealed record ConformTarget(string Name, bool Available, string? Reason);

/// <summary>One case and its verdict on each target that has a cell for it.</summary>
public sealed record ConformCase(string Id, string? Interface, IReadOnlyList<ConformVerdict> Results);

/// <summary>The verdict of one case on one target: pass, linux-specific, unsupported or fail.</summary>
public sealed record ConformVerdict(string Target, string Verdict, string? Reason);

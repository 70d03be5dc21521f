using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IpcBench.Conformance.Report;

/// <summary>
/// The `conform` report, schema version 1 (results/schema/conform-v1.md). One per run; keyed by
/// kernel release and C library version, so two kernels' reports compare line by line.
/// </summary>
public sealed record ConformReport
{
    public const string SchemaName = "conform";
    public const int SchemaVersion = 1;

    public string Schema { get; init; } = SchemaName;
    public int Version { get; init; } = SchemaVersion;
    public required string Tool { get; init; }
    public required DateTimeOffset GeneratedUtc { get; init; }
    public required double DurationSeconds { get; init; }
    public required HostSection Host { get; init; }
    /// <summary>The report's columns, in order: the probe ABIs, then the in-process managed runs.</summary>
    public required IReadOnlyList<TargetSection> Targets { get; init; }
    public required SummarySection Summary { get; init; }
    public required IReadOnlyList<CaseSection> Cases { get; init; }
}

public sealed record HostSection
{
    public required string KernelRelease { get; init; }
    public string? KernelVersion { get; init; }
    public required string Machine { get; init; }
    public required LibcSection Libc { get; init; }
    public string? Distribution { get; init; }
    public required uint Uid { get; init; }
    public required bool Root { get; init; }
}

public sealed record LibcSection
{
    public required string Name { get; init; }
    public required string Version { get; init; }
}

public sealed record TargetSection
{
    public required string Name { get; init; }
    /// <summary>"probe" (an ipcprobe ABI) or "managed" (in process).</summary>
    public required string Kind { get; init; }
    public required bool Available { get; init; }
    /// <summary>Why the target cannot run, when it is not available.</summary>
    public string? Reason { get; init; }
    /// <summary>The probe binary (probe targets).</summary>
    public string? Probe { get; init; }
}

public sealed record SummarySection
{
    public required int Cases { get; init; }
    public required int Cells { get; init; }
    public required int Pass { get; init; }
    public required int LinuxSpecific { get; init; }
    public required int Unsupported { get; init; }
    public required int Fail { get; init; }
    /// <summary>Verdict counts per target, in column order.</summary>
    public required IReadOnlyList<TargetSummary> PerTarget { get; init; }
}

public sealed record TargetSummary
{
    public required string Target { get; init; }
    public required int Pass { get; init; }
    public required int LinuxSpecific { get; init; }
    public required int Unsupported { get; init; }
    public required int Fail { get; init; }
}

public sealed record CaseSection
{
    public required string Id { get; init; }
    /// <summary>mmap, munmap, msync, pipe, fifo, mqueue, shm, cross-abi.</summary>
    public required string Interface { get; init; }
    public required string Reference { get; init; }
    /// <summary>The POSIX text Linux departs from (Linux-specific cases), or null.</summary>
    public string? DepartsFrom { get; init; }
    /// <summary>The expectation, as the C# catalogue states it.</summary>
    public required string Expected { get; init; }
    /// <summary>One result per target that has a cell for this case, in column order.</summary>
    public required IReadOnlyList<CellSection> Results { get; init; }
}

public sealed record CellSection
{
    public required string Target { get; init; }
    /// <summary>pass, linux-specific, unsupported, fail.</summary>
    public required string Verdict { get; init; }
    public string? Reason { get; init; }
    public JsonObject? Observation { get; init; }
    public double DurationMs { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ConformReport))]
public sealed partial class ConformJsonContext : JsonSerializerContext;

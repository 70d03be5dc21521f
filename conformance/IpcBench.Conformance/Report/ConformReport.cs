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
    /// <summary>
    /// Cells whose verdict differs from another kernel's run of the same cases (a guest run against
    /// the host it was started from), each with its explanation; null when nothing was compared.
    /// </summary>
    public IReadOnlyList<DifferenceSection>? Differences { get; init; }
    /// <summary>The kernel release <see cref="Differences"/> compares with (null when nothing was compared).</summary>
    public string? ComparedWith { get; init; }
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
    /// <summary>For `conform --rootfs`: the distribution tree whose C library the probes ran on; null otherwise.</summary>
    public string? Rootfs { get; init; }
    /// <summary>For a run inside a QEMU guest (`conform --kernel`): how it was booted; null for a run on the host.</summary>
    public GuestSection? Guest { get; init; }
}

/// <summary>How a guest kernel was run: the other host fields describe the guest.</summary>
public sealed record GuestSection
{
    /// <summary>What the user named: a kernel image, a .deb or a package name.</summary>
    public required string Source { get; init; }
    /// <summary>The Debian package the kernel came from, if any.</summary>
    public string? Package { get; init; }
    /// <summary>qemu-system-x86_64 or qemu-system-i386.</summary>
    public required string Emulator { get; init; }
    /// <summary>kvm or tcg.</summary>
    public required string Accelerator { get; init; }
    /// <summary>Why KVM was not used, when it was not.</summary>
    public string? AcceleratorNote { get; init; }
    public required int Cpus { get; init; }
    public required int MemoryMiB { get; init; }
    /// <summary>Seconds from QEMU's start to the guest init's first line.</summary>
    public double? BootSeconds { get; init; }
    /// <summary>The kernel the harness (and QEMU) ran on.</summary>
    public required string HarnessKernelRelease { get; init; }
}

/// <summary>One cell whose verdict differs between this report and the one compared with.</summary>
public sealed record DifferenceSection
{
    public required string Case { get; init; }
    public required string Target { get; init; }
    public required string Verdict { get; init; }
    /// <summary>The kernel release of the other run.</summary>
    public required string OtherKernel { get; init; }
    public required string OtherVerdict { get; init; }
    /// <summary>Why they differ: the Linux change between the two kernels, or what the test got wrong.</summary>
    public required string Explanation { get; init; }
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

using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Model;

/// <summary>
/// Runs a case in this (x86-64, managed) process and returns what it observed, with the same
/// field names as the probe. It may throw: the engine turns an exception into a failed case.
/// </summary>
public delegate Observation ManagedCheck();

/// <summary>
/// Runs a cross-ABI exchange: the managed side in this process, the other side an ipcprobe of
/// <paramref name="abi"/>, and returns what the managed side concluded (the probe's own
/// observation is part of it).
/// </summary>
public delegate Task<Observation> CrossAbiExchange(Abi abi, TimeSpan timeout, CancellationToken cancel);

/// <summary>
/// One conformance case: the id ipcprobe knows it by, the text it checks (one line, POSIX or the
/// Linux man page), the observation it expects, and what it needs to run. Cases are data; they
/// are listed in Cases/&lt;Interface&gt;Cases.cs and judged by <see cref="Engine.Judge"/>.
/// </summary>
public sealed record ConformanceCase
{
    /// <summary>The probe's case id (native/ipcprobe/CASES.md), e.g. <c>mmap-len-zero</c>.</summary>
    public required string Id { get; init; }
    public required CaseInterface Interface { get; init; }
    /// <summary>
    /// The requirement checked, as one line quoting one complete sentence with its page and section:
    /// <c>POSIX mmap(), ERRORS: "[EINVAL] The value of len is zero."</c> (see <see cref="Model.Requirement"/>).
    /// </summary>
    public required string Reference { get; init; }

    /// <summary>The parsed <see cref="Reference"/> (throws when it is not of the required form; a catalogue test checks every case).</summary>
    public Requirement Requirement => Requirement.Parse(Reference);
    /// <summary>What the observation must show.</summary>
    public required Expectation Expected { get; init; }

    /// <summary>
    /// When set, Linux deliberately departs from POSIX here: <see cref="Expected"/> is the Linux
    /// behaviour, the verdict is <see cref="Verdict.LinuxSpecific"/>, and this names the POSIX text departed from.
    /// </summary>
    public string? DepartsFrom { get; init; }
    /// <summary>When set, the departure applies only to observations it accepts (e.g. 32-bit ABIs); the others pass plainly.</summary>
    public Func<Observation, bool>? DepartsOn { get; init; }

    /// <summary>Oldest kernel with the feature, e.g. 4.17 for MAP_FIXED_NOREPLACE; older kernels: unsupported.</summary>
    public Version? MinKernel { get; init; }
    /// <summary>Needs root for itself (not a permission case: the probe drops privileges for those); otherwise unsupported.</summary>
    public string? NeedsRoot { get; init; }
    /// <summary>Why an ABI cannot run this case, or null when it can (e.g. only 32-bit off_t ABIs).</summary>
    public Func<Abi, string?>? NotOn { get; init; }
    /// <summary>An observation meaning the feature is missing from this kernel (e.g. ENOSYS), and why.</summary>
    public (Expectation When, string Why)? UnsupportedWhen { get; init; }
    /// <summary>The case is a death test (it expects a signal): no in-process managed run.</summary>
    public bool Signal { get; init; }
    /// <summary>How long the probe may take before it is killed as hung.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The same scenario through the project's own bindings (IpcBench.Interop), in process.</summary>
    public ManagedCheck? Managed { get; init; }
    /// <summary>The same scenario through Mono.Posix.NETStandard, where it covers the calls.</summary>
    public ManagedCheck? MonoPosix { get; init; }
    /// <summary>The managed check cannot run as root (it would need to drop privileges, which a .NET process cannot do per thread).</summary>
    public bool ManagedNeedsUnprivileged { get; init; }

    /// <summary>Cross-ABI cases: the exchange with a probe of each ABI.</summary>
    public CrossAbiExchange? Exchange { get; init; }

    /// <summary>The text written in reports: the reference, and the POSIX text departed from when Linux-specific.</summary>
    public string ReferenceLine => DepartsFrom is null ? Reference : $"{Reference} (departs from {DepartsFrom})";

    public override string ToString() => Id;
}

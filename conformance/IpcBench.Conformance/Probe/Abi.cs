namespace IpcBench.Conformance.Probe;

/// <summary>
/// One ABI ipcprobe is built for: <c>x86_64</c>; <c>i686</c> (32-bit <c>off_t</c> and <c>time_t</c>);
/// <c>i686-lfs</c> (<c>-D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64</c>). An ABI that is not built, or that the
/// kernel cannot run, is kept with the reason, so every case reports it as unsupported instead of
/// silently dropping a column.
/// </summary>
public sealed record Abi
{
    public const string X86_64 = "x86_64";
    public const string I686 = "i686";
    public const string I686Lfs = "i686-lfs";

    /// <summary>Every ABI native/Makefile knows, in its order (the order of report columns).</summary>
    public static readonly IReadOnlyList<string> Known = [X86_64, I686, I686Lfs];

    public required string Name { get; init; }
    /// <summary>Full path of its ipcprobe (may not exist when unavailable).</summary>
    public required string ProbePath { get; init; }
    /// <summary>Why this ABI cannot run here, or null when it can.</summary>
    public string? UnavailableReason { get; init; }
    /// <summary>The case ids its <c>ipcprobe --list</c> printed (empty when unavailable).</summary>
    public IReadOnlySet<string> ProbeCases { get; init; } = new HashSet<string>();

    /// <summary>True when the ABI was built but the kernel refuses to execute it (no IA-32 emulation):
    /// a property of the system under test, so CI reports it as unsupported instead of failing.</summary>
    public bool KernelRefuses { get; init; }

    public bool Available => UnavailableReason is null;
    /// <summary>A 32-bit process (i686, i686-lfs).</summary>
    public bool Is32Bit => Name != X86_64;
    /// <summary><c>off_t</c> is 32 bits (plain i686): offsets past 2 GiB need mmap64.</summary>
    public bool HasSmallOffT => Name == I686;

    public override string ToString() => Name;
}

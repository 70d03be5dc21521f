namespace IpcBench.Env;

/// <summary>
/// The machine and software a run measured. Every field that comes from a file or call that may
/// be missing (a /proc file in a container, glibc on musl, git) is null when unavailable: capture
/// never fails.
/// </summary>
public sealed record EnvironmentInfo
{
    /// <summary>Captures the running machine (see <see cref="EnvironmentCapture.Capture"/>); never throws.</summary>
    public static EnvironmentInfo Capture(string? profile = null, string? placement = null) =>
        EnvironmentCapture.Capture(profile, placement);

    /// <summary>When the environment was captured (UTC).</summary>
    public DateTimeOffset CapturedUtc { get; init; }

    // ---- tool ----
    public string? ToolVersion { get; init; }
    /// <summary>Full git commit the tool was built from or run in; null if unknown.</summary>
    public string? GitCommit { get; init; }
    /// <summary>The work tree had uncommitted changes; null if unknown.</summary>
    public bool? GitDirty { get; init; }

    // ---- run ----
    /// <summary>Profile of the run (same as settings.profile); null if not given to the capture.</summary>
    public string? Profile { get; init; }
    /// <summary>Placements of the run, comma-separated ("cross,same"); null if not given to the capture.</summary>
    public string? Placement { get; init; }

    // ---- host and OS ----
    public string? Hostname { get; init; }
    /// <summary><c>uname -r</c>.</summary>
    public string? KernelRelease { get; init; }
    /// <summary><c>uname -v</c>.</summary>
    public string? KernelVersion { get; init; }
    /// <summary><c>uname -m</c>.</summary>
    public string? Machine { get; init; }
    /// <summary>PRETTY_NAME of /etc/os-release (or /usr/lib/os-release).</summary>
    public string? Distribution { get; init; }
    /// <summary>gnu_get_libc_version(); null when the C library is not glibc.</summary>
    public string? GlibcVersion { get; init; }
    /// <summary>System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, e.g. ".NET 10.0.0".</summary>
    public string? DotnetVersion { get; init; }
    /// <summary>Runtime identifier, e.g. "linux-x64".</summary>
    public string? RuntimeIdentifier { get; init; }

    // ---- CPU and memory ----
    /// <summary>"model name" of /proc/cpuinfo (first processor).</summary>
    public string? CpuModel { get; init; }
    /// <summary>Processors online (sysconf(_SC_NPROCESSORS_ONLN) via /proc/cpuinfo or /sys).</summary>
    public int? CpuCount { get; init; }
    /// <summary>Processors this process may run on (affinity mask), System.Environment.ProcessorCount.</summary>
    public int CpusAvailable { get; init; }
    /// <summary>cpufreq scaling governor of cpu0; null without cpufreq (VMs).</summary>
    public string? CpuGovernor { get; init; }
    /// <summary>Current clock source (tsc, kvm-clock, ...): what CLOCK_MONOTONIC reads.</summary>
    public string? Clocksource { get; init; }
    /// <summary>Bytes.</summary>
    public int PageSize { get; init; }

    // ---- user ----
    /// <summary>Effective user id.</summary>
    public uint? UserId { get; init; }
    public bool? IsRoot { get; init; }

    // ---- IPC limits ----
    public PipeLimits Pipe { get; init; } = new();
    public MqueueLimits Mqueue { get; init; } = new();
}

/// <summary>Pipe limits (bytes).</summary>
public sealed record PipeLimits
{
    /// <summary>Default capacity of a new pipe: 65536 (16 pages) on Linux, not read from the kernel.</summary>
    public int DefaultCapacity { get; init; } = 65536;
    /// <summary>/proc/sys/fs/pipe-max-size: largest F_SETPIPE_SZ an unprivileged user may ask for.</summary>
    public long? MaxSize { get; init; }
    /// <summary>/proc/sys/fs/pipe-user-pages-soft (pages).</summary>
    public long? UserPagesSoft { get; init; }
}

/// <summary>POSIX message-queue limits.</summary>
public sealed record MqueueLimits
{
    /// <summary>/proc/sys/fs/mqueue/msg_max: most messages per queue (unprivileged).</summary>
    public long? MsgMax { get; init; }
    /// <summary>/proc/sys/fs/mqueue/msgsize_max: largest message (bytes, unprivileged).</summary>
    public long? MsgsizeMax { get; init; }
    /// <summary>/proc/sys/fs/mqueue/queues_max: most queues system-wide.</summary>
    public long? QueuesMax { get; init; }
    /// <summary>RLIMIT_MSGQUEUE soft limit in bytes; -1 = unlimited (RLIM_INFINITY); null = unknown.</summary>
    public long? RlimitSoft { get; init; }
    /// <summary>RLIMIT_MSGQUEUE hard limit in bytes; -1 = unlimited; null = unknown.</summary>
    public long? RlimitHard { get; init; }
}

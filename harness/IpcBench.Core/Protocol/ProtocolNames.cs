using IpcBench.Transports;

namespace IpcBench.Protocol;

/// <summary>
/// One name table per concept of the peer protocol (docs/protocol.md): the spelling of every enum value on the peer
/// command line, in results and in the generated C header (native/common/peer_protocol.h). Nothing else spells them.
/// </summary>
public sealed class NameTable<T> where T : struct, Enum
{
    private readonly (T Value, string Name)[] _entries;

    public NameTable(string what, params (T Value, string Name)[] entries)
    {
        What = what;
        _entries = entries;
    }

    /// <summary>What the values are, for messages ("workload").</summary>
    public string What { get; }

    public IReadOnlyList<T> Values => _entries.Select(e => e.Value).ToList();

    public IReadOnlyList<string> Names => _entries.Select(e => e.Name).ToList();

    public string Name(T value)
    {
        foreach (var (v, n) in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
                return n;
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no {What} name");
    }

    public bool TryParse(string name, out T value)
    {
        foreach (var (v, n) in _entries)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>"a, b or c".</summary>
    public string Expected => Names.Count == 1 ? Names[0] : string.Join(", ", Names.Take(Names.Count - 1)) + " or " + Names[^1];
}

/// <summary>The names of the protocol's concepts; constants where an attribute needs one.</summary>
public static class ProtocolNames
{
    public const string Latency = "latency";
    public const string Throughput = "throughput";
    public const string Memcpy = "memcpy";
    public const string Own = "own";
    /// <summary>The kernel-copy floor: one process writes N bytes into a pipe and reads them back (native peer only).</summary>
    public const string KernelCopy = "kcopy";
    public const string Handoff = "handoff";

    public static readonly NameTable<PeerRole> Roles = new("role", (PeerRole.Server, "server"), (PeerRole.Client, "client"));

    public static readonly NameTable<PeerWorkload> Workloads = new("workload",
        (PeerWorkload.Latency, Latency), (PeerWorkload.Throughput, Throughput), (PeerWorkload.Memcpy, Memcpy), (PeerWorkload.Own, Own), (PeerWorkload.Handoff, Handoff), (PeerWorkload.KernelCopy, KernelCopy));

    /// <summary>--wait values (<see cref="WaitStrategy.None"/> is "none": a transport without a ring).</summary>
    public static readonly NameTable<WaitStrategy> Waits = new("wait strategy",
        (WaitStrategy.Spin, "spin"), (WaitStrategy.Futex, "futex"));

    /// <summary>The wait of a transport without a ring, in results.</summary>
    public const string NoWait = "none";

    public static readonly NameTable<TransportKind> Transports = new("transport",
        (TransportKind.Pipe, "pipe"), (TransportKind.Fifo, "fifo"), (TransportKind.Mq, "mq"),
        (TransportKind.Shm, "shm"), (TransportKind.MmapFile, "mmap-file"), (TransportKind.Uds, "uds"),
        (TransportKind.Cacheline, "cacheline"));

    /// <summary><c>--transport none</c>: the floors.</summary>
    public const string NoTransport = "none";

    /// <summary>The native peer's ABIs (native/Makefile builds each); the managed peer is x86_64.</summary>
    public const string AbiX86_64 = "x86_64";
    public const string AbiI686 = "i686";
    public const string AbiI686Lfs = "i686-lfs";
    public static readonly IReadOnlyList<string> Abis = [AbiX86_64, AbiI686, AbiI686Lfs];

    public const string ImplManaged = "managed";
    public const string ImplNative = "native";
}

/// <summary>
/// Limits both peers enforce on their command line (the C peer reads them from the generated header). Sizes, counts
/// and slots outside them are a usage error (exit 2) in either peer alike.
/// </summary>
public static class ProtocolLimits
{
    /// <summary>Smallest message: the header alone.</summary>
    public const int MinSize = 16;
    /// <summary>Largest message, header included (1 GiB): slot sizes and buffers stay well inside 32-bit ranges.</summary>
    public const int MaxSize = 1 << 30;
    /// <summary>Largest --count (timed messages; the latency client holds one sample of each).</summary>
    public const long MaxCount = int.MaxValue;
    /// <summary>Largest --warmup.</summary>
    public const long MaxWarmup = int.MaxValue;
    /// <summary>Smallest and largest --slots (a power of two).</summary>
    public const int MinSlots = 2;
    public const int MaxSlots = 1 << 20;
    /// <summary>Largest --reps.</summary>
    public const int MaxReps = 1000;
    /// <summary>Largest number of --fds.</summary>
    public const int MaxFds = 64;
    public const int DefaultTimeoutMs = 30000;
    /// <summary>Largest --timeout-ms.</summary>
    public const int MaxTimeoutMs = int.MaxValue;
    /// <summary>Longest interval between two PROGRESS lines of a running peer (shorter when --timeout-ms / 4 is).</summary>
    public const int MaxProgressIntervalMs = 1000;

    /// <summary>The PROGRESS interval for a peer with this --timeout-ms: often enough that silence means a stall.</summary>
    public static int ProgressIntervalMs(int timeoutMs) => Math.Max(1, Math.Min(MaxProgressIntervalMs, timeoutMs / 4));
}

using IpcBench.Util;

namespace IpcBench.Transports;

/// <summary>The transports of docs/protocol.md. CLI names: pipe fifo mq shm mmap-file uds cacheline.</summary>
public enum TransportKind { Pipe, Fifo, Mq, Shm, MmapFile, Uds, Cacheline }

/// <summary>How a ring peer waits (shm, mmap-file); <see cref="None"/> for transports without a ring.</summary>
public enum WaitStrategy { None, Spin, Futex }

/// <summary>Names of <see cref="TransportKind"/> and <see cref="WaitStrategy"/> as the CLI and the peers spell them.</summary>
public static class TransportKinds
{
    /// <summary>Every transport, in CLI order.</summary>
    public static readonly IReadOnlyList<TransportKind> All = Protocol.ProtocolNames.Transports.Values;

    /// <summary>The CLI / peer name: "pipe", "fifo", "mq", "shm", "mmap-file", "uds", "cacheline" (<see cref="Protocol.ProtocolNames.Transports"/>).</summary>
    public static string ToName(this TransportKind kind) => Protocol.ProtocolNames.Transports.Name(kind);

    /// <summary>Parses a CLI name; unknown => <see cref="UsageException"/> listing the valid ones.</summary>
    public static TransportKind Parse(string name)
        => TryParse(name, out var k) ? k
            : throw new UsageException($"unknown transport '{name}': expected one of {string.Join(", ", All.Select(ToName))}");

    public static bool TryParse(string name, out TransportKind kind)
        => Protocol.ProtocolNames.Transports.TryParse(name, out kind);

    /// <summary>shm and mmap-file: the two transports with rings and a wait strategy.</summary>
    public static bool HasRing(this TransportKind kind) => kind is TransportKind.Shm or TransportKind.MmapFile;

    /// <summary>pipe, fifo, uds: byte streams (partial reads and writes looped).</summary>
    public static bool IsStream(this TransportKind kind) => kind is TransportKind.Pipe or TransportKind.Fifo or TransportKind.Uds;

    /// <summary>The wait name: "spin", "futex"; "none" for <see cref="WaitStrategy.None"/>.</summary>
    public static string ToName(this WaitStrategy wait)
        => wait == WaitStrategy.None ? Protocol.ProtocolNames.NoWait : Protocol.ProtocolNames.Waits.Name(wait);

    /// <summary>Parses "spin" or "futex" (also "none"); unknown => <see cref="UsageException"/>.</summary>
    public static WaitStrategy ParseWait(string name)
        => name == Protocol.ProtocolNames.NoWait ? WaitStrategy.None
            : Protocol.ProtocolNames.Waits.TryParse(name, out var w) ? w
            : throw new UsageException($"unknown wait strategy '{name}': expected {Protocol.ProtocolNames.Waits.Expected}");
}

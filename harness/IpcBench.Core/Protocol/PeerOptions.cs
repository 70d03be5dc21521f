using System.Globalization;
using IpcBench.Interop;
using IpcBench.Transports;
using IpcBench.Util;

namespace IpcBench.Protocol;

/// <summary>Peer role: the server receives (throughput) or answers (latency); the client sends or asks and times.</summary>
public enum PeerRole { Server, Client }

/// <summary>What a peer runs: the two transport workloads and the two floors (with <c>--transport none</c>).</summary>
public enum PeerWorkload { Latency, Throughput, Memcpy, Own, Handoff, KernelCopy }

/// <summary>The peer command-line option names (docs/protocol.md, "Peer command line"); both peers take the same.</summary>
public static class PeerOptionNames
{
    public const string Role = "--role";
    public const string Transport = "--transport";
    public const string Workload = "--workload";
    public const string Size = "--size";
    public const string Count = "--count";
    public const string Warmup = "--warmup";
    public const string Wait = "--wait";
    public const string Yield = "--yield";
    public const string Cpu = "--cpu";
    public const string TimeoutMs = "--timeout-ms";
    public const string Fds = "--fds";
    public const string Path = "--path";
    public const string Name = "--name";
    public const string Slots = "--slots";
    public const string Samples = "--samples";
    public const string Reps = "--reps";

    /// <summary>Every option that takes a value (the native peer's table comes from the generated header).</summary>
    public static readonly IReadOnlyList<string> WithValue =
        [Role, Transport, Workload, Size, Count, Warmup, Wait, Cpu, TimeoutMs, Fds, Path, Name, Slots, Samples, Reps];
}

/// <summary>
/// A parsed peer command line. <see cref="Parse"/> is strict (unknown option, missing value, bad number: a
/// <see cref="UsageException"/> whose message is the one line after "ERROR "); <see cref="ToArguments"/> is its inverse.
/// </summary>
public sealed record PeerOptions
{
    public const int DefaultTimeoutMs = ProtocolLimits.DefaultTimeoutMs;

    public PeerRole Role { get; init; }
    /// <summary>The transport; null is <c>--transport none</c> (floors).</summary>
    public TransportKind? Transport { get; init; }
    public PeerWorkload Workload { get; init; }
    public int Size { get; init; }
    public long Count { get; init; }
    public long Warmup { get; init; }
    /// <summary>shm, mmap-file: how to wait on the ring (default spin). cacheline always spins.</summary>
    public WaitStrategy Wait { get; init; } = WaitStrategy.Spin;
    public bool Yield { get; init; }
    /// <summary>CPU to pin to; -1: not pinned.</summary>
    public int Cpu { get; init; } = -1;
    public int TimeoutMs { get; init; } = DefaultTimeoutMs;
    /// <summary>pipe: read fd, write fd, then inherited fds to close.</summary>
    public IReadOnlyList<int>? Fds { get; init; }
    public string? Path { get; init; }
    public string? Name { get; init; }
    public int Slots { get; init; }
    public string? Samples { get; init; }
    /// <summary>Throughput server: also time the timed phase in this many consecutive blocks (rep_ns); 1..<see cref="ProtocolLimits.MaxReps"/>, at most count.</summary>
    public int Reps { get; init; } = 1;

    /// <summary>Parses the peer arguments (after <c>__peer</c>) and checks what each transport and workload needs.</summary>
    public static PeerOptions Parse(IReadOnlyList<string> args)
    {
        var o = new PeerOptions();
        bool role = false, transport = false, workload = false, size = false, count = false, warmup = false, wait = false;
        for (int i = 0; i < args.Count; i++)
        {
            // Options take the `--opt value` form; as the native peer, a repeated option's last value wins.
            string a = args[i];
            if (a == PeerOptionNames.Yield)
            {
                o = o with { Yield = true };
                continue;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{a}'");
            string Value()
            {
                if (i + 1 >= args.Count)
                    throw new UsageException($"{a} needs a value");
                return args[++i];
            }
            switch (a)
            {
                case PeerOptionNames.Role:
                    o = o with { Role = Named(a, Value(), ProtocolNames.Roles) };
                    role = true;
                    break;
                case PeerOptionNames.Transport:
                    string t = Value();
                    o = o with { Transport = t == ProtocolNames.NoTransport ? null : TransportKinds.Parse(t) };
                    transport = true;
                    break;
                case PeerOptionNames.Workload:
                    o = o with { Workload = Named(a, Value(), ProtocolNames.Workloads) };
                    workload = true;
                    break;
                case PeerOptionNames.Size:
                    o = o with { Size = (int)Integer(a, Value(), ProtocolLimits.MinSize, ProtocolLimits.MaxSize) };
                    size = true;
                    break;
                case PeerOptionNames.Count:
                    o = o with { Count = Integer(a, Value(), 1, ProtocolLimits.MaxCount) };
                    count = true;
                    break;
                case PeerOptionNames.Warmup:
                    o = o with { Warmup = Integer(a, Value(), 0, ProtocolLimits.MaxWarmup) };
                    warmup = true;
                    break;
                case PeerOptionNames.Wait:
                    o = o with { Wait = Named(a, Value(), ProtocolNames.Waits) };
                    wait = true;
                    break;
                case PeerOptionNames.Cpu:
                    o = o with { Cpu = (int)Integer(a, Value(), -1, Posix.CpuSet.MaxCpus - 1) };
                    break;
                case PeerOptionNames.TimeoutMs:
                    o = o with { TimeoutMs = (int)Integer(a, Value(), 1, ProtocolLimits.MaxTimeoutMs) };
                    break;
                case PeerOptionNames.Fds:
                    string fv = Value();
                    var fds = fv.Split(',').Select(s => (int)Integer(a, s, 0, int.MaxValue)).ToArray();
                    if (fds.Length < 2 || fds.Length > ProtocolLimits.MaxFds)
                        throw new UsageException($"{a}: expected R,W[,X...] (at most {ProtocolLimits.MaxFds} fds), got '{fv}'");
                    o = o with { Fds = fds };
                    break;
                case PeerOptionNames.Path:
                    o = o with { Path = NonEmpty(a, Value()) };
                    break;
                case PeerOptionNames.Name:
                    o = o with { Name = NonEmpty(a, Value()) };
                    break;
                case PeerOptionNames.Slots:
                    long s = Integer(a, Value(), ProtocolLimits.MinSlots, ProtocolLimits.MaxSlots);
                    if (!RingLayout.IsValidSlots(s))
                        throw new UsageException($"{a}: {s} is not a power of two");
                    o = o with { Slots = (int)s };
                    break;
                case PeerOptionNames.Samples:
                    o = o with { Samples = NonEmpty(a, Value()) };
                    break;
                case PeerOptionNames.Reps:
                    o = o with { Reps = (int)Integer(a, Value(), 1, ProtocolLimits.MaxReps) };
                    break;
                default:
                    throw new UsageException($"unknown option '{args[i]}'");
            }
        }
        if (!transport) throw Missing(PeerOptionNames.Transport);
        if (!workload) throw Missing(PeerOptionNames.Workload);
        if (!count) throw Missing(PeerOptionNames.Count);
        if (!role && o.Transport is not null) throw Missing(PeerOptionNames.Role);
        if (!size && o.Transport != TransportKind.Cacheline) throw Missing(PeerOptionNames.Size);
        if (!size)
            o = o with { Size = 64 };
        if (o.Workload == PeerWorkload.Throughput && !warmup)
            throw new UsageException("--warmup: throughput needs at least 1 warm-up message");
        if (o.Transport is TransportKind.Shm or TransportKind.MmapFile && !wait)
            throw Missing(PeerOptionNames.Wait, o.Transport.Value.ToName());
        if (o.Workload == PeerWorkload.Latency && o.Role == PeerRole.Client && o.Samples is null)
            throw new UsageException("missing --samples (the latency client writes its round trips there)");
        o.Validate();
        return o;
    }

    /// <summary>Checks the combination: what the transport needs, floors only with --transport none.</summary>
    public void Validate()
    {
        bool floor = Workload is PeerWorkload.Memcpy or PeerWorkload.Own or PeerWorkload.KernelCopy;
        if (floor != (Transport is null))
            throw new UsageException(floor
                ? $"--workload {ProtocolNames.Workloads.Name(Workload)} needs --transport none"
                : $"--transport none needs --workload memcpy, own or kcopy");
        if (Workload == PeerWorkload.Throughput && Warmup < 1)
            throw new UsageException("--warmup: throughput needs at least 1 warm-up message");
        if (Transport == TransportKind.Cacheline && Workload is not (PeerWorkload.Latency or PeerWorkload.Handoff))
            throw new UsageException("--transport cacheline needs --workload latency or handoff");
        if (Workload == PeerWorkload.Handoff && Transport != TransportKind.Cacheline)
            throw new UsageException("--workload handoff needs --transport cacheline");
        if (Size < ProtocolLimits.MinSize || Size > ProtocolLimits.MaxSize)
            throw new UsageException($"--size must be from {ProtocolLimits.MinSize} to {ProtocolLimits.MaxSize}");
        if (Reps > Count)
            throw new UsageException($"--reps {Reps}: more repetitions than the {Count} timed messages");
        switch (Transport)
        {
            case TransportKind.Pipe when Fds is null:
                throw Missing(PeerOptionNames.Fds, "pipe");
            case TransportKind.Fifo or TransportKind.MmapFile or TransportKind.Uds when Path is null:
                throw Missing(PeerOptionNames.Path, TransportKinds.ToName(Transport.Value));
            case TransportKind.Mq or TransportKind.Shm or TransportKind.Cacheline when Name is null:
                throw Missing(PeerOptionNames.Name, TransportKinds.ToName(Transport.Value));
            case TransportKind.Shm or TransportKind.MmapFile when Slots == 0:
                throw Missing(PeerOptionNames.Slots, TransportKinds.ToName(Transport.Value));
            case TransportKind.Uds when System.Text.Encoding.UTF8.GetByteCount(Path!) >= Posix.SockAddrUn.PathCapacity:
                throw new UsageException($"--path: {System.Text.Encoding.UTF8.GetByteCount(Path!)} bytes, longer than a Unix socket path can be ({Posix.SockAddrUn.PathCapacity - 1})");
        }
    }

    /// <summary>The command line for these options (the inverse of <see cref="Parse"/>).</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var ci = CultureInfo.InvariantCulture;
        var a = new List<string>
        {
            PeerOptionNames.Role, ProtocolNames.Roles.Name(Role),
            PeerOptionNames.Transport, Transport is { } t ? TransportKinds.ToName(t) : ProtocolNames.NoTransport,
            PeerOptionNames.Workload, ProtocolNames.Workloads.Name(Workload),
            PeerOptionNames.Size, Size.ToString(ci),
            PeerOptionNames.Count, Count.ToString(ci),
            PeerOptionNames.Warmup, Warmup.ToString(ci),
        };
        if (Transport is TransportKind.Shm or TransportKind.MmapFile && Wait != WaitStrategy.None)
            a.AddRange([PeerOptionNames.Wait, ProtocolNames.Waits.Name(Wait)]);
        if (Yield) a.Add(PeerOptionNames.Yield);
        if (Cpu >= 0) a.AddRange([PeerOptionNames.Cpu, Cpu.ToString(ci)]);
        a.AddRange([PeerOptionNames.TimeoutMs, TimeoutMs.ToString(ci)]);
        if (Fds is not null) a.AddRange([PeerOptionNames.Fds, string.Join(',', Fds.Select(f => f.ToString(ci)))]);
        if (Path is not null) a.AddRange([PeerOptionNames.Path, Path]);
        if (Name is not null) a.AddRange([PeerOptionNames.Name, Name]);
        if (Slots > 0) a.AddRange([PeerOptionNames.Slots, Slots.ToString(ci)]);
        if (Samples is not null) a.AddRange([PeerOptionNames.Samples, Samples]);
        if (Reps != 1) a.AddRange([PeerOptionNames.Reps, Reps.ToString(ci)]);
        return a;
    }

    /// <summary>
    /// These options with the transport-specific arguments a transport setup hands out (--fds, --path, --name,
    /// --slots) applied, checked as a peer would check them: what every caller passes to <see cref="ToArguments"/>.
    /// </summary>
    public PeerOptions With(IEnumerable<string> transportArguments) => Parse([.. ToArguments(), .. transportArguments]);

    private static T Named<T>(string option, string value, NameTable<T> table) where T : struct, Enum
        => table.TryParse(value, out var v) ? v : throw new UsageException($"{option}: '{value}' is not {table.Expected}");

    private static long Integer(string option, string value, long min, long max)
    {
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) || v < min || v > max)
            throw new UsageException($"{option}: expected an integer in {min}..{max}, got '{value}'");
        return v;
    }

    private static string NonEmpty(string option, string value)
        => value.Length > 0 ? value : throw new UsageException($"{option}: empty value");

    private static UsageException Missing(string option, string? transport = null)
        => new(transport is null ? $"missing {option}" : $"--transport {transport} needs {option}");
}

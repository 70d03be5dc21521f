using System.Globalization;
using IpcBench.Interop;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// One cell as the harness side of a transport sees it.
/// </summary>
/// <param name="Kind">The transport.</param>
/// <param name="Size">Message size in bytes, header included (&gt;= 16).</param>
/// <param name="Wait">shm, mmap-file: the wait strategy (only recorded; the orchestrator passes --wait); else None.</param>
/// <param name="RunDirectory">The run's private 0700 directory (created by the orchestrator); fifo directories, mapped files and socket paths go here.</param>
/// <param name="NamePrefix">Unique per run and cell, "ipcbench-&lt;harness pid&gt;-&lt;runid&gt;-&lt;cell&gt;": names inside the run directory (fifo directory, mapped file, socket).</param>
/// <param name="ObjectNames">
/// Where shared-memory and queue names come from: by default <see cref="ToolNames.NewObjectName"/>, a fresh
/// unpredictable name for every attempt (a test passes its own to script a squatted name).
/// </param>
public sealed record TransportCellSpec(TransportKind Kind, int Size, WaitStrategy Wait, string RunDirectory, string NamePrefix,
    Func<string>? ObjectNames = null)
{
    /// <summary>Attempts at a fresh shared-memory or queue name before the cell fails (each EEXIST draws a new name).</summary>
    public const int NameAttempts = 8;

    /// <summary>
    /// Runs <paramref name="create"/> with fresh names until one does not exist yet: a name another
    /// process holds (EEXIST) is never used or removed, a new one is drawn. After
    /// <see cref="NameAttempts"/> taken names the cell fails, saying so.
    /// </summary>
    internal string CreateUnderFreshName(string call, Action<string> create)
    {
        var next = ObjectNames ?? (() => ToolNames.NewObjectName());
        for (int attempt = 1; ; attempt++)
        {
            string name = next();
            try
            {
                create(name);
                return name;
            }
            catch (PosixException e) when (e.Errno == Posix.Errno.EEXIST)
            {
                if (attempt >= NameAttempts)
                    throw new IOException($"{call}: {attempt} fresh names in a row were already taken (EEXIST, the last {name}): "
                        + "another process is creating names in this tool's format; none of them was used or removed", e);
            }
        }
    }
}

/// <summary>
/// The harness side of one cell's transport: it created the named objects (exclusively, owner-only) and knows the
/// transport-specific peer arguments. Life, as the orchestrator drives it:
/// <code>
/// using var setup = TransportSetups.Create(spec);   // names created
/// setup.BeforeSpawn();                               // pipe: make the four pipe fds inheritable
/// spawn server with setup.ServerArgs; wait HELLO; spawn client with setup.ClientArgs; wait HELLO
/// setup.AfterSpawn();                                // pipe: close the harness's copies
/// OPEN both; wait both OPENED
/// setup.UnlinkNames();                               // nothing of the cell has a name any more
/// RUN ...; DONE ...
/// // Dispose: unlink + close whatever is left; idempotent, never throws
/// </code>
/// </summary>
public interface ITransportSetup : IDisposable
{
    /// <summary>Transport-specific server arguments (--fds / --path / --name / --slots); the orchestrator adds the rest.</summary>
    IReadOnlyList<string> ServerArgs { get; }

    /// <summary>Transport-specific client arguments.</summary>
    IReadOnlyList<string> ClientArgs { get; }

    /// <summary>Just before spawning the peers (pipe: clears FD_CLOEXEC on the four pipe fds so both children inherit them).</summary>
    void BeforeSpawn();

    /// <summary>Once both peers are spawned (pipe: closes the harness's copies, so a dead peer means EOF for the other).</summary>
    void AfterSpawn();

    /// <summary>After both peers answered OPENED: removes every name (fifos and their directory, queues, shm object, file, socket path).</summary>
    void UnlinkNames();
}

/// <summary>Creates the harness side of a cell's transport, and tells which cells cannot run here.</summary>
public static class TransportSetups
{
    /// <summary>Owner-only mode of named objects.</summary>
    public const uint FileMode = 0x180; // 0600
    /// <summary>Owner-only mode of directories.</summary>
    public const uint DirectoryMode = 0x1C0; // 0700

    /// <summary>
    /// Creates the named objects of the cell exactly as docs/protocol.md's transport table says. Throws
    /// <see cref="PosixException"/> (with the call and name) or <see cref="ArgumentException"/> (bad spec, socket path too long).
    /// </summary>
    public static ITransportSetup Create(TransportCellSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Size < Message.MinSize)
            throw new ArgumentException($"message size {spec.Size} is below the {Message.MinSize}-byte header", nameof(spec));
        if (!spec.NamePrefix.StartsWith("ipcbench-", StringComparison.Ordinal) || spec.NamePrefix.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"name prefix '{spec.NamePrefix}' must start with 'ipcbench-' and contain no '/'", nameof(spec));
        return spec.Kind switch
        {
            TransportKind.Pipe => new PipeSetup(),
            TransportKind.Fifo => new FifoSetup(spec),
            TransportKind.Mq => new MqSetup(spec),
            TransportKind.Shm => new ShmSetup(spec, cacheline: false),
            TransportKind.Cacheline => new ShmSetup(spec, cacheline: true),
            TransportKind.MmapFile => new MmapFileSetup(spec),
            TransportKind.Uds => new UdsSetup(spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown transport"),
        };
    }

    /// <summary>
    /// Why a cell of <paramref name="kind"/> and <paramref name="size"/> cannot run on this machine, with the limit and
    /// how to raise it; null when it can. mq: fs.mqueue.msgsize_max, msg_max and RLIMIT_MSGQUEUE.
    /// </summary>
    public static string? SkipReason(TransportKind kind, int size)
    {
        if (size < Message.MinSize)
            return $"size {size} is below the {Message.MinSize}-byte header";
        if (kind == TransportKind.Mq)
            return MqLimits.Read().SkipReason(size);
        return null;
    }

    /// <summary>
    /// The shared-memory object of the hand-off floor (docs/protocol.md, "Floors"): the cache-line header page
    /// followed by one buffer per direction, each <c>spec.Size</c> bytes rounded up to whole pages.
    /// </summary>
    public static ITransportSetup CreateHandoff(TransportCellSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ShmSetup(spec, cacheline: true, handoffBytes: spec.Size);
    }

    internal static string Ci(long v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The POSIX message-queue limits that decide whether (and how deep) a cell's queues can be created.</summary>
/// <param name="MayExceedMsgSizeMax">This process may create queues with messages above fs.mqueue.msgsize_max (CAP_SYS_RESOURCE), found by trying.</param>
public sealed record MqLimits(long MsgMax, long MsgSizeMax, ulong RLimitMsgQueue, bool MayExceedMsgSizeMax = false)
{
    /// <summary>The kernel's ceiling on a message for a process with CAP_SYS_RESOURCE (HARD_MSGSIZEMAX, 16 MiB).</summary>
    public const long HardMsgSizeMax = 16L << 20;

    private static readonly Lazy<bool> Exceeds = new(ProbeExceedMsgSizeMax);

    /// <summary>
    /// Whether this process may create a queue whose messages exceed fs.mqueue.msgsize_max, by trying: one queue of
    /// one message of msgsize_max + 1 bytes, under an exclusive "ipcbench-&lt;pid&gt;-" name, removed at once. The
    /// capability, not the uid, decides (root in a container may lack it; a non-root process may hold it).
    /// </summary>
    private static bool ProbeExceedMsgSizeMax()
    {
        long max;
        try
        {
            max = long.Parse(File.ReadAllText("/proc/sys/fs/mqueue/msgsize_max").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
        string name = $"/ipcbench-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-mqprobe-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
        try
        {
            MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, TransportSetups.FileMode, new MqAttr { MaxMsg = 1, MsgSize = max + 1 }).Dispose();
        }
        catch (PosixException)
        {
            return false;
        }
        try
        {
            MqUnlink(name);
        }
        catch (PosixException)
        {
            // Created, so allowed; a queue that cannot be removed is left to `ipcbench clean` (its pid is in the name).
        }
        return true;
    }

    /// <summary>
    /// The sizes the default matrix adds for mq, so its per-byte cost is resolved: 2K, 6K and the limit itself
    /// (fs.mqueue.msgsize_max), and where this process may exceed the limit the largest power of two whose two
    /// one-message queues fit RLIMIT_MSGQUEUE. Sizes the queue cannot carry are left out (the default sizes above the
    /// limit are still planned and skipped with the reason).
    /// </summary>
    public IReadOnlyList<int> DefaultMatrixSizes()
    {
        var sizes = new List<int>();
        long ceiling = MayExceedMsgSizeMax ? HardMsgSizeMax : MsgSizeMax;
        foreach (long s in new[] { 2048L, 6144L, MsgSizeMax })
            if (s >= Message.MinSize && s <= ceiling && SkipReason((int)s) is null && !sizes.Contains((int)s))
                sizes.Add((int)s);
        if (MayExceedMsgSizeMax)
        {
            long big = 0;
            for (long s = 1L << 24; s > MsgSizeMax && big == 0; s >>= 1)
                if (SkipReason((int)s) is null)
                    big = s;
            if (big > 0 && !sizes.Contains((int)big))
                sizes.Add((int)big);
        }
        return sizes;
    }

    /// <summary>Kernel bookkeeping per queued message counted against RLIMIT_MSGQUEUE (struct msg_msg + tree node, x86-64; rounded up).</summary>
    public const long PerMessageOverhead = 96;

    /// <summary>The deepest queue the harness asks for (as deep as the largest ring).</summary>
    public const long MaxDepth = RingLayout.MaxSlots;

    public static MqLimits Read()
    {
        static long ReadProc(string name, long fallback)
        {
            try
            {
                return long.Parse(File.ReadAllText("/proc/sys/fs/mqueue/" + name).Trim(), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return fallback;
            }
        }
        ulong rl;
        try
        {
            rl = GetRLimit(RLIMIT_MSGQUEUE).Current;
        }
        catch (PosixException)
        {
            rl = 819200;
        }
        return new MqLimits(ReadProc("msg_max", 10), ReadProc("msgsize_max", 8192), rl, Exceeds.Value);
    }

    /// <summary>Bytes RLIMIT_MSGQUEUE is charged for one queue of <paramref name="depth"/> messages of <paramref name="size"/>.</summary>
    public static long QueueBytes(long depth, long size) => depth * (size + PerMessageOverhead);

    /// <summary>
    /// mq_maxmsg for a cell: the slot count a ring of this size would have, at most msg_max, and small enough that both
    /// queues fit RLIMIT_MSGQUEUE; 0 when even depth 1 does not fit.
    /// </summary>
    public long Depth(int size)
    {
        long depth = Math.Min(Math.Min(RingLayout.DefaultSlots(RingLayout.SlotSize(size)), MaxDepth), MsgMax);
        while (depth > 0 && RLimitMsgQueue != Posix.RLimit.Infinity && (ulong)(2 * QueueBytes(depth, size)) > RLimitMsgQueue)
            depth--;
        return depth;
    }

    /// <summary>
    /// Why mq_open refused with EMFILE: two queues of <paramref name="depth"/> messages of
    /// <paramref name="size"/> bytes, on top of what this user's other queues hold, pass RLIMIT_MSGQUEUE.
    /// </summary>
    public string HeldReason(int size, long depth)
    {
        if (RLimitMsgQueue == Posix.RLimit.Infinity)
            return "mq_open: EMFILE with RLIMIT_MSGQUEUE unlimited: the open-file limit (ulimit -n) is reached; raise it";
        long need = 2 * QueueBytes(depth, size);
        long limit = (long)Math.Min(RLimitMsgQueue, long.MaxValue / 4);
        return $"RLIMIT_MSGQUEUE is {TransportSetups.Ci(limit)} bytes and two queues of {TransportSetups.Ci(depth)} messages of {TransportSetups.Ci(size)} bytes need about " +
               $"{TransportSetups.Ci(need)} on top of what this user's other queues already hold (EMFILE from mq_open); " +
               $"remove stale queues or raise it: ulimit -q {TransportSetups.Ci(limit + need)}";
    }

    public string? SkipReason(int size)
    {
        string s = TransportSetups.Ci(size);
        if (size > MsgSizeMax && !MayExceedMsgSizeMax)
            return $"size {s} exceeds fs.mqueue.msgsize_max ({TransportSetups.Ci(MsgSizeMax)}) and this process may not exceed it (no CAP_SYS_RESOURCE); raise it: sysctl -w fs.mqueue.msgsize_max={s}";
        if (size > HardMsgSizeMax)
            return $"size {s} exceeds the kernel's ceiling on a queue message ({TransportSetups.Ci(HardMsgSizeMax)}, HARD_MSGSIZEMAX), which no fs.mqueue.msgsize_max or capability lifts";
        if (MsgMax < 1)
            return $"fs.mqueue.msg_max is {TransportSetups.Ci(MsgMax)}; raise it: sysctl -w fs.mqueue.msg_max=10";
        if (Depth(size) < 1)
        {
            long need = 2 * QueueBytes(1, size);
            return $"two queues of one {s}-byte message need about {TransportSetups.Ci(need)} bytes, more than RLIMIT_MSGQUEUE ({RLimitMsgQueue.ToString(CultureInfo.InvariantCulture)} bytes); raise it: ulimit -q {TransportSetups.Ci(need * 2)}";
        }
        return null;
    }
}

/// <summary>Common Dispose/unlink bookkeeping: every step runs once and swallows its own failure.</summary>
internal abstract class SetupBase : ITransportSetup
{
    private readonly List<Action> _unlink = [];
    private bool _unlinked, _disposed;

    public IReadOnlyList<string> ServerArgs { get; protected set; } = [];
    public IReadOnlyList<string> ClientArgs { get; protected set; } = [];

    public virtual void BeforeSpawn() { }
    public virtual void AfterSpawn() { }

    /// <summary>Registers a name to remove (in registration order; ENOENT is not an error).</summary>
    protected void OnUnlink(Action remove) => _unlink.Add(remove);

    public void UnlinkNames()
    {
        if (_unlinked)
            return;
        _unlinked = true;
        List<Exception>? errors = null;
        foreach (var a in _unlink)
        {
            try
            {
                a();
            }
            catch (PosixException e) when (e.Errno == Posix.Errno.ENOENT)
            {
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }
        if (errors is not null)
            throw errors.Count == 1 ? errors[0] : new AggregateException("removing the cell's names failed", errors);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            UnlinkNames();
        }
        catch (Exception)
        {
            // Dispose never throws; a later `ipcbench clean` finds what is left by the pid in the name.
        }
        try
        {
            CloseAll();
        }
        catch (Exception)
        {
        }
    }

    protected virtual void CloseAll() { }

    /// <summary>Creation failed half-way: remove what was made, then rethrow.</summary>
    protected void Undo() => Dispose();
}

internal sealed class PipeSetup : SetupBase
{
    private readonly SafeFileDescriptor _c2sRead, _c2sWrite, _s2cRead, _s2cWrite;

    public PipeSetup()
    {
        // O_CLOEXEC until BeforeSpawn: no other child spawned meanwhile inherits them.
        Pipe2(O_CLOEXEC, out _c2sRead, out _c2sWrite);
        try
        {
            Pipe2(O_CLOEXEC, out _s2cRead, out _s2cWrite);
        }
        catch
        {
            _c2sRead.Dispose();
            _c2sWrite.Dispose();
            throw;
        }
        string F(params SafeFileDescriptor[] fds) => string.Join(',', fds.Select(f => TransportSetups.Ci(f.Fd)));
        // --fds R,W,then the other two to close
        ServerArgs = [PeerOptionNames.Fds, F(_c2sRead, _s2cWrite, _c2sWrite, _s2cRead)];
        ClientArgs = [PeerOptionNames.Fds, F(_s2cRead, _c2sWrite, _s2cWrite, _c2sRead)];
    }

    public override void BeforeSpawn()
    {
        foreach (var f in All)
            SetCloseOnExec(f, false);
    }

    public override void AfterSpawn() => CloseAll();

    protected override void CloseAll()
    {
        foreach (var f in All)
            f.Dispose();
    }

    private SafeFileDescriptor[] All => [_c2sRead, _c2sWrite, _s2cRead, _s2cWrite];
}

internal sealed class FifoSetup : SetupBase
{
    public const string C2S = "c2s";
    public const string S2C = "s2c";

    private readonly DirectoryHandle _run;
    private DirectoryHandle? _dir;

    public FifoSetup(TransportCellSpec spec)
    {
        // Descriptor-relative from the run directory down: nothing is created, chmod'ed or removed by path.
        _run = DirectoryHandle.OpenBase(spec.RunDirectory);
        try
        {
            _dir = _run.CreateExclusive(spec.NamePrefix, TransportSetups.DirectoryMode);
            OnUnlink(() => _run.RemoveTree(spec.NamePrefix));
            _dir.CreateFifo(C2S, TransportSetups.FileMode);
            _dir.CreateFifo(S2C, TransportSetups.FileMode);
        }
        catch
        {
            Undo();
            throw;
        }
        ServerArgs = ClientArgs = [PeerOptionNames.Path, _dir.Path];
    }

    protected override void CloseAll()
    {
        _dir?.Dispose();
        _run.Dispose();
    }
}

internal sealed class MqSetup : SetupBase
{
    private readonly DirectoryHandle _run;

    public MqSetup(TransportCellSpec spec)
    {
        var limits = MqLimits.Read();
        if (limits.SkipReason(spec.Size) is { } why)
            throw new InvalidOperationException("mq: " + why);
        var attr = new MqAttr { MaxMsg = limits.Depth(spec.Size), MsgSize = spec.Size };
        // Journaled in the run directory first, so `clean` finds them by name where queues cannot be
        // listed; the journal goes with the queues.
        _run = DirectoryHandle.OpenBase(spec.RunDirectory);
        string journal = spec.NamePrefix + NameJournal.Suffix;
        try
        {
            // Both queues under one name: when the second is taken, the first is removed and both are retried.
            string name = spec.CreateUnderFreshName("mq_open", n =>
            {
                NameJournal.Queue(_run, journal, n + "-c2s");
                NameJournal.Queue(_run, journal, n + "-s2c");
                var made = new List<string>();
                try
                {
                    foreach (var q in new[] { n + "-c2s", n + "-s2c" })
                    {
                        try
                        {
                            MqOpen(q, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, TransportSetups.FileMode, attr).Dispose();
                        }
                        catch (PosixException e) when (e.Errno == Errno.EMFILE)
                        {
                            // mq_open says EMFILE when the user's queues would pass RLIMIT_MSGQUEUE: queues this user
                            // already holds count too, and no file tells how many bytes they take.
                            throw new TransportSkipException("mq: " + limits.HeldReason(spec.Size, attr.MaxMsg));
                        }
                        made.Add(q);
                    }
                }
                catch
                {
                    foreach (var q in made)
                        MqUnlinkRaw(q);
                    throw;
                }
            });
            OnUnlink(() =>
            {
                QueueListing.Unlink(name + "-c2s");
                QueueListing.Unlink(name + "-s2c");
                _run.RemoveTree(journal); // only once both queues are gone
            });
            ServerArgs = ClientArgs = [PeerOptionNames.Name, name];
        }
        catch
        {
            _run.RemoveTree(journal);
            Undo();
            throw;
        }
    }

    protected override void CloseAll() => _run.Dispose();
}

internal sealed class ShmSetup : SetupBase
{
    public ShmSetup(TransportCellSpec spec, bool cacheline, long handoffBytes = 0)
    {
        RingGeometry g = default;
        long size = cacheline
            ? RingLayout.HandoffSegmentSize(handoffBytes)
            : (g = RingGeometry.For(spec.Size)).SegmentSize;
        SafeFileDescriptor? created = null;
        string name = spec.CreateUnderFreshName("shm_open", n => created = ShmOpen(n, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, TransportSetups.FileMode));
        using (var fd = created!)
        {
            OnUnlink(() => ShmUnlink(name));
            try
            {
                FTruncate(fd, size);
                SegmentSpace.Reserve(fd, size, "/dev/shm");
            }
            catch
            {
                Undo();
                throw;
            }
        }
        ServerArgs = ClientArgs = cacheline
            ? [PeerOptionNames.Name, name]
            : [PeerOptionNames.Name, name, PeerOptionNames.Slots, TransportSetups.Ci(g.Slots)];
    }
}

internal sealed class MmapFileSetup : SetupBase
{
    public MmapFileSetup(TransportCellSpec spec)
    {
        string path = Path.Combine(spec.RunDirectory, spec.NamePrefix + ".ring");
        var g = RingGeometry.For(spec.Size);
        using (var fd = Open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, TransportSetups.FileMode))
        {
            OnUnlink(() => Unlink(path));
            try
            {
                FTruncate(fd, g.SegmentSize);
                SegmentSpace.Reserve(fd, g.SegmentSize, spec.RunDirectory);
            }
            catch
            {
                Undo();
                throw;
            }
        }
        ServerArgs = ClientArgs = [PeerOptionNames.Path, path, PeerOptionNames.Slots, TransportSetups.Ci(g.Slots)];
    }
}

internal sealed class UdsSetup : SetupBase
{
    public UdsSetup(TransportCellSpec spec)
    {
        string path = Path.Combine(spec.RunDirectory, spec.NamePrefix + ".sock");
        int n = System.Text.Encoding.UTF8.GetByteCount(path);
        if (n >= SockAddrUn.PathCapacity)
            throw new ArgumentException($"uds: socket path is {n} bytes, sockaddr_un holds at most {SockAddrUn.PathCapacity - 1}: {path} (use a shorter run directory)");
        if (File.Exists(path) || Directory.Exists(path))
            throw new PosixException("uds", path, Posix.Errno.EEXIST);
        OnUnlink(() => Unlink(path)); // bound by the server during OPEN
        ServerArgs = ClientArgs = [PeerOptionNames.Path, path];
    }
}

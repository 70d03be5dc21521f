using System.Text;
using IpcBench.Conformance.Model;
using IpcBench.Interop;
using IpcBench.Orchestration;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// One in-process check: records observations under the probe's field names
/// (<c>S_ret</c>/<c>S_errno</c>, <c>*_hex</c>) and owns everything the check creates — mappings,
/// descriptors, a private temporary directory, shared-memory and queue names — removing them
/// on dispose whatever happened. Names are the harness's (<see cref="ToolNames"/>): a fresh random
/// token each, so no other user can squat one, and `ipcbench clean` can find anything a killed run left.
/// </summary>
internal sealed unsafe class ManagedRun : IDisposable
{
    readonly List<KeyValuePair<string, object?>> _fields = [];
    readonly List<(nint Addr, nuint Len)> _maps = [];
    readonly List<IDisposable> _owned = [];
    readonly List<string> _shm = [];
    readonly List<string> _mq = [];
    DirectoryHandle? _temp;
    DirectoryHandle? _dir;

    public static nuint Page => (nuint)Environment.SystemPageSize;

    /// <summary>16 bytes a check stores (its own; payload bytes are not compared with the probe's).</summary>
    public static readonly byte[] Payload = "managed-payload!"u8.ToArray();

    /// <summary>The byte at offset i of a test file: 'A' + i % 26, as the probe's make_file.</summary>
    public static byte PatternByte(long i) => (byte)('A' + i % 26);

    public ManagedRun Set(string key, object? value)
    {
        _fields.Add(KeyValuePair.Create(key, value));
        return this;
    }

    public ManagedRun Hex(string key, ReadOnlySpan<byte> bytes) => Set(key, Convert.ToHexStringLower(bytes));

    public ManagedRun Hex(string key, byte* p, int n) => Hex(key, new ReadOnlySpan<byte>(p, n));

    /// <summary>Records an int-returning call: S_ret, and S_errno (read now) when it returned -1.</summary>
    public long Step(string step, long ret)
    {
        var errno = ret == -1 ? LastErrno : 0;
        Set(step + "_ret", ret);
        Set(step + "_errno", errno == 0 ? null : ErrnoName(errno));
        return ret;
    }

    /// <summary>Records a pointer-returning mmap: S_ret 0/-1 and S_errno; keeps the mapping for dispose.</summary>
    public byte* MapStep(string step, void* p, nuint length, bool track = true)
    {
        var failed = p == MAP_FAILED;
        var errno = failed ? LastErrno : 0;
        Set(step + "_ret", failed ? -1 : 0);
        Set(step + "_errno", failed ? ErrnoName(errno) : null);
        if (failed)
            return null;
        if (track)
            _maps.Add(((nint)p, length));
        return (byte*)p;
    }

    /// <summary>A mapping as a setup step (throws when it fails: the check cannot go on).</summary>
    public byte* Map(nuint length, int prot, int flags, int fd = -1, long offset = 0, void* at = null)
    {
        var p = MMapRaw(at, length, prot, flags, fd, offset);
        if (p == MAP_FAILED)
            throw Error("mmap (setup)", null, LastErrno);
        _maps.Add(((nint)p, length));
        return (byte*)p;
    }

    /// <summary>A mapping the check made itself, to be unmapped on dispose.</summary>
    public void Track(void* p, nuint length) => _maps.Add(((nint)p, length));

    /// <summary>The check unmapped a whole mapping itself: dispose must not unmap it again.</summary>
    public void Forget(void* p)
    {
        var i = _maps.FindLastIndex(m => m.Addr == (nint)p);
        if (i >= 0)
            _maps.RemoveAt(i);
    }

    /// <summary>
    /// An address range that is free right now (mapped PROT_NONE, then unmapped). In a
    /// multi-threaded process another thread may map into it at any moment, so a check may only
    /// use it with calls that never replace a mapping (a hint, MAP_FIXED_NOREPLACE).
    /// </summary>
    public static byte* ReserveHole(nuint length)
    {
        var p = MMapRaw(null, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw Error("mmap (reserve)", null, LastErrno);
        MUnmapRaw(p, length);
        return (byte*)p;
    }

    /// <summary>
    /// A PROT_NONE reservation owned by this run: MAP_FIXED into it replaces only our own pages.
    /// </summary>
    public byte* Reserve(nuint length) => Map(length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);

    /// <summary>
    /// A range in the low part of the address space, which the kernel's top-down allocator never
    /// hands out in practice: mapped here (MAP_FIXED_NOREPLACE, so nothing is ever replaced) it can be
    /// unmapped and then used as "a range with no mapping" without another thread mapping into it.
    /// </summary>
    public byte* MapLow(nuint length)
    {
        for (nuint at = 0x10000000; at < 0x40000000; at += 0x1000000)
        {
            var p = MMapRaw((void*)at, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (p == (void*)at)
            {
                _maps.Add(((nint)p, length));
                return (byte*)p;
            }
            if (p != MAP_FAILED)
                MUnmapRaw(p, length); // an old kernel ignored the flag and put it elsewhere
        }
        throw new InvalidOperationException("no free low address range for the check");
    }

    /// <summary>The private temporary directory ("ipcbench-&lt;pid&gt;-conform-&lt;16 random hex&gt;", 0700), made fresh on first use.</summary>
    public string Dir
    {
        get
        {
            if (_dir is null)
            {
                _temp = DirectoryHandle.OpenTemp();
                _dir = _temp.CreateFresh(ToolNames.DirectoryPrefix(ToolNames.ConformKind), 0x1C0);
            }
            return _dir.Path;
        }
    }

    public string PathOf(string tag) => Path.Combine(Dir, tag);

    /// <summary>A regular file of <paramref name="size"/> bytes of the 'A'..'Z' pattern (or <paramref name="fill"/>), opened with <paramref name="flags"/>.</summary>
    public SafeFileDescriptor File(string tag, long size, int flags = O_RDWR, int fill = -1)
    {
        var path = PathOf(tag);
        using (var w = Open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0x180))
        {
            var buf = new byte[Math.Min(size, 1 << 16)];
            for (long done = 0; done < size;)
            {
                var n = (int)Math.Min(buf.Length, size - done);
                for (var i = 0; i < n; i++)
                    buf[i] = fill >= 0 ? (byte)fill : PatternByte(done + i);
                done += Write(w, buf.AsSpan(0, n));
            }
        }
        return Own(Open(path, flags | O_CLOEXEC));
    }

    public SafeFileDescriptor Reopen(string tag, int flags) => Own(Open(PathOf(tag), flags | O_CLOEXEC));

    /// <summary>A shared-memory name unique to this run, unlinked on dispose.</summary>
    public string ShmName(string tag)
    {
        var n = ToolNames.NewObjectName(tag);
        _shm.Add(n);
        return n;
    }

    /// <summary>Registers a name the check created some other way (e.g. without the leading slash).</summary>
    public void RegisterShm(string name) => _shm.Add(name);

    /// <summary>A message-queue name unique to this run, unlinked on dispose.</summary>
    public string MqName(string tag)
    {
        var n = ToolNames.NewObjectName(tag);
        _mq.Add(n);
        return n;
    }

    public T Own<T>(T d) where T : IDisposable
    {
        _owned.Add(d);
        return d;
    }

    public Observation Done() => Observation.From(_fields);

    public static string ErrnoName(int errno)
    {
        var n = Posix.Errno.Name(errno);
        return n.StartsWith("errno ", StringComparison.Ordinal) ? "E" + n[6..] : n;
    }

    public void Dispose()
    {
        foreach (var (addr, len) in _maps)
            MUnmapRaw((void*)addr, len);
        _maps.Clear();
        for (var i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
        foreach (var n in _shm)
            ShmUnlinkRaw(n);
        foreach (var n in _mq)
            MqUnlinkRaw(n);
        if (_dir is not null && _temp is not null)
        {
            try
            {
                _temp.RemoveTree(Path.GetFileName(_dir.Path));
            }
            catch (IOException)
            {
            }
            _dir.Dispose();
            _temp.Dispose();
        }
    }

    public static string Ascii(ReadOnlySpan<byte> b) => Encoding.ASCII.GetString(b);
}

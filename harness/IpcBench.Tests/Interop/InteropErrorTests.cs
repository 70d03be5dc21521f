using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Interop;

/// <summary>Every binding's failure path: a <see cref="PosixException"/> naming the call and the right errno.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public unsafe class InteropErrorTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = MkDTemp(Path.Combine(Path.GetTempPath(), "ipcbench-test-XXXXXX"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static PosixException Fails(Action a, string call, string errno)
    {
        var e = FluentActions.Invoking(a).Should().Throw<PosixException>().Which;
        e.Call.Should().Be(call);
        e.ErrnoName.Should().Be(errno);
        e.Message.Should().StartWith(call).And.Contain(": " + errno + " (");
        return e;
    }

    private static string Missing => "/ipcbench-" + Environment.ProcessId + "-missing-" + Guid.NewGuid().ToString("N");

    [Test]
    public void Message_has_call_detail_errno_name_and_text()
    {
        string name = "/ipcbench-" + Environment.ProcessId + "-exists";
        using var fd = ShmOpen(name, O_CREAT | O_EXCL | O_RDWR, 0x180);
        try
        {
            var e = Fails(() => ShmOpen(name, O_CREAT | O_EXCL | O_RDWR, 0x180).Dispose(), "shm_open", "EEXIST");
            e.Message.Should().Be($"shm_open({name}): EEXIST (File exists)");
            e.Errno.Should().Be(17);
            e.Detail.Should().Be(name);
            e.Should().BeAssignableTo<IOException>();
        }
        finally
        {
            ShmUnlink(name);
        }
    }

    [Test]
    public void Files_and_directories()
    {
        string nope = Path.Combine(_dir, "nope");
        Fails(() => Open(nope, O_RDONLY).Dispose(), "open", "ENOENT").Detail.Should().Be(nope);
        Fails(() => Unlink(nope), "unlink", "ENOENT");
        Fails(() => RmDir(nope), "rmdir", "ENOENT");
        Fails(() => MkDir(_dir, 0x1C0), "mkdir", "EEXIST");
        string fifo = Path.Combine(_dir, "f");
        MkFifo(fifo, 0x180);
        Fails(() => MkFifo(fifo, 0x180), "mkfifo", "EEXIST");
        Fails(() => RmDir(_dir), "rmdir", "ENOTEMPTY");
        Fails(() => MkDTemp(Path.Combine(_dir, "no-x-suffix")), "mkdtemp", "EINVAL");
        Fails(() => Open(_dir, O_WRONLY).Dispose(), "open", "EISDIR");
    }

    [Test]
    public void Descriptors()
    {
        Pipe2(O_CLOEXEC, out var r, out var w);
        using (r)
        using (w)
        {
            Fails(() => Read(w, new byte[1]), "read", "EBADF").Detail.Should().Be("fd " + w.Fd);
            Fails(() => Write(r, new byte[1]), "write", "EBADF");
            Fails(() => FTruncate(r, 0), "ftruncate", "EINVAL");
            Fails(() => LSeek(r, 0, SEEK_SET), "lseek", "ESPIPE");
            Fails(() => Fcntl(r, 99999), "fcntl", "EINVAL");
            Fails(() => Listen(r, 1), "listen", "ENOTSOCK");
        }
        Fails(() => Pipe2(0x7fff_0000, out _, out _), "pipe2", "EINVAL");
    }

    [Test]
    public void Shared_memory_and_mappings()
    {
        Fails(() => ShmOpen(Missing, O_RDWR).Dispose(), "shm_open", "ENOENT");
        Fails(() => ShmUnlink(Missing), "shm_unlink", "ENOENT");
        Fails(() => MMap(0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, null).Dispose(), "mmap", "EINVAL");
        using var region = MMap(2 * (nuint)PageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, null);
        Fails(() => MUnmap(region.Pointer + 1, 1), "munmap", "EINVAL");
        Fails(() => MSync(region.Pointer + 1, 1, MS_SYNC), "msync", "EINVAL");
        Fails(() => MSync(region.Pointer, 1, MS_SYNC | MS_ASYNC), "msync", "EINVAL");
        Fails(() => MProtect(region.Pointer + 1, 1, PROT_READ), "mprotect", "EINVAL");
        Fails(() => MAdvise(region.Pointer, (nuint)PageSize, 12345), "madvise", "EINVAL");
    }

    [Test]
    public void Message_queues()
    {
        Fails(() => MqOpen(Missing, O_RDONLY).Dispose(), "mq_open", "ENOENT");
        Fails(() => MqUnlink(Missing), "mq_unlink", "ENOENT");
        var attr = new MqAttr { MaxMsg = 1, MsgSize = 0 };
        Fails(() => MqOpen(Missing, O_CREAT | O_EXCL | O_RDWR, 0x180, attr).Dispose(), "mq_open", "EINVAL");
        Fails(() => MqOpen("/inner/slash", O_RDONLY).Dispose(), "mq_open", "EACCES");
    }

    [Test]
    public void Sockets()
    {
        Fails(() => Socket(12345, SOCK_STREAM).Dispose(), "socket", "EAFNOSUPPORT");
        using var s = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC);
        Fails(() => BindUnix(s, Path.Combine(_dir, "no", "such", "dir")), "bind", "ENOENT");
        Fails(() => ConnectUnix(s, Path.Combine(_dir, "nobody")), "connect", "ENOENT");
        Fails(() => Accept(s).Dispose(), "accept", "EINVAL");
        FluentActions.Invoking(() => SockAddrUn.For(new string('x', 108))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Processes_clocks_limits_futex()
    {
        Fails(() => GetRUsage(12345), "getrusage", "EINVAL");
        Fails(() => GetRLimit(12345), "getrlimit", "EINVAL");
        Fails(() => ClockGetTime(12345), "clock_gettime", "EINVAL");
        Fails(() => Kill(int.MaxValue, 0), "kill", "ESRCH");
        Fails(() => FutexWake((uint*)8, 1), "futex", "EFAULT");
        Fails(PollTooMany, "poll", "EINVAL");
        CpuSet online = GetCurrentThreadAffinity();
        int notOurs = Enumerable.Range(0, CpuSet.MaxCpus).Last(c => !online.IsSet(c));
        Fails(() => PinCurrentThread(notOurs), "sched_setaffinity", "EINVAL");
    }

    private static void PollTooMany()
    {
        PollFd p = default;
        Poll(&p, int.MaxValue, 0);
    }

    [Test]
    public void Eintr_is_retried_and_other_errors_throw_at_the_choke_point()
    {
        Marshal_SetLastPInvokeError(Errno.EINTR);
        RetryOrThrow(-1, "x").Should().BeTrue();
        RetryOrThrow(0, "x").Should().BeFalse();
        RetryOrThrow(5, "x").Should().BeFalse();
        Marshal_SetLastPInvokeError(Errno.EAGAIN);
        FluentActions.Invoking(() => RetryOrThrow(-1, "thing", "it")).Should().Throw<PosixException>()
            .WithMessage("thing(it): EAGAIN (Resource temporarily unavailable)");
    }

    private static void Marshal_SetLastPInvokeError(int e) => System.Runtime.InteropServices.Marshal.SetLastPInvokeError(e);

    [Test]
    public void Errno_names_outside_the_table_and_aliases()
    {
        // names and values against the C library: CHeaderTests.Errno_names_and_values_match_the_C_library
        Errno.Name(0).Should().Be("errno 0");
        Errno.Name(9999).Should().Be("errno 9999");
        Errno.Name(Errno.EWOULDBLOCK).Should().Be("EAGAIN");
    }
}

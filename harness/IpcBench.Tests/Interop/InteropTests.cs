using System.Diagnostics;
using System.Globalization;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Interop;

/// <summary>The bindings work on real kernel objects.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public unsafe class InteropTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = MkDTemp(Path.Combine(Path.GetTempPath(), "ipcbench-test-XXXXXX"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Mkdtemp_makes_an_owner_only_directory()
    {
        new DirectoryInfo(_dir).UnixFileMode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Path.GetFileName(_dir).Should().StartWith("ipcbench-test-").And.NotEndWith("XXXXXX");
    }

    [Test]
    public void Rt_functions_resolve()
    {
        RtLibraryName.Should().BeOneOf("libc.so.6", "librt.so.1");
        if (Version.TryParse(GnuLibcVersion(), out var v) && v >= new Version(2, 34))
            RtLibraryName.Should().Be("libc.so.6");
    }

    private static string GnuLibcVersion()
    {
        var p = Process.Start(new ProcessStartInfo("getconf", "GNU_LIBC_VERSION") { RedirectStandardOutput = true })!;
        string s = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return s.Split(' ').Last();
    }

    [Test]
    public void Pipe_round_trip_and_flags()
    {
        Pipe2(O_CLOEXEC, out var r, out var w);
        using (r)
        using (w)
        {
            (Fcntl(r, F_GETFD) & FD_CLOEXEC).Should().Be(FD_CLOEXEC);
            SetCloseOnExec(r, false);
            (Fcntl(r, F_GETFD) & FD_CLOEXEC).Should().Be(0);
            Write(w, "hello"u8).Should().Be(5);
            PollOne(r, POLLIN, 1000).Should().Be(POLLIN);
            byte[] b = new byte[10];
            Read(r, b).Should().Be(5);
            b.AsSpan(0, 5).ToArray().Should().Equal("hello"u8.ToArray());
            SetNonBlocking(r, true);
            ReadRaw(r, null, 0).Should().Be(0);
            fixed (byte* p = b)
            {
                ReadRaw(r, p, 1).Should().Be(-1);
                LastErrno.Should().Be(Errno.EAGAIN);
            }
            PollOne(r, POLLIN, 0).Should().Be(0);
        }
        r.IsClosed.Should().BeTrue();
    }

    [Test]
    public void Shm_map_and_share()
    {
        string name = "/ipcbench-" + Environment.ProcessId + "-interop-shm";
        using (var fd = ShmOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180))
        {
            try
            {
                File.GetUnixFileMode("/dev/shm" + name).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
                FTruncate(fd, 8192);
                LSeek(fd, 0, SEEK_END).Should().Be(8192);
                using var a = MMap(8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
                using var b = MMap(8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
                ((nint)a.Pointer).Should().NotBe((nint)b.Pointer);
                a.Span[5000] = 42;
                b.Span[5000].Should().Be(42);
                MSync(a.Pointer, 8192, MS_SYNC);
                MAdvise(a.Pointer, 8192, MADV_WILLNEED);
                MProtect(a.Pointer, 4096, PROT_READ);
                MProtect(a.Pointer, 4096, PROT_READ | PROT_WRITE);
            }
            finally
            {
                ShmUnlink(name);
            }
        }
        File.Exists("/dev/shm" + name).Should().BeFalse();
    }

    [Test]
    public void Mq_create_send_receive_getattr()
    {
        string name = "/ipcbench-" + Environment.ProcessId + "-interop-mq";
        var attr = new MqAttr { MaxMsg = 2, MsgSize = 32 };
        using var q = MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180, attr);
        try
        {
            MqAttr got = MqGetAttr(q);
            (got.MaxMsg, got.MsgSize, got.CurMsgs).Should().Be((2L, 32L, 0L));
            TimeSpec now = ClockGetTime(CLOCK_REALTIME);
            TimeSpec soon = new(now.Seconds + 5, now.Nanoseconds);
            MqTimedSend(q, "abc"u8, 3, &soon).Should().BeTrue();
            MqGetAttr(q).CurMsgs.Should().Be(1);
            byte[] buf = new byte[32];
            MqTimedReceive(q, buf, out uint prio, &soon).Should().Be(3);
            prio.Should().Be(3u);
            TimeSpec past = new(now.Seconds - 1, 0);
            MqTimedReceive(q, buf, out _, &past).Should().Be(-1, "ETIMEDOUT on an empty queue");
            using var ro = MqOpen(name, O_RDONLY);
            ro.Mqd.Should().BeGreaterThan(0);
        }
        finally
        {
            MqUnlink(name);
        }
    }

    [Test]
    public void Unix_socket_connects()
    {
        string path = Path.Combine(_dir, "s");
        using var l = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC);
        BindUnix(l, path);
        Listen(l, 1);
        using var c = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC);
        ConnectUnix(c, path);
        PollOne(l, POLLIN, 1000).Should().Be(POLLIN);
        using var a = Accept(l);
        Write(c, "x"u8).Should().Be(1);
        byte[] b = new byte[1];
        Read(a, b).Should().Be(1);
        b[0].Should().Be((byte)'x');
    }

    [Test]
    public void Process_time_and_cpu()
    {
        GetPid().Should().Be(Environment.ProcessId);
        GetPPid().Should().BeGreaterThan(0);
        IsProcessAlive(Environment.ProcessId).Should().BeTrue();
        IsProcessAlive(int.MaxValue).Should().BeFalse();
        PageSize.Should().Be(Environment.SystemPageSize);
        RUsage u = GetRUsage();
        (u.UserTime.TotalNanoseconds + u.SystemTime.TotalNanoseconds).Should().BeGreaterThan(0);
        GetRLimit(RLIMIT_NOFILE).Current.Should().BeGreaterThan(2);
        SchedYield().Should().Be(0);

        // Stopwatch is CLOCK_MONOTONIC in ns on Linux: one clock, so a reading taken between two
        // Stopwatch readings lies between them (an order of events, whatever the load).
        long swBefore = Stopwatch.GetTimestamp();
        TimeSpec m = ClockGetTime(CLOCK_MONOTONIC);
        long swAfter = Stopwatch.GetTimestamp();
        Stopwatch.Frequency.Should().Be(1_000_000_000);
        m.TotalNanoseconds.Should().BeInRange(swBefore, swAfter);

        // pinning: run on a thread of its own so the test runner's thread keeps its mask
        CpuSet mine = GetCurrentThreadAffinity();
        int cpu = Enumerable.Range(0, CpuSet.MaxCpus).First(mine.IsSet);
        CpuSet after = default;
        var t = new Thread(() =>
        {
            PinCurrentThread(cpu);
            after = GetCurrentThreadAffinity();
        });
        t.Start();
        t.Join();
        Enumerable.Range(0, CpuSet.MaxCpus).Where(after.IsSet).Should().Equal(cpu);
    }

    [Test]
    public void Futex_wait_and_wake()
    {
        uint* word = (uint*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(64, 64);
        try
        {
            *word = 5;
            TimeSpec shortWait = new(0, 1_000_000);
            FutexWait(word, 4, &shortWait).Should().Be(Errno.EAGAIN, "the word is not the expected value");
            FutexWait(word, 5, &shortWait).Should().Be(Errno.ETIMEDOUT);
            FutexWake(word, 1).Should().Be(0, "nobody waits");
            int result = -1;
            var t = new Thread(() =>
            {
                TimeSpec tenSeconds = new(10, 0);
                result = FutexWait(word, 5, &tenSeconds);
            });
            t.Start();
            var sw = Stopwatch.StartNew();
            int woken = 0;
            while (woken == 0 && sw.ElapsedMilliseconds < 60_000) // a watchdog: the waiter has a 10 s timeout of its own
            {
                Thread.Sleep(1);
                woken = FutexWake(word, 1);
            }
            t.Join();
            woken.Should().Be(1);
            result.Should().Be(0);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree(word);
        }
    }
}

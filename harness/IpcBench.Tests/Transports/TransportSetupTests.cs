using System.Runtime.Versioning;
using IpcBench.Interop;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Transports;

[SupportedOSPlatform("linux")]
public class TransportSetupTests
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute;
    private string _dir = null!;
    private static int s_n;

    [SetUp]
    public void SetUp() => _dir = MkDTemp(Path.Combine(Path.GetTempPath(), "ipcbench-test-XXXXXX"));

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.GetFiles("/dev/shm", $"ipcbench-{Environment.ProcessId}-*").Should().BeEmpty("no shm object may be left behind");
    }

    private TransportCellSpec Spec(TransportKind k, int size = 64)
        => new(k, size, k.HasRing() ? WaitStrategy.Spin : WaitStrategy.None, _dir, $"ipcbench-{Environment.ProcessId}-setup-{Interlocked.Increment(ref s_n)}");

    private static string Arg(IReadOnlyList<string> args, string option) => args[args.ToList().IndexOf(option) + 1];

    [Test]
    public void Pipe_passes_inheritable_fds_only_between_BeforeSpawn_and_AfterSpawn()
    {
        using var s = TransportSetups.Create(Spec(TransportKind.Pipe));
        s.ServerArgs[0].Should().Be("--fds");
        int[] server = Arg(s.ServerArgs, "--fds").Split(',').Select(int.Parse).ToArray();
        int[] client = Arg(s.ClientArgs, "--fds").Split(',').Select(int.Parse).ToArray();
        server.Should().HaveCount(4).And.OnlyHaveUniqueItems();
        client.Should().BeEquivalentTo(server);
        // server reads c2s and writes s2c; the client the other way round; each closes the other two
        (server[0], server[1]).Should().Be((client[3], client[2]));
        (client[0], client[1]).Should().Be((server[3], server[2]));
        static int FdFlags(int fd) => FcntlRaw(new SafeFileDescriptor(fd, ownsHandle: false), F_GETFD, 0);
        server.Select(FdFlags).Should().AllSatisfy(f => (f & FD_CLOEXEC).Should().Be(FD_CLOEXEC));
        s.BeforeSpawn();
        server.Select(FdFlags).Should().AllBeEquivalentTo(0);
        s.AfterSpawn();
        server.Select(FdFlags).Should().AllBeEquivalentTo(-1, "the harness's copies are closed");
        s.UnlinkNames();
    }

    [Test]
    public void Fifo_makes_a_private_directory_with_two_fifos()
    {
        var spec = Spec(TransportKind.Fifo);
        using var s = TransportSetups.Create(spec);
        string dir = Arg(s.ServerArgs, "--path");
        dir.Should().Be(Path.Combine(_dir, spec.NamePrefix));
        s.ClientArgs.Should().Equal(s.ServerArgs);
        new DirectoryInfo(dir).UnixFileMode.Should().Be(Rwx);
        foreach (var f in new[] { "c2s", "s2c" })
        {
            string p = Path.Combine(dir, f);
            File.GetUnixFileMode(p).Should().Be(Rw);
            new FileInfo(p).Attributes.Should().NotHaveFlag(FileAttributes.Directory);
        }
        s.UnlinkNames();
        Directory.Exists(dir).Should().BeFalse();
        s.Dispose();
        s.Dispose();
    }

    [Test]
    public void Mq_creates_both_queues_exclusively_with_msgsize_size()
    {
        var spec = Spec(TransportKind.Mq, 100);
        using var s = TransportSetups.Create(spec);
        string name = Arg(s.ServerArgs, "--name");
        ToolNames.ObjectPid(name[1..] + "-c2s").Should().Be(Environment.ProcessId, "queue names are in the tool's exact format");
        foreach (var q in new[] { name + "-c2s", name + "-s2c" })
        {
            using var d = MqOpen(q, O_RDONLY);
            MqAttr a = MqGetAttr(d);
            a.MsgSize.Should().Be(100);
            a.MaxMsg.Should().Be(MqLimits.Read().Depth(100));
            a.MaxMsg.Should().BeGreaterThan(0);
        }
        using (var again = TransportSetups.Create(spec))
            Arg(again.ServerArgs, "--name").Should().NotBe(name, "every cell draws fresh random names");
        s.UnlinkNames();
        FluentActions.Invoking(() => MqOpen(name + "-c2s", O_RDONLY)).Should().Throw<PosixException>().Which.ErrnoName.Should().Be("ENOENT");
    }

    [TestCase(64)]
    [TestCase(65536)]
    public void Shm_is_sized_to_the_segment(int size)
    {
        var spec = Spec(TransportKind.Shm, size);
        using var s = TransportSetups.Create(spec);
        string name = Arg(s.ServerArgs, "--name");
        ToolNames.ObjectPid(name[1..]).Should().Be(Environment.ProcessId, "shm names are in the tool's exact format");
        int.Parse(Arg(s.ServerArgs, "--slots")).Should().Be(RingGeometry.For(size).Slots);
        string file = "/dev/shm" + name;
        new FileInfo(file).Length.Should().Be(RingGeometry.For(size).SegmentSize);
        File.GetUnixFileMode(file).Should().Be(Rw);
        s.UnlinkNames();
        File.Exists(file).Should().BeFalse();
    }

    [Test]
    public void Cacheline_is_one_page_of_shm()
    {
        using var s = TransportSetups.Create(Spec(TransportKind.Cacheline));
        new FileInfo("/dev/shm" + Arg(s.ServerArgs, "--name")).Length.Should().Be(4096);
        s.ServerArgs.Should().NotContain("--slots");
    }

    [Test]
    public void Mmap_file_is_an_owner_only_file_in_the_run_directory()
    {
        var spec = Spec(TransportKind.MmapFile, 1000);
        using var s = TransportSetups.Create(spec);
        string path = Arg(s.ServerArgs, "--path");
        Path.GetDirectoryName(path).Should().Be(_dir);
        Path.GetFileName(path).Should().StartWith(spec.NamePrefix);
        new FileInfo(path).Length.Should().Be(RingGeometry.For(1000).SegmentSize);
        File.GetUnixFileMode(path).Should().Be(Rw);
        s.Dispose();
        File.Exists(path).Should().BeFalse("Dispose unlinks what UnlinkNames did not");
    }

    [Test]
    public void Uds_names_a_socket_path_and_rejects_one_too_long()
    {
        using (var s = TransportSetups.Create(Spec(TransportKind.Uds)))
        {
            string path = Arg(s.ServerArgs, "--path");
            path.Should().EndWith(".sock").And.StartWith(_dir);
            File.Exists(path).Should().BeFalse("the server binds it");
            s.UnlinkNames(); // nothing bound: not an error
        }
        var longSpec = Spec(TransportKind.Uds) with { RunDirectory = "/tmp/" + new string('d', 100) };
        FluentActions.Invoking(() => TransportSetups.Create(longSpec)).Should().Throw<ArgumentException>().WithMessage("uds: socket path is * bytes*");
    }

    [Test]
    public void A_prefix_without_the_ipcbench_pid_form_is_refused()
    {
        FluentActions.Invoking(() => TransportSetups.Create(Spec(TransportKind.Shm) with { NamePrefix = "other" })).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => TransportSetups.Create(Spec(TransportKind.Shm) with { NamePrefix = "ipcbench-1/x" })).Should().Throw<ArgumentException>();
    }

    [Test]
    public void Skip_reasons_name_the_limit_and_how_to_raise_it()
    {
        var limits = new MqLimits(MsgMax: 10, MsgSizeMax: 8192, RLimitMsgQueue: 819200);
        limits.SkipReason(8192).Should().BeNull();
        limits.SkipReason(65536).Should().Be("size 65536 exceeds fs.mqueue.msgsize_max (8192) and this process may not exceed it (no CAP_SYS_RESOURCE); raise it: sysctl -w fs.mqueue.msgsize_max=65536");
        var capable = limits with { MayExceedMsgSizeMax = true };
        capable.SkipReason(65536).Should().BeNull("CAP_SYS_RESOURCE lifts fs.mqueue.msgsize_max");
        capable.SkipReason((16 << 20) + 1).Should().Contain("HARD_MSGSIZEMAX");
        capable.SkipReason(1 << 20).Should().Contain("RLIMIT_MSGQUEUE", "two 1 MiB queues exceed 819200 bytes");
        new MqLimits(0, 8192, 819200).SkipReason(64).Should().Contain("fs.mqueue.msg_max is 0").And.Contain("sysctl -w fs.mqueue.msg_max=");
        new MqLimits(10, 1 << 20, 1000).SkipReason(8192).Should().Contain("RLIMIT_MSGQUEUE (1000 bytes)").And.Contain("ulimit -q");
        limits.Depth(64).Should().Be(10);
        new MqLimits(64, 8192, 819200).Depth(8192).Should().Be(49, "two queues of depth d need 2 * d * (8192 + 96) <= 819200");
        new MqLimits(64, 8192, RLimit.Infinity).Depth(8192).Should().Be(64);

        var live = MqLimits.Read();
        long max = live.MsgSizeMax;
        if (live.MayExceedMsgSizeMax)
            TransportSetups.SkipReason(TransportKind.Mq, (int)max + 1).Should().BeNull();
        else
            TransportSetups.SkipReason(TransportKind.Mq, (int)max + 1).Should().Contain("fs.mqueue.msgsize_max");
        TransportSetups.SkipReason(TransportKind.Mq, 64).Should().BeNull();
        foreach (var k in TransportKinds.All.Where(k => k != TransportKind.Mq))
            TransportSetups.SkipReason(k, 1 << 20).Should().BeNull();
        TransportSetups.SkipReason(TransportKind.Pipe, 8).Should().Contain("16-byte header");
    }
}

using System.Text.Json;
using IpcBench.Tests.Orchestration;

namespace IpcBench.Tests.Cli;

/// <summary>`ipcbench run` end to end: files written, bounded failure when a peer dies, interruption, concurrency.</summary>
[TestFixture]
[Category("Cli")]
public class RunCommandTests
{
    string _out = "";

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("ipcbench-test-out-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public void A_run_writes_json_csv_and_markdown_and_prints_the_tables()
    {
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(120), "run", "--transports", "pipe,shm",
            "--peers", "managed-native", "--sizes", "64,4K", "--count", "100", "--out", _out);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("Round trip").And.Contain("Throughput").And.Contain("Copy model").And.Contain("cache-line");
        var json = Directory.GetFiles(_out, "*.json").Should().ContainSingle().Subject;
        Directory.GetFiles(_out, "*.csv").Should().ContainSingle();
        Directory.GetFiles(_out, "*.md").Should().ContainSingle();
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        doc.RootElement.GetProperty("cells").GetArrayLength().Should().Be(2 * 3 * 2);
    }

    [Test]
    [CancelAfter(120_000)]
    public void A_killed_peer_fails_its_cell_in_bounded_time_and_leaves_nothing()
    {
        using var cli = new CliProcess("run", "--transports", "shm", "--wait", "futex", "--peers", "native-native",
            "--workloads", "latency", "--sizes", "64", "--count", "20000000", "--timeout", "10", "--no-floors", "--out", _out);
        var peers = WaitForPeers(cli.Process.Id, 2);

        System.Diagnostics.Process.GetProcessById(peers[0]).Kill();
        var (exit, _, stderr) = cli.Wait(TimeSpan.FromSeconds(110)); // a watchdog; 20M round trips would take far longer

        exit.Should().Be(1, stderr);
        stderr.Should().Contain("FAILED").And.Contain("killed by signal 9", "the cell failed because of the kill, not by running out its count");
        Leftovers.Of(cli.Process.Id).Should().BeEmpty();
        peers.Where(p => Leftovers.CommandLine(p).Length > 0).Should().BeEmpty("the surviving peer is killed too");
    }

    [Test]
    [CancelAfter(120_000)]
    public void A_killed_managed_peer_leaves_no_runtime_files_either()
    {
        using var cli = new CliProcess("run", "--transports", "shm", "--wait", "futex", "--peers", "managed-managed",
            "--workloads", "latency", "--sizes", "64", "--count", "20000000", "--timeout", "10", "--no-floors", "--out", _out);
        var peers = WaitForPeers(cli.Process.Id, 2, marker: "__peer");

        System.Diagnostics.Process.GetProcessById(peers[0]).Kill();
        var (exit, _, stderr) = cli.Wait(TimeSpan.FromSeconds(110)); // a watchdog, not a bound

        exit.Should().Be(1, stderr);
        Leftovers.Of(cli.Process.Id).Should().BeEmpty();
        peers.SelectMany(Leftovers.RuntimeFiles).Should().BeEmpty("a killed peer cannot remove the runtime's debugger pipes itself");
    }

    [Test]
    [CancelAfter(120_000)]
    public void A_hung_peer_fails_its_cell_within_the_timeout_and_the_other_cells_still_run()
    {
        // Two cells: the first one's server is stopped (SIGSTOP: alive but silent); the second must run.
        using var cli = new CliProcess("run", "--transports", "shm,pipe", "--wait", "futex", "--peers", "native-native",
            "--workloads", "latency", "--sizes", "64", "--count", "20000000", "--timeout", "3", "--no-floors", "--out", _out);
        var peers = WaitForPeers(cli.Process.Id, 2);

        IpcBench.Interop.Posix.Kill(peers[0], 19); // SIGSTOP
        var firstFailed = WaitForLine(cli, "FAILED", TimeSpan.FromSeconds(100)); // a watchdog, not a bound
        // The second cell (pipe) is running now; end it so the test does not wait for 20M round trips.
        WaitForPeers(cli.Process.Id, 2, except: peers).ForEach(p => IpcBench.Interop.Posix.Kill(p, IpcBench.Interop.Posix.SIGKILL));
        var (exit, _, stderr) = cli.Wait(TimeSpan.FromSeconds(110)); // a watchdog, not a bound

        // Rounds run the cells in a shuffled order: either may be the one stopped; both fail, in round 1,
        // and the stopped peer is named as such.
        firstFailed.Should().Contain("(round 1/5): FAILED").And.Contain("is stopped");
        exit.Should().Be(1, stderr);
        stderr.Should().Contain("shm/futex native-native latency 64 cross (round 1/5): FAILED")
            .And.Contain("pipe native-native latency 64 cross (round 1/5): FAILED");
        Leftovers.Of(cli.Process.Id).Should().BeEmpty();
        peers.Where(p => Leftovers.CommandLine(p).Length > 0).Should().BeEmpty("the stopped peer is killed");
    }

    [Test]
    [CancelAfter(120_000)]
    public void Sigterm_stops_the_run_cleanly_and_saves_what_ran()
    {
        using var cli = new CliProcess("run", "--transports", "fifo,mq", "--peers", "native-native", "--workloads", "latency",
            "--sizes", "64", "--count", "20000000", "--no-floors", "--out", _out);
        var peers = WaitForPeers(cli.Process.Id, 2);

        IpcBench.Interop.Posix.Kill(cli.Process.Id, IpcBench.Interop.Posix.SIGTERM);
        var (exit, _, stderr) = cli.Wait(TimeSpan.FromSeconds(110)); // a watchdog, not a bound

        exit.Should().Be(143, stderr);
        stderr.Should().Contain("interrupted");
        Directory.GetFiles(_out, "*.json").Should().ContainSingle();
        Leftovers.Of(cli.Process.Id).Should().BeEmpty();
        peers.Where(p => Leftovers.CommandLine(p).Length > 0).Should().BeEmpty();
    }

    [Test]
    [CancelAfter(180_000)]
    public void Two_runs_at_the_same_time_do_not_collide()
    {
        string[] args = ["run", "--transports", "fifo,mq,shm,mmap-file,uds", "--peers", "native-native", "--sizes", "64,4K",
            "--count", "500", "--no-floors", "--out", _out];
        using var a = new CliProcess(args);
        using var b = new CliProcess(args);

        var ra = a.Wait(TimeSpan.FromSeconds(150));
        var rb = b.Wait(TimeSpan.FromSeconds(150));

        ra.Exit.Should().Be(0, ra.Stderr);
        rb.Exit.Should().Be(0, rb.Stderr);
        Directory.GetFiles(_out, "*.json").Should().HaveCount(2);
        Leftovers.Of(a.Process.Id).Should().BeEmpty();
        Leftovers.Of(b.Process.Id).Should().BeEmpty();
    }

    /// <summary>The first line of the run's progress log (standard error) that contains <paramref name="text"/>.</summary>
    [Test]
    [CancelAfter(600_000)]
    public void A_healthy_cell_longer_than_the_timeout_passes()
    {
        // 400,000 round trips through a pipe, each with two wake-ups, outlast --timeout 3 even on a quiet
        // machine (and take minutes on a loaded one): the timeout bounds silence, and both peers report
        // progress while they run. The timeout is not shorter so that a loaded machine's scheduling gaps
        // are not mistaken for silence.
        var (exit, _, stderr) = CliProcess.Run(TimeSpan.FromSeconds(560), "run", "--transports", "pipe", "--peers", "native-native",
            "--workloads", "latency", "--sizes", "64", "--count", "400000", "--repetitions", "1", "--timeout", "3",
            "--no-floors", "--out", _out);

        exit.Should().Be(0, stderr);
        stderr.Should().NotContain("FAILED");
    }

    [TestCase("client")]
    [TestCase("server")]
    [CancelAfter(120_000)]
    public void A_stopped_peer_is_named_as_the_stopped_one(string role)
    {
        // The partner of a stopped peer times out in its ring wait and may report first: the harness must
        // still name the stopped one (state T in /proc/<pid>/stat).
        using var cli = new CliProcess("run", "--transports", "shm", "--wait", "futex", "--peers", "native-native",
            "--workloads", "latency", "--sizes", "64", "--count", "20000000", "--timeout", "2", "--no-floors", "--out", _out);
        var peers = WaitForPeers(cli.Process.Id, 2);
        int stopped = peers.Single(p => Leftovers.CommandLine(p).Contains($"--role {role} ", StringComparison.Ordinal));

        IpcBench.Interop.Posix.Kill(stopped, 19); // SIGSTOP
        var failed = WaitForLine(cli, "FAILED", TimeSpan.FromSeconds(60));
        var (exit, _, stderr) = cli.Wait(TimeSpan.FromSeconds(30));

        failed.Should().Contain($"{role} (native x86_64) is stopped", stderr);
        exit.Should().Be(1, stderr);
        Leftovers.Of(cli.Process.Id).Should().BeEmpty();
        peers.Where(p => Leftovers.CommandLine(p).Length > 0).Should().BeEmpty("the stopped peer is killed");
    }

    static string WaitForLine(CliProcess cli, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (cli.StderrSoFar.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
                return line;
            Thread.Sleep(50);
        }
        Assert.Fail($"no '{text}' within {timeout}");
        return "";
    }

    /// <summary>Waits until the run has its peers running (their RUN phase), returns their pids.</summary>
    static List<int> WaitForPeers(int harness, int count, IReadOnlyCollection<int>? except = null, string marker = "ipcpeer")
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var kids = Leftovers.Children(harness)
                .Where(p => Leftovers.CommandLine(p).Contains(marker, StringComparison.Ordinal) && except?.Contains(p) != true).ToList();
            if (kids.Count >= count)
            {
                Thread.Sleep(500); // past HELLO and OPEN, into the timed phase
                return kids;
            }
            Thread.Sleep(50);
        }
        Assert.Fail("the run's peers did not start");
        return [];
    }
}

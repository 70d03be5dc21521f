using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using IpcBench.Orchestration;
using IpcBench.Peer;
using IpcBench.Protocol;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Transports;

/// <summary>The managed peer's control protocol, in process (floors, errors) and as a process (exit codes, dead partners).</summary>
[SupportedOSPlatform("linux")]
public class PeerMainTests
{
    private static (int Status, string[] Lines) RunInProcess(string args, string input)
    {
        var output = new StringWriter { NewLine = "\n" };
        int status = PeerMain.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), new StringReader(input), output, watchParent: false);
        return (status, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [TestCase("memcpy")]
    [TestCase("own")]
    public void Floors_report_result_ns(string workload)
    {
        var (status, lines) = RunInProcess($"--transport none --workload {workload} --size 4096 --count 200 --warmup 20", "OPEN\nRUN\n");
        status.Should().Be(0, string.Join(" | ", lines));
        lines.Should().HaveCount(3);
        lines[0].Should().Be($"HELLO {ControlProtocol.ProtocolTag} impl=managed abi=x86_64 pid={Environment.ProcessId}");
        lines[1].Should().Be("OPENED");
        lines[2].Should().MatchRegex(@"^DONE messages=1000 bytes=0 elapsed_ns=[0-9]+ utime_ns=[0-9]+ stime_ns=[0-9]+ nvcsw=[0-9]+ nivcsw=[0-9]+ result_ns=[0-9]+\.[0-9]{3} jit=ao-loops run_cpu_ns=[0-9]+( migrations=[0-9]+)? jit_window=0$"); // started here without the harness's tiering setting; nothing compiled inside the timed phase
        double r = ControlProtocol.GetDouble(ControlProtocol.ParseFields(lines[2]), "result_ns")!.Value;
        r.Should().BePositive();
    }

    [Test]
    public void A_bad_command_line_is_one_ERROR_line_and_status_2()
    {
        var (status, lines) = RunInProcess("--transport none --workload own --size 64 --count 1 --frobnicate", "");
        status.Should().Be(2);
        lines.Should().Equal("ERROR unknown option '--frobnicate'");
    }

    [Test]
    public void An_unexpected_control_word_or_closed_stdin_is_an_ERROR_and_status_1()
    {
        var (status, lines) = RunInProcess("--transport none --workload own --size 64 --count 1", "RUN\n");
        status.Should().Be(1);
        lines[^1].Should().Be("ERROR control: expected OPEN, got 'RUN'");
        (status, lines) = RunInProcess("--transport none --workload own --size 64 --count 1", "OPEN\n");
        status.Should().Be(1);
        lines[^1].Should().Be("ERROR control: stdin closed while waiting for RUN");
    }

    [Test]
    public void A_missing_named_object_fails_OPEN_with_the_call_and_errno()
    {
        string name = $"/ipcbench-{Environment.ProcessId}-absent";
        var (status, lines) = RunInProcess($"--role client --transport shm --workload latency --size 64 --count 1 --wait spin --slots 4 --name {name} --samples /dev/null", "OPEN\n");
        status.Should().Be(1);
        lines[^1].Should().Be($"ERROR shm: shm_open({name}): ENOENT (No such file or directory)");
    }

    [Test]
    public void Pinning_to_a_cpu_not_allowed_is_a_usage_error()
    {
        // sched_setaffinity pins the calling thread: run on a thread of its own
        (int, string[]) result = default;
        var t = new Thread(() => result = RunInProcess("--transport none --workload own --size 64 --count 1 --cpu 1023", ""));
        t.Start();
        t.Join();
        result.Item1.Should().Be(2);
        result.Item2.Should().Equal("ERROR --cpu 1023: sched_setaffinity(cpu 1023): EINVAL (Invalid argument)");
    }

    [Test]
    public void The_managed_peer_process_exits_2_on_bad_input()
    {
        var psi = new ProcessStartInfo("dotnet", [PeerLoopbackTests.ManagedDll, "__peer", "--transport", "pipe"]) { RedirectStandardOutput = true };
        psi.Environment["DOTNET_EnableDiagnostics"] = "0"; // as the harness starts its peers
        var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.Should().Be(2);
        output.Should().Be("ERROR missing --workload\n");
    }

    [Test]
    public void The_managed_peer_dies_with_its_parent()
    {
        string dir = MkDTemp("/tmp/ipcbench-test-XXXXXX");
        try
        {
            string fifo = Path.Combine(dir, "stdin"), output = Path.Combine(dir, "out");
            MkFifo(fifo, 0x180);
            using var holdOpen = Open(fifo, O_RDWR | O_CLOEXEC); // a writer that never writes: the peer waits for OPEN
            // the parent: a shell that starts the peer in the background and then lives on as `sleep`
            var psi = new ProcessStartInfo("sh", ["-c", $"DOTNET_EnableDiagnostics=0 dotnet '{PeerLoopbackTests.ManagedDll}' __peer --transport none --workload own --size 64 --count 1 <'{fifo}' >'{output}' 2>&1 & echo $!; exec sleep 60"])
            {
                RedirectStandardOutput = true,
            };
            using var parent = Process.Start(psi)!;
            int peer = int.Parse(parent.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
            try
            {
                var sw = Stopwatch.StartNew();
                // Generous watchdogs, only to end the test if something really hangs; no timing is asserted.
                while (!(File.Exists(output) && File.ReadAllText(output).StartsWith("HELLO", StringComparison.Ordinal)) && sw.ElapsedMilliseconds < 120_000)
                    Thread.Sleep(20);
                File.ReadAllText(output).Should().StartWith("HELLO");
                Alive(peer).Should().BeTrue("the peer waits for OPEN while its parent lives");
                parent.Kill();
                parent.WaitForExit();
                sw.Restart();
                while (Alive(peer) && sw.ElapsedMilliseconds < 120_000)
                    Thread.Sleep(10);
                Alive(peer).Should().BeFalse("the peer kills itself when its parent dies");
            }
            finally
            {
                KillRaw(peer, SIGKILL);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Alive and not a zombie (the orphan's new parent may reap it late).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [TestCase(TransportKind.Pipe, "pipe: read: end of file*")]
    [TestCase(TransportKind.Uds, "uds: read: end of file*")]
    [TestCase(TransportKind.Shm, "shm: receive (ring empty): the partner made no progress within 1500 ms")]
    [TestCase(TransportKind.Mq, "mq: receive timed out after 1500 ms*")]
    public void A_dead_partner_is_a_clear_ERROR_within_the_timeout(TransportKind kind, string error)
    {
        string dir = MkDTemp("/tmp/ipcbench-test-XXXXXX");
        try
        {
            var spec = new TransportCellSpec(kind, 64, kind.HasRing() ? WaitStrategy.Futex : WaitStrategy.None, dir, $"ipcbench-{Environment.ProcessId}-dead-{kind}");
            using var setup = TransportSetups.Create(spec);
            var common = new PeerOptions
            {
                Transport = kind,
                Workload = PeerWorkload.Throughput,
                Size = 64,
                Count = 100_000_000,
                Warmup = 1,
                TimeoutMs = 1500,
                Wait = kind.HasRing() ? WaitStrategy.Futex : WaitStrategy.None,
            };
            setup.BeforeSpawn();
            var step = TimeSpan.FromSeconds(10);
            using var server = PeerProcess.Start(PeerLoopbackTests.Managed, (common with { Role = PeerRole.Server }).With(setup.ServerArgs).ToArguments(), "server");
            server.Expect("HELLO", step, default);
            using var client = PeerProcess.Start(PeerLoopbackTests.Managed, (common with { Role = PeerRole.Client }).With(setup.ClientArgs).ToArguments(), "client");
            client.Expect("HELLO", step, default);
            setup.AfterSpawn();
            server.Send("OPEN");
            client.Send("OPEN");
            server.Expect("OPENED", step, default);
            client.Expect("OPENED", step, default);
            setup.UnlinkNames();
            client.Dispose(); // killed before RUN: the server waits for messages that never come
            server.Send("RUN");
            // PeerProcess turns the peer's ERROR line into the exception, prefixed with the peer's label:
            // the peer itself noticed the dead partner and said why (the harness's wait is only a watchdog).
            server.Invoking(s => s.Expect("DONE", TimeSpan.FromSeconds(120), default)).Should().Throw<CellFailedException>().WithMessage("server: " + error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

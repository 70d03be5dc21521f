using System.Runtime;
using IpcBench.Orchestration;
using IpcBench.Tests.Cli;

namespace IpcBench.Tests.Orchestration;

/// <summary>
/// `ulimit -n`: a finished peer gives its pipe descriptors back at once (not at a GC), and a limit
/// too low for a command is one line and exit 2, not a runtime fatal error.
/// </summary>
[TestFixture]
[Category("Cli")]
public class DescriptorTests
{
    /// <summary>This process's open pipe descriptors, as "fd -> pipe:[inode]".</summary>
    static HashSet<string> PipesOpen() =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd")
            .Select(fd => { try { return (Fd: fd, Target: new FileInfo(fd).LinkTarget); } catch (IOException) { return (Fd: fd, Target: null); } })
            .Where(x => x.Target?.StartsWith("pipe:", StringComparison.Ordinal) == true)
            .Select(x => $"{Path.GetFileName(x.Fd)} -> {x.Target}")];

    [Test]
    [NonParallelizable] // counts this process's descriptors
    public void A_disposed_peer_holds_no_pipe_descriptor_without_a_gc()
    {
        var cat = new PeerLaunch("/bin/cat", []);
        using (var warm = PeerProcess.Start(cat, [], "warm-up")) warm.Send("x"); // the runtime's own pipes, made once
        // No GC may run meanwhile, so only Dispose can have closed what a peer held.
        bool noGc = GC.TryStartNoGCRegion(32L << 20);
        try
        {
            for (int i = 0; i < 10; i++)
            {
                var before = PipesOpen();
                HashSet<string> during;
                using (var peer = PeerProcess.Start(cat, [], $"peer {i}"))
                {
                    peer.Send("HELLO"); // uses stdin, as the control protocol does
                    during = PipesOpen();
                    during.ExceptWith(before);
                    during.Should().HaveCountGreaterThanOrEqualTo(3, "a live peer's stdin, stdout and stderr pipes are open");
                }
                PipesOpen().Intersect(during).Should().BeEmpty($"peer {i} is finished: none of its pipes may stay open");
            }
        }
        finally
        {
            if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    [TestCase(22)]
    [TestCase(64)]
    [TestCase(127)]
    public void A_low_open_file_limit_is_refused_with_one_line(int limit)
    {
        var (exit, stdout, stderr) = RunLimited(limit, "run", "--transports", "pipe", "--sizes", "64", "--out", Path.GetTempPath());

        exit.Should().Be(2, stderr);
        stderr.TrimEnd('\n').Should().StartWith("ipcbench: the open-file limit (ulimit -n) is ").And.Contain("at least 128").And.NotContain("\n");
        stdout.Should().BeEmpty();
    }

    [Test]
    public void From_the_floor_up_a_limit_is_either_refused_before_any_cell_or_enough_for_the_run()
    {
        // Just above the floor the run's own estimate (what is open, one cell, the runtime's reserve)
        // decides: it must never admit a limit the run then dies of.
        long needs = 0;
        for (int limit = DescriptorBudget.Minimum; limit < DescriptorBudget.Minimum + 64; limit += 8)
        {
            var (exit, stdout, stderr) = RunLimited(limit, "run", "--transports", "pipe", "--peers", "native-native", "--workloads", "latency",
                "--sizes", "64", "--count", "100", "--no-floors", "--out", Path.GetTempPath() + "/ipcbench-fd-test-never-written");
            if (exit == 2)
            {
                stderr.TrimEnd('\n').Should().Contain("this run needs about").And.NotContain("\n");
                stdout.Should().NotContain("[1/", "refused before the first cell");
                needs = limit;
            }
            else
            {
                exit.Should().Be(0, stderr);
                break;
            }
        }
        Directory.Exists(Path.GetTempPath() + "/ipcbench-fd-test-never-written").Should().BeTrue("the --out check made it");
        Directory.Delete(Path.GetTempPath() + "/ipcbench-fd-test-never-written", recursive: true);
        TestContext.Out.WriteLine(needs == 0 ? "the floor of 128 was enough for this run" : $"refused at {needs}");
    }

    /// <summary>ipcbench with RLIMIT_NOFILE lowered in a child shell (the test process keeps its own).</summary>
    static (int Exit, string Stdout, string Stderr) RunLimited(int limit, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"ulimit -n {limit} && exec \"$0\" \"$@\"");
        psi.ArgumentList.Add(CliProcess.DotnetHost);
        psi.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("hung: ipcbench did not exit within 3 minutes");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

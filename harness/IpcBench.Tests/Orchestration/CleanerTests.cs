using System.Diagnostics;
using IpcBench.Orchestration;
using IpcBench.Tests.Cli;

namespace IpcBench.Tests.Orchestration;

/// <summary>`ipcbench clean` removes a dead run's leftovers and never a live run's objects.</summary>
[Category("Cli")]
public class CleanerTests
{
    [TestCase("ipcbench-123-abc", 123)]
    [TestCase("ipcbench-123-abc-7-c2s", 123)]
    [TestCase("ipcbench-x-abc", null)]
    [TestCase("ipcbench--abc", null)]
    [TestCase("other-123-abc", null)]
    public void Owner_pids_are_read_from_names(string name, int? pid) => Cleaner.OwnerPid(name).Should().Be(pid);

    [Test]
    public void Clean_removes_dead_runs_leftovers_and_keeps_live_ones()
    {
        int dead = DeadPid();
        var deadShm = $"/dev/shm/ipcbench-{dead}-cleantest";
        var deadDir = Path.Combine(Path.GetTempPath(), $"ipcbench-{dead}-cleantest");
        // This test process is alive and older than the objects: its leftovers must stay.
        var liveShm = $"/dev/shm/ipcbench-{Environment.ProcessId}-cleantest";
        File.WriteAllText(deadShm, "x");
        Directory.CreateDirectory(deadDir);
        File.WriteAllText(Path.Combine(deadDir, "samples"), "x");
        File.WriteAllText(liveShm, "x");
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            stdout.Should().Contain(deadShm).And.Contain(deadDir).And.NotContain(liveShm);
            File.Exists(deadShm).Should().BeFalse();
            Directory.Exists(deadDir).Should().BeFalse();
            File.Exists(liveShm).Should().BeTrue();
        }
        finally
        {
            File.Delete(deadShm);
            File.Delete(liveShm);
            if (Directory.Exists(deadDir)) Directory.Delete(deadDir, true);
        }
    }

    [Test]
    public void Dry_run_lists_without_removing()
    {
        var deadShm = $"/dev/shm/ipcbench-{DeadPid()}-drytest";
        File.WriteAllText(deadShm, "x");
        try
        {
            var (exit, stdout, _) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean", "--dry-run");
            exit.Should().Be(0);
            stdout.Should().Contain("would remove").And.Contain(deadShm);
            File.Exists(deadShm).Should().BeTrue();
        }
        finally
        {
            File.Delete(deadShm);
        }
    }

    /// <summary>The pid of a process that has just exited (and so is not running).</summary>
    static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        Directory.Exists($"/proc/{p.Id}").Should().BeFalse();
        return p.Id;
    }
}

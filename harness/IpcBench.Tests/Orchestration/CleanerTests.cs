using IpcBench.Orchestration;
using IpcBench.Tests.Cli;
using IpcBench.Tests.Security;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Orchestration;

/// <summary>`ipcbench clean` removes a dead run's leftovers in the tool's exact formats and never a live run's objects.</summary>
[Category("Cli")]
public class CleanerTests
{
    static readonly string Tmp = Cleaner.Default.TempDir;

    [Test]
    public void Clean_removes_dead_runs_leftovers_and_keeps_live_ones()
    {
        int dead = SecondUser.DeadPid();
        var deadShm = $"/dev/shm/ipcbench-{dead}-{SecondUser.Token()}";
        var deadDir = Path.Combine(Tmp, $"ipcbench-{dead}-run-{SecondUser.Token()}");
        var deadProbeShm = $"/dev/shm/ipcprobe-{dead}-{SecondUser.Token()}-s";
        // This test process is alive and older than the objects: its leftovers must stay.
        var liveShm = $"/dev/shm/ipcbench-{Environment.ProcessId}-{SecondUser.Token()}";
        // Named almost like the tool's, but not in its exact formats: never touched.
        var notOurs = new[] { $"/dev/shm/ipcbench-{dead}-cleantest", Path.Combine(Tmp, $"ipcbench-{dead}-run-x") };
        File.WriteAllText(deadShm, "x");
        File.WriteAllText(deadProbeShm, "x");
        Directory.CreateDirectory(Path.Combine(deadDir, "fifo-dir"));
        File.WriteAllText(Path.Combine(deadDir, "fifo-dir", "samples"), "x");
        File.WriteAllText(liveShm, "x");
        File.WriteAllText(notOurs[0], "x");
        Directory.CreateDirectory(notOurs[1]);
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            stdout.Should().Contain(deadShm).And.Contain(deadDir).And.Contain(deadProbeShm).And.NotContain(liveShm);
            File.Exists(deadShm).Should().BeFalse();
            File.Exists(deadProbeShm).Should().BeFalse();
            Directory.Exists(deadDir).Should().BeFalse();
            File.Exists(liveShm).Should().BeTrue();
            File.Exists(notOurs[0]).Should().BeTrue("a name outside the exact formats is not the tool's");
            Directory.Exists(notOurs[1]).Should().BeTrue("a name outside the exact formats is not the tool's");
        }
        finally
        {
            SecondUser.RemovePlanted([deadShm, deadProbeShm, liveShm, deadDir, .. notOurs]);
        }
    }

    [Test]
    public void Clean_removes_a_dead_runs_queues()
    {
        if (!SecondUser.QueuesListable)
            Assert.Ignore("queues cannot be listed here: /dev/mqueue is not mounted and only root can mount a private one (CI runs as root)");
        int dead = SecondUser.DeadPid();
        var queues = new[] { $"/ipcbench-{dead}-{SecondUser.Token()}-c2s", $"/ipcprobe-{dead}-{SecondUser.Token()}-q" };
        var live = $"/ipcbench-{Environment.ProcessId}-{SecondUser.Token()}-s2c";
        foreach (var q in queues.Append(live))
            SecondUser.CreateQueue(q);
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            stderr.Should().NotContain("cannot be listed");
            foreach (var q in queues)
            {
                stdout.Should().Contain($"removed message queue {q}");
                QueueListing.Inspect(q).State.Should().Be(QueueListing.QueueState.Absent);
            }
            QueueListing.Inspect(live).State.Should().Be(QueueListing.QueueState.Present, "a live run's queue stays");
        }
        finally
        {
            SecondUser.UnlinkQueues([.. queues, live]);
        }
    }

    [Test]
    public void An_ordinary_user_without_a_queue_listing_finds_a_dead_runs_queues_by_its_journal()
    {
        SecondUser.RequireRoot("an ordinary user's clean, prepared as that user (uid 65534)");
        int dead = SecondUser.DeadPid();
        string token = SecondUser.Token();
        var dir = Path.Combine(Tmp, $"ipcbench-{dead}-run-{SecondUser.Token()}");
        var cellQueue = $"/ipcbench-{dead}-{SecondUser.Token()}-c2s";
        var probeQueue = $"/ipcprobe-{dead}-{token}-q";
        // What a killed run of that user left: its folder with the journal, and the queues it names.
        SecondUser.OnThread(() =>
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"ipcbench-{dead}-{token}-3{NameJournal.Suffix}"), $"mq {cellQueue}\n");
            File.WriteAllText(Path.Combine(dir, NameJournal.FileName), $"probe {dead} {token}\n");
            SecondUser.CreateQueue(cellQueue);
            SecondUser.CreateQueue(probeQueue);
        });
        try
        {
            var (exit, stdout, stderr) = SecondUser.Ipcbench("clean");

            exit.Should().Be(0, stderr);
            stdout.Should().Contain($"removed message queue {cellQueue}").And.Contain($"removed message queue {probeQueue}");
            QueueListing.Inspect(cellQueue).State.Should().Be(QueueListing.QueueState.Absent);
            QueueListing.Inspect(probeQueue).State.Should().Be(QueueListing.QueueState.Absent);
            Directory.Exists(dir).Should().BeFalse();
        }
        finally
        {
            SecondUser.RemovePlanted([dir]);
            SecondUser.UnlinkQueues([cellQueue, probeQueue]);
        }
    }

    [Test]
    public void The_probe_sweep_checks_a_probes_own_queues_by_name_without_listing_them()
    {
        int dead = SecondUser.DeadPid();
        string token = SecondUser.Token();
        var names = ToolNames.ProbeObjectNames(dead, token).ToList();
        var left = "/" + names.First(n => n.EndsWith("-q", StringComparison.Ordinal));
        SecondUser.CreateQueue(left);
        try
        {
            var sweep = Cleaner.SweepProbeObjects(Cleaner.Default, listQueues: false, names);

            sweep.Leftovers.Should().ContainSingle(l => l.Path == left && l.Kind == "message queue" && l.Removed);
            QueueListing.Inspect(left).State.Should().Be(QueueListing.QueueState.Absent);
        }
        finally
        {
            SecondUser.UnlinkQueues([left]);
        }
    }

    [Test]
    public void Unlinking_a_queue_says_whether_it_removed_one_so_the_sweep_reports_no_queue_its_owner_removed_first()
    {
        var name = "/" + ToolNames.ProbeObjectNames(SecondUser.DeadPid(), SecondUser.Token()).First(n => n.EndsWith("-q", StringComparison.Ordinal));
        SecondUser.CreateQueue(name);
        try
        {
            QueueListing.TryUnlink(name).Should().BeTrue();
            QueueListing.TryUnlink(name).Should().BeFalse("the queue is gone: a sweep that meets this did not find a leftover");
            QueueListing.Inspect(name).State.Should().Be(QueueListing.QueueState.Absent);
        }
        finally
        {
            SecondUser.UnlinkQueues([name]);
        }
    }

    [Test]
    public void The_probe_sweep_leaves_another_users_probe_objects_alone()
    {
        SecondUser.RequireRoot("the probe sweep next to another user's objects");
        int dead = SecondUser.DeadPid();
        string token = SecondUser.Token();
        var names = ToolNames.ProbeObjectNames(dead, token).ToList();
        var shm = "/dev/shm/" + names[0];
        var queue = "/" + names.First(n => n.EndsWith("-q", StringComparison.Ordinal));
        SecondUser.Shell($"echo squat > '{shm}'");
        SecondUser.OnThread(() => SecondUser.CreateQueue(queue));
        try
        {
            var sweep = Cleaner.SweepProbeObjects(Cleaner.Default, listQueues: true, names);

            sweep.Leftovers.Should().NotContain(l => l.Path == shm || l.Path == queue);
            sweep.LeftAlone.Should().BeGreaterThanOrEqualTo(2);
            File.ReadAllText(shm).Should().Be("squat\n");
            QueueListing.Inspect(queue).State.Should().Be(QueueListing.QueueState.NotOwned);
        }
        finally
        {
            SecondUser.RemovePlanted([shm]);
            SecondUser.UnlinkQueues([queue]);
        }
    }

    [Test]
    public void Clean_removes_the_runtime_endpoints_of_dead_ipcbench_processes_only()
    {
        int deadRun = SecondUser.DeadPid();
        int deadOther = SecondUser.DeadPid();
        // A dead ipcbench is known by a leftover of its own; a dead process with no such leftover may have been any .NET program.
        var runDir = Path.Combine(Tmp, $"ipcbench-{deadRun}-run-{SecondUser.Token()}");
        Directory.CreateDirectory(runDir);
        var ours = new[] { Path.Combine(Tmp, $"clr-debug-pipe-{deadRun}-12345-in"), Path.Combine(Tmp, $"clr-debug-pipe-{deadRun}-12345-out") };
        foreach (var f in ours)
            MkFifo(f, 0x180);
        var socket = Path.Combine(Tmp, $"dotnet-diagnostic-{deadRun}-12345-socket");
        using (var s = Socket(AF_UNIX, SOCK_STREAM))
            BindUnix(s, socket);
        var other = Path.Combine(Tmp, $"clr-debug-pipe-{deadOther}-12345-in");
        MkFifo(other, 0x180);
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            foreach (var f in ours.Append(socket))
            {
                stdout.Should().Contain(f);
                File.Exists(f).Should().BeFalse();
            }
            File.Exists(other).Should().BeTrue("nothing says the other dead process was ipcbench");
            stdout.Should().NotContain(other);
        }
        finally
        {
            SecondUser.RemovePlanted([runDir, .. ours, socket, other]);
        }
    }

    [Test]
    public void Dry_run_lists_without_removing()
    {
        var deadShm = $"/dev/shm/ipcbench-{SecondUser.DeadPid()}-{SecondUser.Token()}";
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
}

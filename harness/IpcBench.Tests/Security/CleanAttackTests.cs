using IpcBench.Orchestration;
using IpcBench.Tests.Cli;

namespace IpcBench.Tests.Security;

/// <summary>
/// `ipcbench clean` as root next to a hostile second user (uid 65534): the other user's files,
/// folders, shared-memory objects and queues named exactly like the tool's stay, and no link the
/// other user planted is followed.
/// </summary>
[Category("Cli")]
[Category("Security")]
public class CleanAttackTests
{
    static readonly string Tmp = Cleaner.Default.TempDir;

    [Test]
    public void Clean_as_root_leaves_another_users_lookalikes_alone()
    {
        SecondUser.RequireRoot("clean next to another user's lookalike files");
        int dead = SecondUser.DeadPid();
        var thesisDir = Path.Combine(Tmp, $"ipcbench-{dead}-run-{SecondUser.Token()}");
        var legacyDir = Path.Combine(Tmp, $"ipcbench-{dead}-thesis"); // issue 8: uid 1000's /tmp/ipcbench-29995-thesis
        var shm = $"/dev/shm/ipcbench-{dead}-{SecondUser.Token()}";
        var probeShm = $"/dev/shm/ipcprobe-{dead}-{SecondUser.Token()}-s";
        SecondUser.Shell($"""
            set -e
            mkdir '{thesisDir}' '{legacyDir}'
            echo thesis > '{thesisDir}/thesis.tex'
            echo thesis > '{legacyDir}/thesis.tex'
            echo x > '{shm}'
            echo x > '{probeShm}'
            """);
        var queues = new[] { $"/ipcbench-{dead}-{SecondUser.Token()}-c2s", $"/ipcprobe-{dead}-{SecondUser.Token()}-q" };
        SecondUser.OnThread(() =>
        {
            foreach (var q in queues)
                SecondUser.CreateQueue(q);
        });
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            File.ReadAllText(Path.Combine(thesisDir, "thesis.tex")).Should().Be("thesis\n");
            File.ReadAllText(Path.Combine(legacyDir, "thesis.tex")).Should().Be("thesis\n");
            File.Exists(shm).Should().BeTrue();
            // (Whether probeShm survives is not asserted: on a shared machine an older ipcbench's probe sweep,
            // which removed any owner's, may run meanwhile. That this clean left it alone, stdout tells below.)
            foreach (var q in queues)
            {
                QueueListing.Inspect(q).State.Should().Be(QueueListing.QueueState.NotOwned, $"{q} is the other user's and still there");
                stdout.Should().NotContain(q);
            }
            stdout.Should().NotContain(thesisDir).And.NotContain(legacyDir).And.NotContain(shm).And.NotContain(probeShm);
            stdout.Should().Contain("left alone");
        }
        finally
        {
            SecondUser.RemovePlanted([thesisDir, legacyDir, shm, probeShm]);
            SecondUser.UnlinkQueues(queues);
        }
    }

    [Test]
    public void Clean_as_root_never_follows_a_planted_link()
    {
        SecondUser.RequireRoot("clean next to links planted by another user");
        int dead = SecondUser.DeadPid();
        var victim = SecondUser.Victim();
        // Links in the tool's formats, planted by the other user, pointing at the victim's folder and file.
        var links = new[]
        {
            Path.Combine(Tmp, $"ipcbench-{dead}-run-{SecondUser.Token()}"),
            Path.Combine(Tmp, $"ipcbench-{dead}-probes"),
            $"/dev/shm/ipcbench-{dead}-{SecondUser.Token()}",
        };
        SecondUser.Shell(string.Join('\n', links.Select((l, i) =>
            $"ln -s '{(i == 2 ? Path.Combine(victim, "precious") : victim)}' '{l}'")));
        // A dead run of root's own whose folder holds a link to the victim: the link goes, the victim stays.
        var ownDir = Path.Combine(Tmp, $"ipcbench-{dead}-run-{SecondUser.Token()}");
        Directory.CreateDirectory(Path.Combine(ownDir, "sub"));
        File.CreateSymbolicLink(Path.Combine(ownDir, "sub", "to-victim"), victim);
        File.CreateSymbolicLink(Path.Combine(ownDir, "to-precious"), Path.Combine(victim, "precious"));
        try
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "clean");

            exit.Should().Be(0, stderr);
            SecondUser.VictimIntact(victim);
            foreach (var l in links)
                new FileInfo(l).LinkTarget.Should().NotBeNull($"{l}, the other user's link, is left alone");
            Directory.Exists(ownDir).Should().BeFalse("root's own dead run folder is removed, its links as links");
            stdout.Should().Contain(ownDir);
        }
        finally
        {
            SecondUser.RemovePlanted([.. links, ownDir, victim]);
        }
    }
}

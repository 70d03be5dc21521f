using IpcBench.Orchestration;
using IpcBench.Transports;

namespace IpcBench.Tests.Security;

/// <summary>
/// Name squatting (issue 8): another user pre-creates the shared-memory object or queue a cell is
/// about to create. Names are drawn fresh from the CSPRNG for every cell, so the squatter cannot
/// know them in advance; should a name be taken all the same, the cell draws another, never uses
/// or removes the squatter's object, and says so when it runs out of attempts.
/// </summary>
[Category("Security")]
public class SquattingTests
{
    string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ipcbench-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    TransportCellSpec Spec(TransportKind kind, Func<string> names) =>
        new(kind, 64, kind.HasRing() ? WaitStrategy.Spin : WaitStrategy.None, _dir, $"ipcbench-{Environment.ProcessId}-sq", names);

    /// <summary>Names handed out in order: the squatted ones first, then fresh ones.</summary>
    static Func<string> Names(IEnumerable<string> first)
    {
        var queue = new Queue<string>(first);
        return () => queue.Count > 0 ? queue.Dequeue() : ToolNames.NewObjectName();
    }

    [Test]
    public void Every_cell_draws_unpredictable_names()
    {
        var names = Enumerable.Range(0, 200).Select(_ => ToolNames.NewObjectName()).ToList();
        names.Should().OnlyHaveUniqueItems();
        names.Should().AllSatisfy(n => ToolNames.ObjectPid(n[1..]).Should().Be(Environment.ProcessId));
        // 64 random bits each: the names share nothing but the pid.
        names.Select(n => n.Split('-')[2]).Should().AllSatisfy(t => t.Should().MatchRegex("^[0-9a-f]{16}$"));
    }

    [Test]
    public void A_squatted_shm_name_is_skipped_for_a_fresh_one_and_left_alone()
    {
        SecondUser.RequireRoot("an shm object squatted by another user");
        var squatted = ToolNames.NewObjectName();
        SecondUser.Shell($"echo squat > '/dev/shm{squatted}'");
        try
        {
            using (var s = TransportSetups.Create(Spec(TransportKind.Shm, Names([squatted]))))
            {
                var name = s.ServerArgs[1];
                name.Should().NotBe(squatted);
                new FileInfo("/dev/shm" + name).Length.Should().BeGreaterThan(0);
            }
            File.ReadAllText("/dev/shm" + squatted).Should().Be("squat\n", "the squatter's object is neither used nor removed");
        }
        finally
        {
            File.Delete("/dev/shm" + squatted);
        }
    }

    [Test]
    public void A_squatted_queue_pair_is_retried_whole()
    {
        SecondUser.RequireRoot("a queue squatted by another user");
        // The squatter holds only the second queue of the first name: the first is made, then removed again.
        var first = ToolNames.NewObjectName();
        SecondUser.OnThread(() => SecondUser.CreateQueue(first + "-s2c"));
        try
        {
            using (var s = TransportSetups.Create(Spec(TransportKind.Mq, Names([first]))))
            {
                var name = s.ServerArgs[1];
                name.Should().NotBe(first);
                QueueListing.Inspect(name + "-c2s").State.Should().Be(QueueListing.QueueState.Present);
                QueueListing.Inspect(name + "-s2c").State.Should().Be(QueueListing.QueueState.Present);
            }
            QueueListing.Inspect(first + "-c2s").State.Should().Be(QueueListing.QueueState.Absent, "the half-made pair was undone");
            QueueListing.Inspect(first + "-s2c").State.Should().Be(QueueListing.QueueState.NotOwned, "the squatter's queue stays");
        }
        finally
        {
            SecondUser.UnlinkQueues([first + "-c2s", first + "-s2c"]);
        }
    }

    [Test]
    public void A_cell_that_finds_every_name_taken_says_so()
    {
        SecondUser.RequireRoot("shm objects squatted by another user");
        var squatted = Enumerable.Range(0, TransportCellSpec.NameAttempts).Select(_ => ToolNames.NewObjectName()).ToList();
        SecondUser.Shell(string.Join('\n', squatted.Select(n => $"echo squat > '/dev/shm{n}'")));
        try
        {
            var act = () => TransportSetups.Create(Spec(TransportKind.Shm, Names(squatted)));
            act.Should().Throw<IOException>()
                .WithMessage($"shm_open: {TransportCellSpec.NameAttempts} fresh names in a row were already taken (EEXIST*another process*none of them was used or removed");
            squatted.Should().AllSatisfy(n => File.ReadAllText("/dev/shm" + n).Should().Be("squat\n"));
        }
        finally
        {
            foreach (var n in squatted)
                File.Delete("/dev/shm" + n);
        }
    }
}

using IpcBench.Measurement;
using IpcBench.Orchestration;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Tests.Orchestration;

/// <summary>
/// The round-robin schedule: each round runs every cell once in a shuffled order drawn from a
/// recorded seed; the same seed gives the same order, in the schedule and in a real run.
/// </summary>
[TestFixture]
public class RoundScheduleTests
{
    [Test]
    public void Every_round_runs_every_cell_exactly_once()
    {
        var rounds = RoundSchedule.Of(37, 6, seed: 12345);
        rounds.Should().HaveCount(6);
        foreach (var order in rounds)
            order.Order().Should().Equal(Enumerable.Range(0, 37));
        rounds.Select(o => string.Join(",", o)).Distinct().Count().Should().BeGreaterThan(1, "each round is shuffled anew");
    }

    [Test]
    public void The_same_seed_gives_the_same_order_and_another_seed_another()
    {
        var a = RoundSchedule.Of(20, 5, 42);
        RoundSchedule.Of(20, 5, 42).Should().BeEquivalentTo(a, o => o.WithStrictOrdering());
        RoundSchedule.Of(20, 5, 43).SelectMany(x => x).Should().NotEqual(a.SelectMany(x => x));
        // Pinned: the order is part of what a recorded seed reproduces, across versions of the runtime.
        RoundSchedule.Of(8, 2, 42).SelectMany(x => x).Should().Equal(3, 1, 6, 2, 4, 0, 7, 5, 0, 1, 3, 7, 5, 2, 6, 4);
        RoundSchedule.Of(0, 2, 1).Should().AllSatisfy(o => o.Should().BeEmpty());
    }

    /// <summary>Records the order cells were started in.</summary>
    sealed class Recorder : IRunProgress
    {
        public List<string> Started { get; } = [];
        public void Planned(int cells) { }
        public void CellStarted(string label) => Started.Add(label);
        public void CellFinished(string label, CellResult result) { }
    }

    static RunRequest Tiny(long seed) => new()
    {
        Transports = [TransportKind.Pipe, TransportKind.Uds],
        Peers = [PeerSpec.Defaults[1]],
        Workloads = [Workload.Latency, Workload.Throughput],
        Sizes = [64],
        Count = 30,
        Warmup = 5,
        Repetitions = 3,
        Floors = false,
        Seed = seed,
        Timeout = TimeSpan.FromSeconds(20),
    };

    [Test]
    [Category("Integration")]
    [CancelAfter(180_000)]
    public void A_real_run_records_its_seed_and_the_seed_reproduces_its_order()
    {
        AvailablePeers.Require(PeerInfo.Native());
        var first = new Recorder();
        var run = new BenchmarkRun(Tiny(987654321), first).Execute(null);
        var again = new Recorder();
        new BenchmarkRun(Tiny(987654321), again).Execute(null);

        run.Settings.Seed.Should().Be(987654321);
        run.Settings.Schedule.Should().Be(RunSchedules.Rounds);
        first.Started.Should().HaveCount(4 * 3).And.Equal(again.Started);
        // Round by round: every cell once per round, in the schedule's order.
        var plan = Tiny(0).Plan(CpuPlacement.Choose(Tiny(0).Placement));
        var expected = RoundSchedule.Of(plan.Count, 3, 987654321)
            .SelectMany((order, r) => order.Select(i => $"{plan[i].Label} (round {r + 1}/3)"));
        first.Started.Should().Equal(expected);

        foreach (var cell in run.Cells)
        {
            cell.Status.Should().Be(CellStatus.Ok, cell.Reason);
            cell.Repetitions.Should().HaveCount(3, "one value per round");
            cell.RoundCpuNs.Should().HaveCount(3).And.OnlyContain(v => v > 0);
            cell.Messages.Should().Be(30);
            cell.Statistic.Should().NotBeNull();
            // Each peer says how its timed code was compiled: the C peer "native", the managed one started
            // by the harness with tiered compilation off.
            cell.ClientJit.Should().Be(cell.Peers.Client.Impl == PeerImpl.Managed ? "full-opt" : "native");
            cell.ServerJit.Should().Be(cell.Peers.Server.Impl == PeerImpl.Managed ? "full-opt" : "native");
            var i = cell.Interference!;
            i.Cpus.Should().NotBeEmpty();
            i.WindowMs.Should().BePositive();
            i.RoundShares.Should().HaveCount(3);
            i.DisturbedShare.Should().BeInRange(0, 1.0001 * Math.Max(1, i.RoundShares.Max()));
            // The peers' own CPU is theirs from RUN to DONE (their DONE run_cpu_ns), so it holds at least their
            // timed phases; the harness's own CPU is counted apart; migrations come where the kernel shows them.
            double timedMs = cell.CostPerMessage!.CpuNs * cell.Messages / 1e6; // Messages: all rounds together
            i.PeersMs.Should().BeGreaterThanOrEqualTo(0.99 * timedMs, "run CPU includes the timed phase");
            i.HarnessMs.Should().NotBeNull().And.BeGreaterThanOrEqualTo(0);
            if (SchedStat.Migrations("/proc/self/sched") is not null)
                i.Migrations.Should().NotBeNull("this kernel shows /proc/<pid>/sched and both peers report it");
        }
        // The written result carries the seed and the interference record.
        string json = ResultJson.Serialize(run);
        json.Should().Contain("\"client_jit\": \"").And.Contain("\"seed\": 987654321").And.Contain("\"interference\": {").And.Contain("\"disturbed_share\"");
        ResultJson.Parse(json).Cells[0].Interference!.RoundShares.Should().HaveCount(3);
    }

    [Test]
    public void Cpu_counters_are_read_per_cpu_from_proc_stat()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "cpu  100 0 50 1000 5 1 2 7 0 0\n" +
                "cpu0 10 1 20 500 3 4 5 6 0 0\n" +
                "cpu1 1 2 3 4 5 6 7 8 9 10\n" +
                "intr 1234\nctxt 99\n");
            var stat = InterferenceWindow.ReadCpuStat(path);
            stat.Keys.Should().BeEquivalentTo([0, 1]);
            stat[0].Should().Be((10 + 1 + 20 + 4 + 5, 6L));
            stat[1].Should().Be((1 + 2 + 3 + 6 + 7, 8L));
        }
        finally
        {
            File.Delete(path);
        }
        InterferenceWindow.ReadCpuStat().Should().ContainKey(0, "this machine's /proc/stat");
        InterferenceWindow.ProcessTicks(Environment.ProcessId).Should().NotBeNull();
        InterferenceWindow.ProcessTicks(int.MaxValue).Should().BeNull();
    }
}

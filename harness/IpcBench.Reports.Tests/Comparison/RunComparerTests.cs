using IpcBench.Reports.Comparison;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

public class RunComparerTests
{
    static readonly RelativeThreshold TenPercent = RelativeThreshold.Default;
    static readonly Confidence NinetyNine = Confidence.Default;

    static CellComparison One(CellResult baseline, CellResult current) =>
        RunComparer.CompareCell(baseline, current, TenPercent, NinetyNine);

    [Test]
    public void Slower_latency_beyond_the_threshold_and_significant_is_a_regression()
    {
        var c = One(Latency("pipe", 64, Around(4000)), Latency("pipe", 64, Around(4800)));
        c.Outcome.Should().Be(CellOutcome.Regression);
        c.Change.Should().BeApproximately(0.2, 1e-9);
        c.Test!.PValue.Should().BeApproximately(2.0 / 252, 1e-12);
        c.Outcome.IsWorse().Should().BeTrue();
    }

    [Test]
    public void Faster_latency_is_an_improvement()
    {
        var c = One(Latency("pipe", 64, Around(4000)), Latency("pipe", 64, Around(3000)));
        c.Outcome.Should().Be(CellOutcome.Improvement);
        c.Change.Should().BeApproximately(-0.25, 1e-9);
    }

    [Test]
    public void Lower_throughput_is_a_regression_and_higher_an_improvement()
    {
        One(Throughput("pipe", 65536, Around(3000)), Throughput("pipe", 65536, Around(2000))).Outcome.Should().Be(CellOutcome.Regression);
        One(Throughput("pipe", 65536, Around(3000)), Throughput("pipe", 65536, Around(4000))).Outcome.Should().Be(CellOutcome.Improvement);
    }

    [Test]
    public void Significant_but_within_the_threshold_is_unchanged()
    {
        var c = One(Latency("shm", 64, Around(400)), Latency("shm", 64, Around(420)));
        c.Test!.PValue.Should().BeLessThanOrEqualTo(0.01);
        c.Change.Should().BeApproximately(0.05, 1e-9);
        c.Outcome.Should().Be(CellOutcome.Unchanged);
        c.Note.Should().Contain("within ±10 %");
    }

    [Test]
    public void Beyond_the_threshold_but_not_significant_is_unchanged()
    {
        // Medians 20 % apart, but the repetitions overlap: noise, not a shift.
        var c = One(Latency("pipe", 64, [3000, 4000, 5000, 6000, 7000]), Latency("pipe", 64, [3100, 4200, 6000, 6100, 7100]));
        c.Change.Should().BeApproximately(0.2, 1e-9);
        c.Test!.PValue.Should().BeGreaterThan(0.01);
        c.Outcome.Should().Be(CellOutcome.Unchanged);
        c.Note.Should().StartWith("not significant at 99 %");
    }

    [Test]
    public void A_lower_confidence_level_flags_what_99_percent_does_not()
    {
        // 4 and 4 repetitions completely separated: p = 2/70 = 0.029.
        var b = Latency("pipe", 64, [4000, 4010, 4020, 4030]);
        var c = Latency("pipe", 64, [5000, 5010, 5020, 5030]);
        RunComparer.CompareCell(b, c, TenPercent, NinetyNine).Outcome.Should().Be(CellOutcome.InsufficientRepetitions);
        RunComparer.CompareCell(b, c, TenPercent, new Confidence(0.95)).Outcome.Should().Be(CellOutcome.Regression);
    }

    [Test]
    public void Too_few_repetitions_are_reported_rather_than_guessed()
    {
        var c = One(Latency("pipe", 64, [4000, 4001]), Latency("pipe", 64, [9000, 9001, 9002, 9003, 9004]));
        c.Outcome.Should().Be(CellOutcome.InsufficientRepetitions);
        c.Test.Should().BeNull();
        c.Change.Should().BeGreaterThan(1);
        c.Note.Should().Contain("2 and 5 repetitions").And.Contain("use at least 5 per side");
        c.Outcome.IsWorse().Should().BeFalse();
    }

    [Test]
    public void Three_per_side_is_never_enough_at_99_percent()
    {
        var c = One(Latency("pipe", 64, [4000, 4001, 4002]), Latency("pipe", 64, [9000, 9001, 9002]));
        c.Outcome.Should().Be(CellOutcome.InsufficientRepetitions);
        RunComparer.MinRepetitionsFor(NinetyNine).Should().Be(5);
        RunComparer.MinRepetitionsFor(new Confidence(0.95)).Should().Be(4);
    }

    [Test]
    public void Identical_repetitions_are_unchanged()
    {
        var c = One(Latency("pipe", 64, [4000, 4000, 4000, 4000, 4000]), Latency("pipe", 64, [4000, 4000, 4000, 4000, 4000]));
        c.Outcome.Should().Be(CellOutcome.Unchanged);
        c.Change.Should().Be(0);
        c.Test!.Method.Should().Be(UTestMethod.Identical);
    }

    [Test]
    public void Ok_then_failed_is_broken_and_fails_the_comparison()
    {
        var ok = Latency("fifo", 4096, Around(9000));
        var c = One(ok, NotOk(ok, CellStatus.Failed, "client: ERROR verify: message 17"));
        c.Outcome.Should().Be(CellOutcome.Broken);
        c.Note.Should().Contain("ERROR verify");
        c.Outcome.IsWorse().Should().BeTrue();
    }

    [Test]
    public void Failed_then_ok_is_fixed()
    {
        var ok = Latency("fifo", 4096, Around(9000));
        One(NotOk(ok, CellStatus.Failed, "timeout"), ok).Outcome.Should().Be(CellOutcome.Fixed);
    }

    [Test]
    public void Skipped_on_either_side_is_not_measured_and_not_worse()
    {
        var ok = Latency("mq", 1048576, Around(90000));
        var skipped = NotOk(ok, CellStatus.Skipped, "size 1M exceeds msgsize_max");
        One(ok, skipped).Outcome.Should().Be(CellOutcome.NotMeasured);
        One(skipped, ok).Outcome.Should().Be(CellOutcome.NotMeasured);
        One(skipped, skipped).Note.Should().Contain("msgsize_max");
    }

    [Test]
    public void Cells_are_matched_by_key_and_one_sided_cells_are_added_or_removed()
    {
        var baseline = Run([Latency("pipe", 64, Around(4000)), Latency("pipe", 4096, Around(5000)), Latency("mq", 64, Around(6000))]);
        var current = Run([Latency("mq", 64, Around(6000)), Latency("pipe", 64, Around(4000)), Latency("uds", 64, Around(7000))]);
        var r = RunComparer.Compare(baseline, current, TenPercent, NinetyNine);
        r.Cells.Select(c => (c.Key, c.Outcome)).Should().Equal(
            ("pipe|native-native|latency|64|cross", CellOutcome.Unchanged),
            ("pipe|native-native|latency|4096|cross", CellOutcome.Removed),
            ("mq|native-native|latency|64|cross", CellOutcome.Unchanged),
            ("uds|native-native|latency|64|cross", CellOutcome.Added));
        r.IsWorse.Should().BeFalse();
    }

    [Test]
    public void The_key_separates_wait_strategy_peers_and_placement()
    {
        var baseline = Run([Latency("shm", 64, Around(400), wait: "spin"), Latency("shm", 64, Around(400), wait: "spin", peers: ManagedManaged)]);
        var current = Run([Latency("shm", 64, Around(900), wait: "futex"), Latency("shm", 64, Around(400), wait: "spin", peers: ManagedManaged)]);
        var r = RunComparer.Compare(baseline, current, TenPercent, NinetyNine);
        r.Count(CellOutcome.Regression).Should().Be(0);
        r.Count(CellOutcome.Added).Should().Be(1);
        r.Count(CellOutcome.Removed).Should().Be(1);
        r.Count(CellOutcome.Unchanged).Should().Be(1);
    }

    [Test]
    public void A_single_regression_makes_the_whole_comparison_worse()
    {
        var baseline = Run([Latency("pipe", 64, Around(4000)), Throughput("pipe", 65536, Around(3000))]);
        var current = Run([Latency("pipe", 64, Around(4000)), Throughput("pipe", 65536, Around(2500))]);
        var r = RunComparer.Compare(baseline, current, TenPercent, NinetyNine);
        r.IsWorse.Should().BeTrue();
        r.Cells.Single(c => c.Outcome == CellOutcome.Regression).Workload.Should().Be(Workload.Throughput);
    }

    [Test]
    public void The_threshold_option_moves_the_line()
    {
        var b = Latency("pipe", 64, Around(4000));
        var c = Latency("pipe", 64, Around(4400));
        RunComparer.CompareCell(b, c, new RelativeThreshold(0.05), NinetyNine).Outcome.Should().Be(CellOutcome.Regression);
        RunComparer.CompareCell(b, c, new RelativeThreshold(0.15), NinetyNine).Outcome.Should().Be(CellOutcome.Unchanged);
    }

    [Test]
    public void Runs_without_a_common_cell_are_refused()
    {
        var baseline = Run([Latency("pipe", 64, Around(4000))]);
        var current = Run([Latency("shm", 64, Around(400), wait: "spin")]);
        FluentActions.Invoking(() => RunComparer.Compare(baseline, current, TenPercent, NinetyNine, "a.json", "b.json"))
            .Should().Throw<UsageException>()
            .WithMessage("nothing to compare: a.json and b.json have no cell in common*");
    }

    [Test]
    public void Median_of_even_and_odd_counts()
    {
        RunComparer.Median([3, 1, 2]).Should().Be(2);
        RunComparer.Median([4, 1, 3, 2]).Should().Be(2.5);
    }
}

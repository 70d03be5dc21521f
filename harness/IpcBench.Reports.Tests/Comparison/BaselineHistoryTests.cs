using IpcBench.Reports.Comparison;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

/// <summary>
/// compare against a baseline history on synthetic series: drift inside what the history shows
/// between runs is not flagged, a step beyond it is; differing interference makes a change
/// inconclusive; every compared cell states its minimal detectable change.
/// </summary>
public class BaselineHistoryTests
{
    static readonly RelativeThreshold Ten = new(0.10);
    static readonly Confidence NinetyNine = Confidence.Default;

    /// <summary>Five repetitions with a small deterministic wobble (±0.6 %) around a run's level.</summary>
    static double[] Reps(double level) => [level * 0.994, level * 0.998, level, level * 1.003, level * 1.006];

    // A 5 s window over 5 rounds: its share is known to about 0.005 (10 ms ticks), well inside the differences below.
    static RunResult At(int day, double level, double? disturbed = null, double windowMs = 5000) =>
        Run([Latency("pipe", 64, Reps(level)) with { Interference = disturbed is { } d ? new Interference { Cpus = [0, 1], WindowMs = windowMs, DisturbedShare = d, RoundShares = [d, d, d, d, d] } : null }],
            runId: $"run-{day}", started: new DateTimeOffset(2025, 1, day, 0, 0, 0, TimeSpan.Zero));

    static RunSide History(params double[] levels) =>
        RunPooling.Pool([.. levels.Select((l, i) => At(i + 1, l))], "history");

    static CellComparison Judge(RunSide history, RunResult current) =>
        RunComparer.Compare(history, RunSide.Of(current, "current"), Ten, NinetyNine).Cells.Single();

    [Test]
    public void Drift_inside_the_histories_spread_is_not_flagged_even_beyond_the_threshold()
    {
        // Runs of the same code wandered between 4000 and 5200 ns (±13 % around the median 4600).
        var history = History(4000, 4600, 5200, 4300, 4900);
        var current = At(10, 5150);   // +12 % on the pooled median: beyond 10 %, inside the history's spread

        var c = Judge(history, current);

        c.HistorySpread.Should().BeApproximately(600.0 / 4600, 1e-9);
        c.Change.Should().BeGreaterThan(0.10);
        c.Outcome.Should().Be(CellOutcome.Unchanged);
        c.Note.Should().Contain("what runs of the baseline history's code differ by");
        // The bound is the prediction interval of one more run: t(0.995, 4) x s x sqrt(1 + 1/5) of the median.
        double mean = 4600, sd = Math.Sqrt(new[] { 4000.0, 4600, 5200, 4300, 4900 }.Sum(v => (v - mean) * (v - mean)) / 4);
        c.HistoryBound.Should().BeApproximately(4.6041 * sd * Math.Sqrt(1.2) / 4600, 1e-3);
        // Against one run of that history (the first), the same current run is flagged.
        RunComparer.Compare(RunSide.Of(At(1, 4000), "one run"), RunSide.Of(current, "current"), Ten, NinetyNine).Cells.Single()
            .Outcome.Should().Be(CellOutcome.Regression);
    }

    [Test]
    public void A_step_beyond_the_histories_spread_is_flagged()
    {
        var history = History(4000, 4100, 4050, 3950, 4020);
        var current = At(10, 4900);   // +21 %: beyond the threshold and the history's ±2.5 %

        var c = Judge(history, current);

        c.Outcome.Should().Be(CellOutcome.Regression);
        RunComparer.Compare(history, RunSide.Of(current, "current"), Ten, NinetyNine).IsWorse.Should().BeTrue();
    }

    [Test]
    public void A_single_baseline_run_has_no_history_spread()
    {
        var c = RunComparer.Compare(RunSide.Of(At(1, 4000), "b"), RunSide.Of(At(2, 4900), "c"), Ten, NinetyNine).Cells.Single();
        c.HistorySpread.Should().BeNull();
        c.Outcome.Should().Be(CellOutcome.Regression);
    }

    [Test]
    public void A_change_whose_sides_were_disturbed_differently_is_inconclusive_and_does_not_fail()
    {
        var baseline = At(1, 4000, disturbed: 0.02);
        var current = At(2, 4900, disturbed: 0.30);

        var r = RunComparer.Compare(RunSide.Of(baseline, "b"), RunSide.Of(current, "c"), Ten, NinetyNine);
        var c = r.Cells.Single();

        c.Outcome.Should().Be(CellOutcome.InconclusiveNoisy);
        c.Note.Should().Contain("2 %").And.Contain("30 %");
        r.IsWorse.Should().BeFalse();
        RunComparisonJson.Render(r).Should().Contain("\"outcome\": \"inconclusive-noisy\"").And.Contain("\"current_disturbed_share\": 0.3");

        // The same disturbance on both sides: a change as usual.
        RunComparer.Compare(RunSide.Of(At(1, 4000, 0.30), "b"), RunSide.Of(current, "c"), Ten, NinetyNine).Cells.Single()
            .Outcome.Should().Be(CellOutcome.Regression);
    }

    [Test]
    public void A_share_difference_within_the_tick_resolution_of_short_windows_is_not_noise()
    {
        // 30 ms windows x 5 rounds: /proc/stat's 10 ms ticks blur each share by 10 x sqrt(5) / 150 = 0.15.
        var baseline = At(1, 4000, disturbed: 0.02, windowMs: 150);
        var current = At(2, 4900, disturbed: 0.20, windowMs: 150);
        RunComparer.ShareResolution(baseline.Cells[0].Interference).Should().BeApproximately(0.149, 0.001);

        RunComparer.Compare(RunSide.Of(baseline, "b"), RunSide.Of(current, "c"), Ten, NinetyNine).Cells.Single()
            .Outcome.Should().Be(CellOutcome.Regression, "0.18 apart is within 0.05 + 2 x 0.15 of quantisation");
        // The same shares over long windows are told apart: inconclusive.
        RunComparer.Compare(RunSide.Of(At(1, 4000, 0.02), "b"), RunSide.Of(At(2, 4900, 0.20), "c"), Ten, NinetyNine).Cells.Single()
            .Outcome.Should().Be(CellOutcome.InconclusiveNoisy);
    }

    [Test]
    public void Every_compared_cell_states_its_minimal_detectable_change_in_the_table_and_json()
    {
        var quiet = Judge(History(4000, 4010, 3990, 4005, 3995), At(10, 4000));
        var noisy = RunComparer.Compare(
            RunSide.Of(Run([Latency("pipe", 64, [3000, 5200, 4000, 6100, 3500])]), "b"),
            RunSide.Of(Run([Latency("pipe", 64, [4100, 3300, 5600, 4400, 3900])]), "c"), Ten, NinetyNine).Cells.Single();

        quiet.MinimalDetectableChange.Should().NotBeNull();
        quiet.MinimalDetectableChange!.Value.Should().BeInRange(0.10, 0.12, "the threshold is the floor when the noise is small");
        noisy.MinimalDetectableChange.Should().BeGreaterThan(quiet.MinimalDetectableChange!.Value);

        var r = RunComparer.Compare(History(4000, 4010, 3990, 4005, 3995), RunSide.Of(At(10, 4000), "c"), Ten, NinetyNine);
        RunComparisonJson.Render(r).Should().Contain("\"minimal_detectable_change\": 0.1");
        RunComparisonMarkdown.Render(r).Should().Contain("| MDC |");
    }

    [Test]
    public void The_minimal_detectable_change_is_what_the_rule_then_flags()
    {
        var history = History(4000, 4060, 3950, 4030, 3980);
        var c = Judge(history, At(10, 4000));
        double mdc = c.MinimalDetectableChange!.Value;

        Judge(history, At(10, 4000 * (1 + mdc + 0.03))).Outcome.Should().Be(CellOutcome.Regression);
        Judge(history, At(10, 4000 * (1 + Math.Max(0, mdc - 0.03)))).Outcome.Should().NotBe(CellOutcome.Regression);
    }
}

using IpcBench.Reports.Comparison;
using IpcBench.Reports.History;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Statistics;
using IpcBench.Reports.Tests.Plots;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.History;

public class HistoryTests
{
    static RunResult At(int i, double pipe64, double shmTp, string? commit = null) => Run(
    [
        Latency("pipe", 64, Around(pipe64)), Latency("pipe", 4096, Around(5000)),
        Throughput("shm", 65536, Around(shmTp), wait: "spin"), Throughput("shm", 4096, Around(5000), wait: "spin"),
    ], runId: $"run{i}", commit: commit ?? $"{i}0000000abcdef", started: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i));

    static HistoryResult Build(IEnumerable<RunResult> runs, CellSelection? selection = null) =>
        HistoryBuilder.Build(runs.Select((r, i) => new LoadedRun($"r{i}.json", r)).ToList(), selection ?? new CellSelection(),
            RelativeThreshold.Default, Confidence.Default);

    [Test]
    public void Points_are_flagged_where_compare_against_the_previous_run_would_flag()
    {
        var h = Build([At(0, 4000, 12000), At(1, 4050, 12100), At(2, 5200, 12000), At(3, 5150, 8000), At(4, 4000, 8100)]);
        h.Cells.Select(c => c.Key).Should().Equal("pipe|native-native|latency|64|cross", "shm/spin|native-native|throughput|65536|cross");
        var pipe = h.Cells[0].Points;
        pipe.Select(p => p.IsRegression).Should().Equal(false, false, true, false, false);
        pipe.Select(p => p.IsImprovement).Should().Equal(false, false, false, false, true);
        pipe[0].AgainstPrevious.Should().BeNull();
        var shm = h.Cells[1].Points;
        shm.Select(p => p.IsRegression).Should().Equal(false, false, false, true, false);
        h.Regressions.Select(r => (r.Cell.Key, r.Point.Run)).Should().Equal(
            ("pipe|native-native|latency|64|cross", 2), ("shm/spin|native-native|throughput|65536|cross", 3));
        h.Labels.Should().Equal("0000000", "1000000", "2000000", "3000000", "4000000");
    }

    [Test]
    public void A_run_without_the_cell_leaves_a_gap_and_no_comparison()
    {
        var missing = At(1, 9000, 12000) with { Cells = [] };
        var h = Build([At(0, 4000, 12000), missing, At(2, 9000, 12000)]);
        var pipe = h.Cells[0].Points;
        pipe[1].Value.Should().BeNull();
        pipe[2].AgainstPrevious.Should().BeNull();
        pipe[2].IsRegression.Should().BeFalse();
    }

    [Test]
    public void A_cell_that_breaks_is_flagged()
    {
        var broken = At(1, 4000, 12000);
        broken = broken with { Cells = [.. broken.Cells.Select(c => c.Size == 64 ? NotOk(c, CellStatus.Failed, "timeout") : c)] };
        var h = Build([At(0, 4000, 12000), broken]);
        h.Cells[0].Points[1].IsRegression.Should().BeTrue();
        h.Cells[0].Points[1].AgainstPrevious!.Outcome.Should().Be(CellOutcome.Broken);
    }

    [Test]
    public void Selection_by_glob_and_by_fields()
    {
        var runs = new[] { At(0, 4000, 12000) };
        new CellSelection { Keys = ["pipe|*|latency|*|cross"] }.Select(runs).Select(c => c.Size).Should().Equal(64, 4096);
        new CellSelection { Transports = ["shm/spin"], Sizes = [4096] }.Select(runs).Single().Workload.Should().Be(Workload.Throughput);
        new CellSelection { Transports = ["shm"], Workloads = [Workload.Throughput] }.Select(runs).Should().HaveCount(2);
        new CellSelection { Peers = ["managed-managed"] }.Select(runs).Should().BeEmpty();
        CellSelection.Glob("shm/*|native-native|*", "shm/spin|native-native|latency|64|cross").Should().BeTrue();
        CellSelection.Glob("shm/*|managed*", "shm/spin|native-native|latency|64|cross").Should().BeFalse();
        CellSelection.Glob("*64*", "pipe|native-native|latency|4096|cross").Should().BeFalse();
    }

    [Test]
    public void Nothing_selected_is_refused()
    {
        FluentActions.Invoking(() => Build([At(0, 4000, 12000)], new CellSelection { Transports = ["uds"] }))
            .Should().Throw<UsageException>().WithMessage("no cell matches the selection; cell keys look like pipe|native-native|latency|64|cross*");
    }

    [Test]
    public void History_writes_markdown_and_valid_trend_figures()
    {
        using var dir = new TempDir();
        var h = Build([At(0, 4000, 12000), At(1, 4050, 12100), At(2, 5200, 12000), At(3, 5150, 8000)]);
        var files = HistoryReport.Write(h, dir.Path);
        files.Figures.Select(f => f.Name).Should().Equal("history-latency-native-native-cross", "history-throughput-native-native-cross");
        foreach (var f in files.Figures)
        {
            ImageFiles.ShouldBeValidPng(f.PngPath);
            ImageFiles.ShouldBeValidSvg(f.SvgPath).Should().Contain("regression vs previous run").And.Contain("2000000");
        }
        var md = File.ReadAllText(files.MarkdownPath);
        md.Should().Contain("## Flagged").And.Contain("| 2000000 | pipe | native-native | latency | 64 | cross | 4,050 ns | 5,200 ns | +28.4 % | 0.0079 |");
        md.Should().Contain("5,200 ns 🔴 +28.4 %");
    }

    [Test]
    public void Reading_a_folder_orders_runs_by_start_and_names_what_it_passes_over()
    {
        using var dir = new TempDir();
        ResultJson.Write(dir["b.json"], At(0, 4000, 12000));
        ResultJson.Write(dir["a.json"], At(1, 4000, 12000));
        File.WriteAllText(dir["conform-6.8.json"], TestConform.Json([("a.b.c", "x86_64", "pass")]));
        File.WriteAllText(dir["broken.json"], "{\"kind\": \"ipcbench-run\", \"schema_version\": 1, \"cel");
        File.WriteAllText(dir["notes.txt"], "not json at all");
        var folder = ResultInputs.ReadRunsIn(dir.Path);
        folder.Runs.Select(r => r.Run.RunId).Should().Equal("run0", "run1");
        folder.Skipped.Select(s => Path.GetFileName(s.Path)).Should().BeEquivalentTo("conform-6.8.json", "broken.json");
        folder.Skipped.Single(s => s.Path.EndsWith("broken.json", StringComparison.Ordinal)).Reason.Should().StartWith("truncated");
    }

    [Test]
    public void A_step_in_a_series_is_found_once_at_the_commit_that_made_it()
    {
        // Twelve runs: the pipe latency steps from ~4000 to ~4600 at run 7 (commit 70000000...), with ±1 % noise;
        // the throughput cell only wanders.
        var rng = new Random(7);
        double Wobble(double level) => level * (1 + (rng.NextDouble() - 0.5) * 0.02);
        var runs = Enumerable.Range(0, 12).Select(i => At(i, Wobble(i < 7 ? 4000 : 4600), Wobble(12000))).ToList();

        var h = Build(runs);

        var pipe = h.Cells.Single(c => c.Key == "pipe|native-native|latency|64|cross");
        pipe.ChangePoints.Should().ContainSingle().Which.Run.Should().Be(7);
        pipe.ChangePoints[0].Change.Should().BeApproximately(0.15, 0.03);
        h.Cells.Where(c => c.Key != pipe.Key).SelectMany(c => c.ChangePoints).Should().BeEmpty();

        using var dir = new TempDir();
        var md = File.ReadAllText(HistoryReport.Write(h, dir.Path).MarkdownPath);
        md.Should().Contain("## Change points (E-divisive means)").And.Contain("| 7000000 | `70000000ab` | pipe | native-native | latency | 64 | cross |");
    }
}

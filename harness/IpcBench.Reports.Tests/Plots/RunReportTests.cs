using IpcBench.Reports.Inputs;
using IpcBench.Reports.Reporting;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Plots;

public class RunReportTests
{
    static RunResult Sample(double factor = 1, string kernel = "6.8.0-45-generic", string runId = "20250102T030405Z-testhost-abc123") => Run(
    [
        Latency("pipe", 64, Around(4000 * factor)), Latency("pipe", 4096, Around(5200 * factor)), Latency("pipe", 65536, Around(30000 * factor)),
        Latency("shm", 64, Around(400 * factor), wait: "spin"), Latency("shm", 4096, Around(900 * factor), wait: "spin"), Latency("shm", 65536, Around(9000 * factor), wait: "spin"),
        Latency("pipe", 64, Around(6000 * factor), peers: ManagedManaged), Latency("pipe", 4096, Around(7000 * factor), peers: ManagedManaged),
        Throughput("pipe", 4096, Around(2000 / factor)), Throughput("pipe", 65536, Around(3000 / factor)),
        Throughput("shm", 4096, Around(9000 / factor), wait: "spin"), Throughput("shm", 65536, Around(12000 / factor), wait: "spin"),
        NotOk(Latency("mq", 65536, Around(1)), CellStatus.Skipped, "size 64K exceeds fs.mqueue.msgsize_max (8192)"),
    ], runId: runId, kernel: kernel, withFloors: true);

    [Test]
    public void One_result_gives_every_figure_as_valid_svg_and_png()
    {
        using var dir = new TempDir();
        var output = RunReport.Write([new LoadedRun("a.json", Sample())], dir.Path);

        output.Figures.Select(f => f.Name).Should().BeEquivalentTo(
            "rtt-native-native-cross", "rtt-managed-managed-cross", "throughput-native-native-cross",
            "percentiles-native-native-cross-4k", "percentiles-managed-managed-cross-4k", "copies-cross");
        foreach (var f in output.Figures)
        {
            ImageFiles.ShouldBeValidPng(f.PngPath);
            ImageFiles.ShouldBeValidSvg(f.SvgPath);
        }
        var rttText = ImageFiles.ShouldBeValidSvg(output.Figures.Single(f => f.Name == "rtt-native-native-cross").SvgPath);
        rttText.Should().Contain("Round trip vs message size").And.Contain("64").And.Contain("4K").And.Contain("64K")
            .And.Contain("pipe").And.Contain("shm/spin").And.Contain("µs");

        var md = File.ReadAllText(output.MarkdownPath);
        md.Should().StartWith("# IpcBench report");
        foreach (var f in output.Figures)
            md.Should().Contain($"]({f.Name}.png)").And.Contain($"]({f.Name}.svg)");
        md.Should().Contain("| pipe | 4,000 ns | 5,200 ns | 30,000 ns |");
        md.Should().Contain("## Cells not measured").And.Contain("fs.mqueue.msgsize_max");
        Directory.GetFiles(dir.Path, ".*").Should().BeEmpty("atomic writes leave no temporary files");
    }

    [Test]
    public void Several_results_are_overlaid_with_one_legend_entry_per_result()
    {
        using var dir = new TempDir();
        var output = RunReport.Write(
        [
            new LoadedRun("a.json", Sample()),
            new LoadedRun("b.json", Sample(1.3, kernel: "6.11.0-1-generic", runId: "20250103T000000Z-testhost-def456")),
        ], dir.Path);
        var text = ImageFiles.ShouldBeValidSvg(output.Figures.Single(f => f.Name == "rtt-native-native-cross").SvgPath);
        text.Should().Contain("6.8.0-45-generic").And.Contain("6.11.0-1-generic");
        ImageFiles.ShouldBeValidPng(output.Figures.Single(f => f.Name == "copies-cross").PngPath);
        File.ReadAllText(output.MarkdownPath).Should().Contain("2 runs, overlaid").And.Contain("| pipe | 6.11.0-1-generic |");
    }

    [Test]
    public void The_percentile_size_can_be_chosen_and_must_have_been_measured()
    {
        using var dir = new TempDir();
        var output = RunReport.Write([new LoadedRun("a.json", Sample())], dir.Path, new ReportOptions { PercentileSize = 64 });
        output.Figures.Should().Contain(f => f.Name == "percentiles-native-native-cross-64");
        FluentActions.Invoking(() => RunReport.Write([new LoadedRun("a.json", Sample())], dir.Path, new ReportOptions { PercentileSize = 1024 }))
            .Should().Throw<UsageException>().WithMessage("--size 1K: no measured latency cell of that size; measured: 64, 4K, 64K");
    }

    [Test]
    public void A_run_with_only_failed_cells_still_writes_a_report()
    {
        using var dir = new TempDir();
        var run = Run([NotOk(Latency("pipe", 64, Around(1)), CellStatus.Failed, "peer timed out")]);
        var output = RunReport.Write([new LoadedRun("a.json", run)], dir.Path);
        output.Figures.Should().BeEmpty();
        File.ReadAllText(output.MarkdownPath).Should().Contain("peer timed out");
    }

    [Test]
    public void Labels_name_what_differs()
    {
        var a = Sample();
        var b = Sample(kernel: "6.11.0-1-generic");
        RunLabels.For([a, b]).Should().Equal("6.8.0-45-generic", "6.11.0-1-generic");
        var c = a with { Environment = a.Environment with { GitCommit = "fedcba9876543210" } };
        RunLabels.For([a, c]).Should().Equal("0123456", "fedcba9");
        RunLabels.For([a, a]).Should().Equal("2025-01-02 03:04:05 #1", "2025-01-02 03:04:05 #2");
        RunLabels.For([a, b], LabelBy.RunId).Should().Equal("20250102T030405Z-testhost-abc123 #1", "20250102T030405Z-testhost-abc123 #2");
    }
}

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

    /// <summary>Pipe-like cells whose wake-ups stray from size (the 64K and 1M cells refill the buffer), every transport variant.</summary>
    static RunResult WithWakeUps()
    {
        static CellResult Cell(string transport, long size, double rtt, double wakes, string? wait = null) =>
            Latency(transport, size, Around(rtt), wait) with
            {
                CostPerMessage = new MessageCost { CpuUserNs = 1000, CpuSysNs = 2000 + 0.3 * size, CpuNs = 3000 + 0.3 * size, Vcsw = wakes, Ivcsw = 0 },
                ClientCostPerMessage = new MessageCost { CpuUserNs = 500, CpuSysNs = 1000 + 0.15 * size, CpuNs = 1500 + 0.15 * size, Vcsw = wakes / 2, Ivcsw = 0 },
                ServerCostPerMessage = new MessageCost { CpuUserNs = 500, CpuSysNs = 1000 + 0.15 * size, CpuNs = 1500 + 0.15 * size, Vcsw = wakes / 2, Ivcsw = 0 },
            };
        var cells = new List<CellResult>();
        foreach (var (t, w) in new (string, string?)[] { ("pipe", null), ("fifo", null), ("mq", null), ("uds", null), ("shm", "futex"), ("mmap-file", "futex") })
        foreach (var (size, wakes) in new (long, double)[] { (64, 2), (1024, 2), (4096, 2.2), (65536, 3), (1048576, 32) })
            cells.Add(Cell(t, size, 3000 + 30_000 * wakes * (1 + 0.03 * Math.Sin(size)) + (t == "uds" ? 0.5 : 0.4) * size, wakes, w));
        foreach (var t in new[] { "shm", "mmap-file" })
        foreach (long size in new long[] { 64, 1024, 4096, 65536, 1048576 })
            cells.Add(Cell(t, size, (700 + 0.24 * size) * (1 + 0.01 * Math.Cos(size)), 0, "spin"));
        return Run(cells, withFloors: true);
    }

    [Test]
    public void Copies_and_wake_up_cost_are_drawn_side_by_side_with_readable_transport_labels()
    {
        using var dir = new TempDir();
        var output = RunReport.Write([new LoadedRun("a.json", WithWakeUps())], dir.Path);
        // IPCBENCH_KEEP_FIGURES=DIR keeps the figures, to look at them.
        if (System.Environment.GetEnvironmentVariable("IPCBENCH_KEEP_FIGURES") is { Length: > 0 } keep)
            foreach (var f in output.Figures)
                File.Copy(f.PngPath, Path.Combine(keep, Path.GetFileName(f.PngPath)), overwrite: true);

        var copies = output.Figures.Single(f => f.Name == "copies-cross");
        var wake = output.Figures.Single(f => f.Name == "wake-ups-cross");
        ImageFiles.ShouldBeValidPng(copies.PngPath);
        ImageFiles.ShouldBeValidPng(wake.PngPath);
        var text = ImageFiles.ShouldBeValidSvg(copies.SvgPath);
        // Two-line labels: "mmap-file" over "futex", never one long label that runs into its neighbour.
        text.Should().Contain("mmap-file").And.Contain("futex").And.Contain("textbook");
        ImageFiles.ShouldBeValidSvg(wake.SvgPath).Should().Contain("µs per wake-up").And.Contain("/rt");
        var md = File.ReadAllText(output.MarkdownPath);
        md.Should().Contain("<img src=\"copies-cross.png\"").And.Contain("<img src=\"wake-ups-cross.png\"");
        md.Should().Contain("- pipe native-native: ").And.Contain("µs per wake-up").And.Contain("(textbook 2)");
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

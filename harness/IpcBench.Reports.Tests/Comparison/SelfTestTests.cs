using IpcBench.Reports.Comparison;
using IpcBench.Reports.Statistics;
using IpcBench.Reports.Tests.Cli;
using IpcBench.Results;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

/// <summary>compare --self-test on a folder of synthetic runs of one "build": false alarms counted on A/A pairs, injected slowdowns detected.</summary>
public class SelfTestTests
{
    static string Folder(TempDir dir, int runs, double wobble)
    {
        var rng = new Random(11);
        double W(double level) => level * (1 + (rng.NextDouble() - 0.5) * wobble);
        for (int i = 0; i < runs; i++)
        {
            var run = Run([Latency("pipe", 64, [.. Enumerable.Range(0, 5).Select(_ => W(4000))]), Throughput("shm", 65536, [.. Enumerable.Range(0, 5).Select(_ => W(9000))], wait: "spin")],
                runId: $"run-{i}", started: new DateTimeOffset(2025, 1, 1 + i, 0, 0, 0, TimeSpan.Zero));
            ResultJson.Write(dir[$"run-{i}.json"], run);
        }
        return dir.Path;
    }

    [Test]
    public void Quiet_runs_give_no_false_alarm_and_a_20_percent_slowdown_is_always_found()
    {
        using var dir = new TempDir();
        var r = DetectorSelfTest.Run(Folder(dir, 8, 0.02), RelativeThreshold.Default, Confidence.Default, 5, [0.05, 0.20]);

        r.Pairs.Should().Be(8);
        r.CellsCompared.Should().Be(16);
        r.FlaggedCells.Should().Be(0);
        r.FailingPairs.Should().Be(0);
        r.Injections[0].Detected.Should().Be(0, "5 % is inside the 10 % threshold");
        r.Injections[1].Trials.Should().Be(16);
        r.Injections[1].Detected.Should().Be(16);
        r.MdcAtMost10.Should().BeLessThanOrEqualTo(r.MdcCells);
    }

    [Test]
    public void Self_test_on_the_command_line()
    {
        using var dir = new TempDir();
        var folder = Folder(dir, 6, 0.02);
        var text = Ipcbench.Run("compare", "--self-test", folder);
        text.Exit.Should().Be(0, text.Stderr);
        text.Stdout.Should().Contain("A/A: 6 comparisons").And.Contain("injected 15 % slowdown");
        var json = Ipcbench.Run("compare", "--self-test", folder, "--format", "json", "--inject", "20");
        json.Stdout.Should().Contain("\"kind\": \"ipcbench-compare-self-test\"").And.Contain("\"slowdown\": 0.2");
        var bad = Ipcbench.Run("compare", "--self-test", folder, "--inject", "lots");
        bad.Exit.Should().Be(2);
        bad.Stderr.Should().Contain("--inject: 'lots' is not a slowdown");
    }
}

using IpcBench.Reports.Comparison;
using IpcBench.Reports.Tests.Cli;
using IpcBench.Results;
using static IpcBench.Reports.Tests.Comparison.RefusalTests;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

/// <summary>compare with a folder of runs on either side: repetitions pooled per cell, and what makes a folder unusable.</summary>
public class PoolingTests
{
    TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDir();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    string Folder(string name, params RunResult[] runs)
    {
        var folder = Directory.CreateDirectory(_dir[name]).FullName;
        for (int i = 0; i < runs.Length; i++)
            ResultJson.Write(Path.Combine(folder, $"run{i}.json"), runs[i]);
        return folder;
    }

    static RunResult At(int hour, IReadOnlyList<CellResult> cells, string kernel = "6.8.0-45-generic") =>
        Run(cells, runId: $"run-{hour}", kernel: kernel, started: new DateTimeOffset(2025, 1, 2, hour, 0, 0, TimeSpan.Zero));

    [Test]
    public void Pooling_concatenates_the_repetitions_of_every_run()
    {
        // 3 repetitions per run can never be significant at 99 %; two runs pooled give 6 and 6,
        // totally separated: p = 2 / C(12, 6) = 2/924.
        var baseline = Folder("base", At(1, [Latency("pipe", 64, [100, 101, 102])]), At(2, [Latency("pipe", 64, [103, 104, 105])]));
        var current = Folder("cur", At(3, [Latency("pipe", 64, [200, 201, 202])]), At(4, [Latency("pipe", 64, [203, 204, 205])]));

        var r = Compare(baseline, current).Runs!;
        var c = r.Cells.Single();
        c.BaselineRepetitions.Should().Equal(100, 101, 102, 103, 104, 105);
        c.CurrentRepetitions.Should().Equal(200, 201, 202, 203, 204, 205);
        c.BaselineMedian.Should().Be(102.5);
        c.CurrentMedian.Should().Be(202.5);
        c.Test!.PValue.Should().BeApproximately(2.0 / 924, 1e-12);
        c.Outcome.Should().Be(CellOutcome.Regression);
        (c.BaselineRuns, c.CurrentRuns).Should().Be((2, 2));
        r.Current.RunId.Should().Be("run-4", "a pooled side is named by its newest run");
        r.Current.PooledRunIds.Should().Equal("run-3", "run-4");

        // One file of the same runs: 3 and 3, too few to judge.
        Compare(Path.Combine(baseline, "run0.json"), Path.Combine(current, "run0.json")).Runs!.Cells.Single()
            .Outcome.Should().Be(CellOutcome.InsufficientRepetitions);
    }

    [Test]
    public void A_cell_in_only_some_runs_uses_those_and_says_how_many()
    {
        var baseline = Folder("base",
            At(1, [Latency("pipe", 64, Around(4000)), Latency("uds", 64, Around(5000))]),
            At(2, [Latency("pipe", 64, Around(4000))]),
            At(3, [Latency("pipe", 64, Around(4000))]));
        var current = _dir["cur.json"];
        ResultJson.Write(current, At(4, [Latency("pipe", 64, Around(4000)), Latency("uds", 64, Around(5000))]));

        var result = Compare(baseline, current);
        var cells = result.Runs!.Cells.ToDictionary(c => c.Transport);
        (cells["pipe"].BaselineRuns, cells["pipe"].BaselineRepetitions.Count, cells["pipe"].CurrentRuns).Should().Be((3, 15, null));
        (cells["uds"].BaselineRuns, cells["uds"].BaselineRepetitions.Count).Should().Be((1, 5));
        result.ToJson().Should().Contain("\"runs\": 3").And.Contain("\"run_ids\": [");
        result.ToMarkdown().Should().Contain("| 3 runs pooled, newest `run-3` |").And.Contain("| 3 / – |");
        result.Warnings.Should().BeEmpty();
    }

    [Test]
    public void A_failure_in_any_pooled_run_is_not_hidden()
    {
        var ok = Latency("fifo", 4096, Around(9000));
        var current = Folder("cur", At(2, [ok]), At(3, [NotOk(ok, CellStatus.Failed, "timeout")]));
        var baseline = _dir["base.json"];
        ResultJson.Write(baseline, At(1, [ok]));
        Compare(baseline, current).Runs!.Cells.Single().Outcome.Should().Be(CellOutcome.Broken);
    }

    [Test]
    public void Runs_of_different_kernels_are_pooled_with_one_warning()
    {
        var baseline = Folder("base", At(1, [Latency("pipe", 64, Around(4000))]), At(2, [Latency("pipe", 64, Around(4000))], kernel: "6.11.0-1-generic"));
        var result = Compare(baseline, baseline);
        result.Warnings.Should().HaveCount(2).And.AllSatisfy(w => w.Should().Contain("differ in kernel_release").And.NotContain("\n"));
        result.IsWorse.Should().BeFalse();
        var cli = Ipcbench.Run("compare", baseline, baseline);
        cli.Exit.Should().Be(0, cli.Stderr);
        cli.Stderr.Should().StartWith("ipcbench: warning: ").And.Contain("differ in kernel_release");
    }

    [Test]
    public void A_single_file_writes_no_pooling_fields()
    {
        var a = _dir["a.json"];
        ResultJson.Write(a, At(1, [Latency("pipe", 64, Around(4000))]));
        var result = Compare(a, a);
        result.ToJson().Should().NotContain("\"runs\"").And.NotContain("run_ids");
        result.ToMarkdown().Should().Contain("| p | MDC | disturbed | note |");
        result.Runs!.Cells.Single().BaselineRuns.Should().BeNull();
    }

    [Test]
    public void Unusable_folders_are_refused_with_one_line()
    {
        var run = _dir["run.json"];
        ResultJson.Write(run, At(1, [Latency("pipe", 64, Around(4000))]));
        var empty = Directory.CreateDirectory(_dir["empty"]).FullName;
        var mixed = Folder("mixed", At(1, [Latency("pipe", 64, Around(4000))]));
        File.WriteAllText(Path.Combine(mixed, "conform.json"), TestConform.Json([("a.b.c", "x86_64", "pass")]));
        var conform = Directory.CreateDirectory(_dir["conform"]).FullName;
        File.WriteAllText(Path.Combine(conform, "c.json"), TestConform.Json([("a.b.c", "x86_64", "pass")]));
        var versions = Folder("versions", At(1, [Latency("pipe", 64, Around(4000))]));
        File.WriteAllText(Path.Combine(versions, "v3.json"),
            File.ReadAllText(run).Replace("\"schema_version\": 2", "\"schema_version\": 3", StringComparison.Ordinal));

        Refused(run, empty, "*empty: no result file (*.json) in the folder");
        Refused(mixed, run, "*mixed: mixes run results with a conformance result (schema version 1) (conform.json)*");
        Refused(run, conform, "*conform: conformance results are not pooled*");
        Refused(versions, run, "*versions: runs of different schema versions (2: run0.json; 3: v3.json)*");

        foreach (var (a, b, says) in new[] { (run, empty, "no result file"), (mixed, run, "mixes run results"), (versions, run, "different schema versions") })
        {
            var r = Ipcbench.Run("compare", a, b);
            r.Exit.Should().Be(2, r.Stderr);
            r.Stderr.Should().StartWith("ipcbench: ").And.Contain(says);
            r.Stderr.TrimEnd('\n').Should().NotContain("\n");
        }
    }
}

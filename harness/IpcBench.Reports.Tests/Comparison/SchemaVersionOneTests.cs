using System.Runtime.CompilerServices;
using IpcBench.Reports.Baselines;
using IpcBench.Reports.Comparison;
using IpcBench.Reports.Export;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

/// <summary>The committed version 1 baseline keeps working: read, upgraded in memory, compared with a version 2 run, pooled with one.</summary>
public class SchemaVersionOneTests
{
    static string CommittedV1Baseline([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "results", "baselines", "intel-xeon-processor-2cpu-6.18.44-fc-v595.json");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("results/baselines/intel-xeon-processor-2cpu-6.18.44-fc-v595.json not found");
    }

    [Test]
    public void The_committed_v1_baseline_is_read_and_upgraded()
    {
        string path = CommittedV1Baseline();
        File.ReadAllText(path).Should().Contain("\"schema_version\": 1");
        var run = ResultInputs.ReadRun(path);
        run.SchemaVersion.Should().Be(ResultJson.SchemaVersion);
        run.Settings.Schedule.Should().Be(RunSchedules.Blocks);
        run.Settings.Seed.Should().BeNull();
        run.Cells.Where(c => c.Status == CellStatus.Ok).Should().NotBeEmpty()
            .And.OnlyContain(c => c.Statistic!.Contains("per-block") && c.Interference == null);
        BaselineStore.NameOf(path).Should().Be("intel-xeon-processor-2cpu-6.18.44-fc-v595");
        Exporter.Render(run, ExportFormat.Bencher).Should().Contain("latency");
    }

    [Test]
    public void A_v1_baseline_compares_with_and_pools_with_v2_runs()
    {
        string path = CommittedV1Baseline();
        var v1 = ResultInputs.ReadRun(path);
        var ok = v1.Cells.First(c => c.Status == CellStatus.Ok);
        var v2 = v1 with { RunId = "v2-run", StartedUtc = v1.StartedUtc.AddDays(1), Cells = [ok with { Statistic = CellStatistics.LatencyMedianOfRoundMedians }] };
        using var dir = new TempDir();
        ResultJson.Write(dir["v2.json"], v2);

        var compared = FileComparison.Compare(path, dir["v2.json"], RelativeThreshold.Default, Confidence.Default).Runs!;
        compared.Cells.Single(c => c.Key == ok.Key).Outcome.Should().Be(CellOutcome.Unchanged);

        File.Copy(path, dir["v1.json"]);
        var pooled = RunSide.Read(dir.Path);
        pooled.PooledRunIds.Should().HaveCount(2);
        pooled.RunValues![ok.Key].Should().HaveCount(2);
    }
}

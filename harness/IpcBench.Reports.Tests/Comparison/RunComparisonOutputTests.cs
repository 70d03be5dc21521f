using System.Text.Json.Nodes;
using IpcBench.Reports.Comparison;
using IpcBench.Reports.Statistics;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

public class RunComparisonOutputTests
{
    static RunComparison Sample()
    {
        var baseline = Run([
            Latency("pipe", 64, Around(4000)), Latency("shm", 64, Around(400), wait: "spin"),
            Throughput("pipe", 65536, Around(3000)), Latency("mq", 64, Around(6000)),
        ]);
        var current = Run([
            Latency("pipe", 64, Around(4800)), Latency("shm", 64, Around(300), wait: "spin"),
            Throughput("pipe", 65536, Around(3010)), Latency("uds", 64, Around(7000)),
        ], runId: "20250103T000000Z-testhost-def456", kernel: "6.11.0-1-generic");
        return RunComparer.Compare(baseline, current, RelativeThreshold.Default, Confidence.Default, "base.json", "cur.json");
    }

    [Test]
    public void Markdown_leads_with_the_verdict_and_lists_each_kind_of_change()
    {
        var md = RunComparisonMarkdown.Render(Sample());
        md.Should().StartWith("## IpcBench compare: ❌ 1 regression\n");
        md.Should().Contain("| kernel | 6.8.0-45-generic | 6.11.0-1-generic |");
        md.Should().Contain("### Regressions (1)").And.Contain("### Improvements (1)")
            .And.Contain("<summary>Only in the baseline (1)</summary>")
            .And.Contain("<details><summary>Unchanged (1)</summary>");
        md.Should().Contain("<details><summary>Only in the current run (1)</summary>");
        md.Should().Contain("| pipe | native-native | latency | 64 | cross | 4,000 ns | 4,800 ns | +20.0 % | 0.0079 | ");
        md.Should().Contain("| p | MDC | disturbed | note |");
        md.Should().Contain("| shm/spin | native-native | latency | 64 | cross | 400 ns | 300 ns | −25.0 % |");
        md.Should().Contain("significant at 99 % (p ≤ 0.01)");
    }

    [Test]
    public void Markdown_of_a_clean_comparison_says_so()
    {
        var run = Run([Latency("pipe", 64, Around(4000))]);
        RunComparisonMarkdown.Render(RunComparer.Compare(run, run, RelativeThreshold.Default, Confidence.Default))
            .Should().StartWith("## IpcBench compare: ✅ no regression");
    }

    [Test]
    public void Json_has_the_documented_shape()
    {
        var json = JsonNode.Parse(RunComparisonJson.Render(Sample()))!.AsObject();
        json["kind"]!.GetValue<string>().Should().Be("ipcbench-compare");
        json["schema_version"]!.GetValue<int>().Should().Be(1);
        json["subject"]!.GetValue<string>().Should().Be("run");
        json["result"]!.GetValue<string>().Should().Be("worse");
        json["exit_status"]!.GetValue<int>().Should().Be(1);
        json["threshold"]!.GetValue<double>().Should().Be(0.1);
        json["confidence"]!.GetValue<double>().Should().Be(0.99);
        json["alpha"]!.GetValue<double>().Should().Be(0.01);
        json["baseline"]!["path"]!.GetValue<string>().Should().Be("base.json");
        json["current"]!["kernel_release"]!.GetValue<string>().Should().Be("6.11.0-1-generic");
        json["summary"]!["regression"]!.GetValue<int>().Should().Be(1);
        json["summary"]!["added"]!.GetValue<int>().Should().Be(1);

        var cells = json["cells"]!.AsArray();
        cells.Should().HaveCount(5);
        var pipe = cells[0]!.AsObject();
        pipe["key"]!.GetValue<string>().Should().Be("pipe|native-native|latency|64|cross");
        pipe["outcome"]!.GetValue<string>().Should().Be("regression");
        pipe["metric"]!.GetValue<string>().Should().Be("median_rtt_ns");
        pipe["better"]!.GetValue<string>().Should().Be("lower");
        pipe["baseline"]!["median"]!.GetValue<double>().Should().Be(4000);
        pipe["current"]!["repetitions"]!.AsArray().Should().HaveCount(5);
        pipe["change"]!.GetValue<double>().Should().BeApproximately(0.2, 1e-9);
        pipe["p_value"]!.GetValue<double>().Should().BeApproximately(2.0 / 252, 1e-12);
        pipe["test_method"]!.GetValue<string>().Should().Be("exact");
        var added = cells.Single(c => c!["outcome"]!.GetValue<string>() == "added")!;
        added["baseline"].Should().BeNull();
        added["change"].Should().BeNull();
    }
}

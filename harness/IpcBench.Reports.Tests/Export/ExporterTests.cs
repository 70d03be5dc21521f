using System.Text.Json;
using System.Text.Json.Nodes;
using IpcBench.Reports.Export;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Export;

/// <summary>
/// The exports against the shapes the tools document: github-action-benchmark's custom tools take
/// an array of {name: string, unit: string, value: number, range?: string, extra?: string};
/// Bencher's BMF is {benchmark: {measure: {value: number, lower_value?: number, upper_value?: number}}}
/// (its JSON Schema, https://bencher.dev/bmf.json).
/// </summary>
public class ExporterTests
{
    static readonly RunResult Sample = Run(
    [
        Latency("pipe", 64, [3960, 3980, 4000, 4020, 4040]),
        Latency("shm", 4096, Around(900), wait: "spin"),
        Throughput("pipe", 65536, [2970, 2985, 3000, 3015, 3030]),
        NotOk(Latency("mq", 65536, Around(1)), CellStatus.Skipped, "too big"),
    ]);

    static readonly HashSet<string> GithubFields = ["name", "unit", "value", "range", "extra"];

    static JsonArray GithubArray(string text)
    {
        var node = JsonNode.Parse(text);
        node.Should().BeOfType<JsonArray>("the custom tools read a JSON array");
        var array = node!.AsArray();
        foreach (var item in array)
        {
            var o = item!.AsObject();
            o.Select(p => p.Key).Should().BeSubsetOf(GithubFields);
            o["name"]!.GetValueKind().Should().Be(JsonValueKind.String);
            o["unit"]!.GetValueKind().Should().Be(JsonValueKind.String);
            o["value"]!.GetValueKind().Should().Be(JsonValueKind.Number);
            if (o["range"] is { } r) r.GetValueKind().Should().Be(JsonValueKind.String);
            if (o["extra"] is { } e) e.GetValueKind().Should().Be(JsonValueKind.String);
        }
        return array;
    }

    [Test]
    public void Github_smaller_is_better_holds_the_latency_cells_in_ns()
    {
        var array = GithubArray(Exporter.Render(Sample, ExportFormat.GithubSmaller));
        array.Select(i => i!["name"]!.GetValue<string>()).Should().Equal("pipe|native-native|latency|64|cross", "shm/spin|native-native|latency|4096|cross");
        var pipe = array[0]!;
        pipe["unit"]!.GetValue<string>().Should().Be("ns");
        pipe["value"]!.GetValue<double>().Should().Be(4000);
        pipe["range"]!.GetValue<string>().Should().Be("± 40");
        pipe["extra"]!.GetValue<string>().Should().Contain("repetitions: 5").And.Contain("run 20250102T030405Z-testhost-abc123");
    }

    [Test]
    public void Github_bigger_is_better_holds_the_throughput_cells_in_megabytes_per_second()
    {
        var array = GithubArray(Exporter.Render(Sample, ExportFormat.GithubBigger, prefix: "ubuntu-24.04 "));
        var only = array.Should().ContainSingle().Subject!;
        only["name"]!.GetValue<string>().Should().Be("ubuntu-24.04 pipe|native-native|throughput|65536|cross");
        only["unit"]!.GetValue<string>().Should().Be("MB/s");
        only["value"]!.GetValue<double>().Should().Be(3000);
        only["range"]!.GetValue<string>().Should().Be("± 30");
    }

    [Test]
    public void Bencher_metric_format_matches_its_schema()
    {
        var root = JsonNode.Parse(Exporter.Render(Sample, ExportFormat.Bencher))!;
        root.GetValueKind().Should().Be(JsonValueKind.Object);
        foreach (var (benchmark, measures) in root.AsObject())
        {
            benchmark.Should().NotBeEmpty();
            measures!.GetValueKind().Should().Be(JsonValueKind.Object);
            foreach (var (measure, metric) in measures.AsObject())
            {
                measure.Should().MatchRegex("^[a-z0-9-]{1,64}$", "a measure slug is at most 64 characters");
                var m = metric!.AsObject();
                m.Select(p => p.Key).Should().BeSubsetOf(["value", "lower_value", "upper_value"]);
                m["value"]!.GetValueKind().Should().Be(JsonValueKind.Number);
                if (m["lower_value"] is { } lo) lo.GetValue<double>().Should().BeLessThanOrEqualTo(m["value"]!.GetValue<double>());
                if (m["upper_value"] is { } hi) hi.GetValue<double>().Should().BeGreaterThanOrEqualTo(m["value"]!.GetValue<double>());
            }
        }
        root.AsObject().Select(p => p.Key).Should().Equal(
            "pipe|native-native|latency|64|cross", "shm/spin|native-native|latency|4096|cross", "pipe|native-native|throughput|65536|cross");
        var latency = root["pipe|native-native|latency|64|cross"]!["latency"]!;
        latency["value"]!.GetValue<double>().Should().Be(4000);
        latency["lower_value"]!.GetValue<double>().Should().Be(3960);
        latency["upper_value"]!.GetValue<double>().Should().Be(4040);
        var tp = root["pipe|native-native|throughput|65536|cross"]!;
        tp["megabytes-per-second"]!["value"]!.GetValue<double>().Should().Be(3000);
        tp["throughput"]!["value"]!.GetValue<double>().Should().BeApproximately(3000e6 / 65536, 1e-6);
        tp["throughput"]!["lower_value"]!.GetValue<double>().Should().BeApproximately(2970e6 / 65536, 1e-6);
    }

    [Test]
    public void Nothing_to_export_is_refused_and_formats_parse()
    {
        var latencyOnly = Run([Latency("pipe", 64, Around(4000))]);
        FluentActions.Invoking(() => Exporter.Render(latencyOnly, ExportFormat.GithubBigger)).Should().Throw<UsageException>()
            .WithMessage("no measured throughput cell to export as github-bigger*");
        ExportFormats.Parse("github-smaller").Should().Be(ExportFormat.GithubSmaller);
        ExportFormats.Parse("customBiggerIsBetter").Should().Be(ExportFormat.GithubBigger);
        ExportFormats.Parse("BMF").Should().Be(ExportFormat.Bencher);
        FluentActions.Invoking(() => ExportFormats.Parse("csv")).Should().Throw<UsageException>().WithMessage("unknown export format 'csv'*");
    }
}

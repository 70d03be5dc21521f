using System.Text.Json;
using IpcBench.Results;

namespace IpcBench.Tests.Results;

public class ResultJsonTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ipcbench-json-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RoundTripsEveryField()
    {
        var run = SampleRun.Create();
        string path = Path.Combine(_dir, "run.json");
        ResultJson.Write(path, run);
        var back = ResultJson.Read(path);
        back.Should().BeEquivalentTo(run, o => o.RespectingRuntimeTypes());
        ResultJson.Serialize(back).Should().Be(File.ReadAllText(path), "writing what was read gives the same bytes");
        Directory.GetFiles(_dir).Should().ContainSingle("the atomic write leaves no temp file");
    }

    [Test]
    public void UsesSnakeCaseAndLowerCaseEnumStrings()
    {
        string json = ResultJson.Serialize(SampleRun.Create());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("kind").GetString().Should().Be("ipcbench-run");
        root.GetProperty("schema_version").GetInt32().Should().Be(2);
        root.GetProperty("started_utc").GetString().Should().Be("2025-01-02T03:04:05+00:00");
        root.GetProperty("summary").GetProperty("skipped").GetInt32().Should().Be(1);
        var cell = root.GetProperty("cells")[0];
        cell.GetProperty("key").GetString().Should().Be("pipe|native-native|latency|64|cross");
        cell.GetProperty("placement").GetString().Should().Be("cross");
        cell.GetProperty("workload").GetString().Should().Be("latency");
        cell.GetProperty("status").GetString().Should().Be("ok");
        cell.GetProperty("peers").GetProperty("client").GetProperty("impl").GetString().Should().Be("native");
        cell.GetProperty("latency").GetProperty("p999_ns").GetInt64().Should().Be(4032 + 5000);
        cell.GetProperty("cost_per_message").GetProperty("cpu_user_ns").GetDouble().Should().Be(1200.5);
        cell.GetProperty("throughput").ValueKind.Should().Be(JsonValueKind.Null, "absent values are written as null");
        root.GetProperty("cells")[4].GetProperty("throughput").GetProperty("mb_per_s").GetDouble().Should().Be(3005.4);
        root.GetProperty("cells")[5].GetProperty("status").GetString().Should().Be("skipped");
        root.GetProperty("settings").GetProperty("placements")[1].GetString().Should().Be("same");
        root.GetProperty("environment").GetProperty("mqueue").TryGetProperty("msgsize_max", out _).Should().BeTrue();
        var model = root.GetProperty("copy_model")[0];
        model.GetProperty("ns_per_byte_per_direction").GetDouble().Should().BeApproximately(0.25, 1e-9);
        model.GetProperty("r_squared").GetDouble().Should().BeApproximately(1, 1e-9);
        model.GetProperty("status").GetString().Should().Be("ok");
        root.GetProperty("floors").GetProperty("memcpy")[0].GetProperty("mb_per_s").GetDouble().Should().Be(16_000);
    }

    [Test]
    public void TruncatedFileSaysTruncated()
    {
        string json = ResultJson.Serialize(SampleRun.Create());
        foreach (double fraction in new[] { 0.1, 0.5, 0.99 })
        {
            string path = Path.Combine(_dir, $"cut{fraction}.json");
            File.WriteAllText(path, json[..(int)(json.Length * fraction)]);
            var e = FluentActions.Invoking(() => ResultJson.Read(path)).Should().Throw<ResultFormatException>().Which;
            e.Message.Should().StartWith(path + ": truncated or incomplete JSON").And.NotContain("\n");
            e.Path.Should().Be(path);
        }
    }

    [TestCase("", "empty file")]
    [TestCase("  \n", "empty file")]
    [TestCase("hello", "not valid JSON at line 1")]
    [TestCase("{\"a\": 1,, }", "not valid JSON at line 1")]
    [TestCase("[1, 2]", "not an ipcbench result (the JSON is an array")]
    [TestCase("42", "not an ipcbench result (the JSON is a number")]
    [TestCase("{\"name\": \"some other tool\"}", "not an ipcbench result (no \"kind\": \"ipcbench-run\" field)")]
    [TestCase("{\"kind\": \"ipcbench-compare\", \"schema_version\": 1}", "not an ipcbench run result (kind is \"ipcbench-compare\"")]
    [TestCase("{\"kind\": \"ipcbench-run\"}", "without a valid integer \"schema_version\"")]
    [TestCase("{\"kind\": \"ipcbench-run\", \"schema_version\": \"1\"}", "without a valid integer \"schema_version\"")]
    [TestCase("{\"kind\": \"ipcbench-run\", \"schema_version\": 3}", "schema version 3 is newer than this ipcbench reads (2)")]
    [TestCase("{\"kind\": \"ipcbench-run\", \"schema_version\": 0}", "schema version 0 is not supported")]
    [TestCase("{\"kind\": \"ipcbench-run\", \"schema_version\": 1}", "malformed ipcbench result")]
    public void NonResultsGetAClearError(string text, string expected)
    {
        string path = Path.Combine(_dir, "x.json");
        File.WriteAllText(path, text);
        var e = FluentActions.Invoking(() => ResultJson.Read(path)).Should().Throw<ResultFormatException>().Which;
        e.Message.Should().Contain(expected).And.StartWith(path + ": ").And.NotContain("\n");
    }

    [Test]
    public void MissingOrWrongFieldNamesThePlace()
    {
        string json = ResultJson.Serialize(SampleRun.Create());
        var e = FluentActions.Invoking(() => ResultJson.Parse(json.Replace("\"status\": \"skipped\"", "\"status\": \"maybe\""), "r.json"))
            .Should().Throw<ResultFormatException>().Which;
        e.Message.Should().StartWith("r.json: malformed ipcbench result at $.cells[5].status");

        var missing = FluentActions.Invoking(() => ResultJson.Parse(json.Replace("\"run_id\":", "\"run_idx\":"), "r.json"))
            .Should().Throw<ResultFormatException>().Which;
        missing.Message.Should().Contain("malformed ipcbench result").And.Contain("run_id");

        var nullTransport = FluentActions.Invoking(() => ResultJson.Parse(json.Replace("\"transport\": \"fifo\"", "\"transport\": null"), "r.json"))
            .Should().Throw<ResultFormatException>().Which;
        nullTransport.Message.Should().Contain("transport");
    }

    [Test]
    public void TheHandoffFloorAndTheVersion2ModelFieldsRoundTrip()
    {
        string json = ResultJson.Serialize(SampleRun.Create());
        using var doc = JsonDocument.Parse(json);
        var handoff = doc.RootElement.GetProperty("floors").GetProperty("handoff");
        handoff.GetArrayLength().Should().Be(2);
        handoff[1].GetProperty("ns").GetDouble().Should().Be(26_000.0);
        handoff[1].GetProperty("peer_cpu").GetInt32().Should().Be(1);
        handoff[1].GetProperty("bytes_verified").GetInt64().Should().Be(1_048_576_000);
        doc.RootElement.GetProperty("floors").GetProperty("memcpy")[0].GetProperty("peer_cpu").ValueKind.Should().Be(JsonValueKind.Null);
        var model = doc.RootElement.GetProperty("copy_model")[0];
        foreach (var field in new[] { "terms", "ns_per_wake_up", "handoff_ns_per_byte", "handoffs_beyond_own", "cpu", "verdict", "agrees_with_textbook" })
            model.TryGetProperty(field, out _).Should().BeTrue(field);

        var back = ResultJson.Parse(json);
        back.Floors.Handoff.Should().BeEquivalentTo(SampleRun.Create().Floors.Handoff);
        back.CopyModel.Should().BeEquivalentTo(SampleRun.Create().CopyModel, o => o.RespectingRuntimeTypes());
    }

    /// <summary>A stored result of schema version 1 (the committed baseline) is read: the fields version 2 added are empty or null.</summary>
    [Test]
    public void A_version_1_result_is_still_read()
    {
        string v1 = Path.Combine(RepoPaths.Root, "results", "baselines", "intel-xeon-processor-2cpu-6.18.44-fc-v595.json");
        File.Exists(v1).Should().BeTrue(v1);

        var run = ResultJson.Read(v1);

        run.SchemaVersion.Should().Be(ResultJson.SchemaVersion, "a version 1 file is upgraded in memory");
        run.Settings.Schedule.Should().Be(RunSchedules.Blocks);
        run.Cells.Should().NotBeEmpty();
        run.Floors.Memcpy.Should().NotBeEmpty();
        run.Floors.Handoff.Should().BeEmpty();
        run.CopyModel.Should().NotBeEmpty().And.OnlyContain(m => m.Cpu == null && m.Verdict == null && m.HandoffNsPerByte == null);
    }

    [Test]
    public void UnknownFieldsAreIgnoredWithinAVersion()
    {
        string json = ResultJson.Serialize(SampleRun.Create());
        var run = ResultJson.Parse(json.Replace("\"kind\": \"ipcbench-run\",", "\"kind\": \"ipcbench-run\", \"added_later\": {\"x\": [1]},"));
        run.RunId.Should().Be("20250102T030405Z-testhost-abc123");
    }

    [Test]
    public void MissingFileIsAResultFormatError() =>
        FluentActions.Invoking(() => ResultJson.Read(Path.Combine(_dir, "nope.json")))
            .Should().Throw<ResultFormatException>().WithMessage("*nope.json: no such file*");
}

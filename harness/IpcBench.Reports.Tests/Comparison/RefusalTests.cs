using IpcBench.Reports.Comparison;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Comparison;

/// <summary>Every way two files can be incomparable: one line, a UsageException (exit status 2).</summary>
public class RefusalTests
{
    TempDir _dir = null!;
    string _run = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDir();
        _run = _dir.File("run.json", ResultJson.Serialize(Run([Latency("pipe", 64, Around(4000))])));
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    internal static FileComparison Compare(string a, string b) => FileComparison.Compare(a, b, RelativeThreshold.Default, Confidence.Default);

    internal static void Refused(string a, string b, string pattern) =>
        FluentActions.Invoking(() => Compare(a, b)).Should().Throw<UsageException>().WithMessage(pattern)
            .Which.Message.Should().NotContain("\n");

    [Test]
    public void A_stored_version_1_run_compares_with_a_version_2_run()
    {
        var v1 = _dir.File("v1.json", File.ReadAllText(_run).Replace("\"schema_version\": 2", "\"schema_version\": 1", StringComparison.Ordinal));
        var r = Compare(v1, _run).Runs!;
        r.Cells.Single().Outcome.Should().Be(CellOutcome.Unchanged);
    }

    [Test]
    public void Different_conformance_schema_versions()
    {
        var a = _dir.File("a.json", TestConform.Json([("a.b.c", "x86_64", "pass")]));
        var b = _dir.File("b.json", TestConform.Json([("a.b.c", "x86_64", "pass")], version: 2));
        Refused(a, b, "cannot compare different schema versions:*conformance result (schema version 2)*");
    }

    [Test]
    public void A_newer_schema_on_both_sides_is_refused_by_the_reader()
    {
        var v3 = _dir.File("v3.json", File.ReadAllText(_run).Replace("\"schema_version\": 2", "\"schema_version\": 3", StringComparison.Ordinal));
        Refused(v3, v3, "*result schema version 3 is newer than this ipcbench reads (2)*");
        Refused(_run, v3, "*result schema version 3 is newer than this ipcbench reads (2)*");
    }

    [Test]
    public void A_run_against_a_conformance_result()
    {
        var conform = _dir.File("conform.json", TestConform.Json([("a.b.c", "x86_64", "pass")]));
        Refused(_run, conform, "cannot compare * (a run result (schema version 2)) with * (a conformance result (schema version 1))*");
    }

    [Test]
    public void Nothing_in_common()
    {
        var other = _dir.File("other.json", ResultJson.Serialize(Run([Throughput("uds", 65536, Around(2000))])));
        Refused(_run, other, "nothing to compare: * have no cell in common*");
    }

    [Test]
    public void A_truncated_file()
    {
        var text = File.ReadAllText(_run);
        var cut = _dir.File("cut.json", text[..(text.Length / 2)]);
        Refused(_run, cut, "*cut.json: truncated or incomplete JSON*");
    }

    [TestCase("results.csv", "run_id,key,transport\nx,y,z\n", "*results.csv: not valid JSON*")]
    [TestCase("array.json", "[1, 2, 3]\n", "*array.json: not an ipcbench result (the JSON is not an object)")]
    [TestCase("other.json", "{\"name\": \"something else\"}\n", "*other.json: not an ipcbench result: neither a run result*")]
    [TestCase("empty.json", "", "*empty.json: empty file, not an ipcbench result")]
    public void A_file_that_is_not_a_result(string name, string contents, string pattern) =>
        Refused(_run, _dir.File(name, contents), pattern);

    [Test]
    public void A_missing_file()
    {
        // A folder is no longer refused: its run results are pooled (PoolingTests).
        Refused(_run, _dir["nope.json"], "*nope.json: no such file");
        Refused(_dir["nope"], _run, "*nope: no such file");
    }
}

using IpcBench.Results;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Cli;

/// <summary>The commands' contract with CI: 0 nothing worse, 1 worse, 2 bad input (one line on stderr).</summary>
[Category("Cli")]
public class ExitStatusTests
{
    TempDir _dir = null!;
    string _base = null!, _same = null!, _slower = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _dir = new TempDir();
        _base = _dir["base.json"];
        ResultJson.Write(_base, Run([Latency("pipe", 64, Around(4000)), Throughput("pipe", 65536, Around(3000))], withFloors: true));
        _same = _dir["same.json"];
        ResultJson.Write(_same, Run([Latency("pipe", 64, Around(4010)), Throughput("pipe", 65536, Around(2990))], runId: "same"));
        _slower = _dir["slower.json"];
        ResultJson.Write(_slower, Run([Latency("pipe", 64, Around(5000)), Throughput("pipe", 65536, Around(3000))], runId: "slower"));
    }

    [OneTimeTearDown]
    public void TearDown() => _dir.Dispose();

    static void UsageError((int Exit, string Stdout, string Stderr) r, string contains)
    {
        r.Exit.Should().Be(2, r.Stderr);
        r.Stderr.Should().StartWith("ipcbench: ").And.Contain(contains);
        r.Stderr.TrimEnd('\n').Should().NotContain("\n", "a usage error is one line");
    }

    [Test]
    public void Compare_exits_0_when_nothing_regressed_and_1_on_a_regression()
    {
        Ipcbench.Run("compare", _base, _same).Exit.Should().Be(0);
        var worse = Ipcbench.Run("compare", _base, _slower, "--format", "md");
        worse.Exit.Should().Be(1);
        worse.Stdout.Should().StartWith("## IpcBench compare: ❌ 1 regression");
        Ipcbench.Run("compare", _base, _slower, "--threshold", "30").Exit.Should().Be(0);
    }

    [Test]
    public void Compare_writes_json_to_a_file()
    {
        string json = _dir["compare.json"];
        var r = Ipcbench.Run("compare", _base, _slower, "--format", "json", "--out", json);
        r.Exit.Should().Be(1);
        File.ReadAllText(json).Should().Contain("\"kind\": \"ipcbench-compare\"").And.Contain("\"outcome\": \"regression\"");
    }

    [Test]
    public void Compare_refuses_incomparable_files_with_exit_2()
    {
        var v3 = _dir.File("v3.json", File.ReadAllText(_base).Replace("\"schema_version\": 2", "\"schema_version\": 3", StringComparison.Ordinal));
        UsageError(Ipcbench.Run("compare", _base, v3), "newer than this ipcbench reads");
        var text = File.ReadAllText(_base);
        UsageError(Ipcbench.Run("compare", _base, _dir.File("cut.json", text[..(text.Length / 3)])), "truncated");
        UsageError(Ipcbench.Run("compare", _base, _dir.File("x.csv", "a,b\n")), "not valid JSON");
        var other = _dir["other.json"];
        ResultJson.Write(other, Run([Latency("uds", 64, Around(4000))]));
        UsageError(Ipcbench.Run("compare", _base, other), "no cell in common");
        UsageError(Ipcbench.Run("compare", _base, _same, "--threshold", "lots"), "--threshold");
        UsageError(Ipcbench.Run("compare", _base, _same, "--format", "xml"), "--format");
    }

    [Test]
    public void Report_writes_svg_png_and_markdown()
    {
        string outDir = _dir["report"];
        var r = Ipcbench.Run("report", _base, _slower, "--out", outDir);
        r.Exit.Should().Be(0, r.Stderr);
        r.Stderr.Should().BeEmpty("rendering must not print native diagnostics");
        File.Exists(Path.Combine(outDir, "report.md")).Should().BeTrue();
        Directory.GetFiles(outDir, "*.png").Should().NotBeEmpty();
        Directory.GetFiles(outDir, "*.svg").Length.Should().Be(Directory.GetFiles(outDir, "*.png").Length);
        UsageError(Ipcbench.Run("report", _base), "--out");
    }

    [Test]
    public void History_export_and_baseline()
    {
        string folder = Path.Combine(_dir.Path, "history-in");
        Directory.CreateDirectory(folder);
        File.Copy(_base, Path.Combine(folder, "a.json"));
        File.Copy(_slower, Path.Combine(folder, "b.json"));
        var h = Ipcbench.Run("history", folder, "--out", _dir["history"]);
        h.Exit.Should().Be(0, h.Stderr);
        h.Stdout.Should().Contain("1 regression(s) against the previous run");

        var e = Ipcbench.Run("export", _base, "--format", "github-bigger");
        e.Exit.Should().Be(0, e.Stderr);
        e.Stdout.Should().StartWith("[").And.Contain("\"unit\": \"MB/s\"");
        UsageError(Ipcbench.Run("export", _base, "--format", "junit"), "unknown export format");

        string baselines = _dir["baselines"];
        Ipcbench.Run("baseline", "update", _base, "--dir", baselines).Exit.Should().Be(0);
        UsageError(Ipcbench.Run("baseline", "update", _base, "--dir", baselines), "use --force");
        Ipcbench.Run("baseline", "update", _base, "--dir", baselines, "--force").Exit.Should().Be(0);
        Ipcbench.Run("baseline", "name", _base).Stdout.Trim().Should().Be("amd-epyc-7763-64-core-processor-4cpu-6.8.0-45-generic");
    }
}

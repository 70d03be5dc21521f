using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Tests.Runner;

[TestFixture]
[Category("Runner")]
public sealed class ReportTests
{
    static ConformReport Sample()
    {
        var cases = CaseCatalogue.All.Take(3).ToList();
        var outcomes = new List<CaseOutcome>
        {
            new() { CaseId = cases[0].Id, Target = "x86_64", Verdict = Verdict.Pass, Observation = Observation.Of(("mmap_ret", -1), ("mmap_errno", "EINVAL")), Duration = TimeSpan.FromMilliseconds(3) },
            new() { CaseId = cases[1].Id, Target = "x86_64", Verdict = Verdict.Fail, Reason = "seen_hex: expected x | y" },
            new() { CaseId = cases[2].Id, Target = "i686", Verdict = Verdict.Unsupported, Reason = "i686: gcc-multilib missing" },
        };
        var abis = new[]
        {
            new Abi { Name = "x86_64", ProbePath = "/p/x86_64/ipcprobe" },
            new Abi { Name = "i686", ProbePath = "/p/i686/ipcprobe", UnavailableReason = "i686: gcc-multilib missing" },
        };
        var host = new HostFacts { KernelRelease = "6.8.0-45-generic", Kernel = new Version(6, 8, 0), Machine = "x86_64", LibcName = "glibc", LibcVersion = "2.39", Uid = 1000 };
        return ReportBuilder.Build(cases, ["x86_64", "i686", "managed"], outcomes, abis, host, TimeSpan.FromSeconds(1.5));
    }

    [Test]
    public void JsonCarriesSchemaVersionHostAndCells()
    {
        var json = ReportWriter.ToJson(Sample());
        json.Should().Contain("\"schema\": \"conform\"").And.Contain("\"version\": 1").And.Contain("\"kernelRelease\": \"6.8.0-45-generic\"")
            .And.Contain("\"verdict\": \"unsupported\"").And.Contain("\"mmap_errno\": \"EINVAL\"");
        var back = ReportReader.Parse(json, "r.json");
        back.Summary.Fail.Should().Be(1);
        back.Host.Libc.Version.Should().Be("2.39");
        back.Cases.Should().HaveCount(3);
    }

    [TestCase("", "r.json: empty file, not a conformance result")]
    [TestCase("{\"schema\": \"conform\", \"version\": 1, \"tool\": \"ipc", "r.json: truncated or incomplete JSON*")]
    [TestCase("conform", "r.json: not valid JSON*")]
    [TestCase("{\"kind\": \"ipcbench-run\"}", "r.json: not a conformance result (no \"schema\": \"conform\")")]
    [TestCase("{\"schema\": \"conform\", \"version\": 2}", "r.json: conformance schema version 2 is newer than this ipcbench reads (1)*")]
    [TestCase("{\"schema\": \"conform\", \"version\": 1}", "r.json: malformed conformance result*missing required properties*")]
    public void ReaderRefusesWhatIsNotAReportWithOneLine(string text, string pattern) =>
        FluentActions.Invoking(() => ReportReader.Parse(text, "r.json")).Should().Throw<IpcBench.Results.ResultFormatException>()
            .WithMessage(pattern).Which.Message.Should().NotContain("\n");

    [Test]
    public void ReaderRefusesAnUnknownVerdictAndANullWhereTheSchemaHasAString()
    {
        var json = ReportWriter.ToJson(Sample());
        FluentActions.Invoking(() => ReportReader.Parse(json.Replace("\"verdict\": \"unsupported\"", "\"verdict\": \"broken\"", StringComparison.Ordinal), "r.json"))
            .Should().Throw<IpcBench.Results.ResultFormatException>().WithMessage("r.json: case * unknown verdict \"broken\" (expected pass, linux-specific, unsupported, fail)");
        FluentActions.Invoking(() => ReportReader.Parse(json.Replace("\"kernelRelease\": \"6.8.0-45-generic\"", "\"kernelRelease\": null", StringComparison.Ordinal), "r.json"))
            .Should().Throw<IpcBench.Results.ResultFormatException>().WithMessage("r.json: malformed conformance result at $.host.kernelRelease*");
    }

    [Test]
    public void MarkdownIsKeyedByKernelAndLibcAndStableAcrossRuns()
    {
        var a = Sample();
        var b = Sample() with { GeneratedUtc = a.GeneratedUtc.AddHours(1), DurationSeconds = 99 };
        var md = ReportWriter.ToMarkdown(a);
        md.Should().StartWith("# Conformance: Linux 6.8.0-45-generic, glibc 2.39");
        md.Should().Contain("| case | x86_64 | i686 | managed |").And.Contain("seen_hex: expected x | y");
        ReportWriter.ToMarkdown(b).Should().Be(md, "nothing that changes from run to run goes into the Markdown");
        ReportWriter.Stem(a).Should().Be("conform-6.8.0-45-generic-glibc-2.39");
    }

    [Test]
    public void FilesAreWrittenAtomicallyWithNoTemporaryLeft()
    {
        var dir = Directory.CreateTempSubdirectory("ipcbench-report-").FullName;
        try
        {
            var written = ReportWriter.Write(Sample(), dir);
            written.Should().HaveCount(2);
            Directory.EnumerateFiles(dir).Select(Path.GetFileName).Should().BeEquivalentTo(
                ["conform-6.8.0-45-generic-glibc-2.39.json", "conform-6.8.0-45-generic-glibc-2.39.md"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>results/schema/conform-v1.schema.json is what the report type generates (readers validate input against it).</summary>
    [Test]
    public void CommittedJsonSchemaIsWhatTheCodeGenerates()
    {
        string path = Path.Combine(RepoRoot(), "results", "schema", "conform-v1.schema.json");
        string generated = ReportReader.JsonSchema();
        if (System.Environment.GetEnvironmentVariable("IPCBENCH_UPDATE_SCHEMA") == "1")
            IpcBench.Util.AtomicFile.WriteAllText(path, generated);
        File.ReadAllText(path).Should().Be(generated,
            "the report types changed: regenerate with IPCBENCH_UPDATE_SCHEMA=1 and document the change in conform-v1.md");
    }

    static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpcBench.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + here);
    }
}

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
        var back = ReportWriter.FromJson(json)!;
        back.Summary.Fail.Should().Be(1);
        back.Host.Libc.Version.Should().Be("2.39");
        back.Cases.Should().HaveCount(3);
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
}

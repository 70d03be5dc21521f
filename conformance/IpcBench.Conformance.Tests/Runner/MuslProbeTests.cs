using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;
using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>`conform --libc musl`: the musl probe is built (musl-tools) and judged on the host kernel.</summary>
[TestFixture]
[Category("Runner")]
public sealed class MuslProbeTests
{
    static readonly string[] Cases = ["pipe.basic.roundtrip", "mq.open.create", "shm.name.double-slash", "mmap.prot.rw", "fifo.perm.eacces"];

    [Test]
    public async Task The_musl_probe_builds_runs_and_its_report_names_musl()
    {
        var (abis, version) = await MuslProbes.DiscoverAsync(AbiDiscovery.NativeDirectory);
        var x64 = abis.Single(a => a.Name == Abi.X86_64);
        if (!x64.Available)
        {
            if (Verdicts.OnCi)
                Assert.Fail($"CI=true and there is no musl probe: {x64.UnavailableReason}");
            Assert.Ignore(x64.UnavailableReason!);
        }
        x64.ProbePath.Should().Contain(MuslProbes.Folder);
        version.Should().MatchRegex(@"^\d+\.\d+");

        var engine = new ConformanceEngine(abis, MuslProbes.Host(HostFacts.Current, version));
        var report = await SuiteRun.RunAsync(engine, new SuiteOptions { Cases = Cases, Targets = [.. Abi.Known] });

        report.Host.Libc.Name.Should().Be("musl");
        report.Host.Libc.Version.Should().Be(version);
        ReportWriter.Stem(report).Should().EndWith($"-musl-{version}");
        foreach (var c in report.Cases)
        {
            var cell = c.Results.Single(r => r.Target == Abi.X86_64);
            cell.Verdict.Should().BeOneOf(["pass", "linux-specific"], $"{c.Id}: {cell.Reason}");
            // The observation is the musl binary's: it reports the version the Makefile gave it, not glibc's.
            cell.Observation!["libc"]!.GetValue<string>().Should().Be(version);
            c.Results.Single(r => r.Target == Abi.I686).Verdict.Should().Be("unsupported");
        }
        report.Targets.Single(t => t.Name == Abi.I686).Reason.Should().Contain("musl");
    }
}

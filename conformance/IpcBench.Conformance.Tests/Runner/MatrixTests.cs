using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>The case x kernel x ABI matrix of `conform --kernel A --kernel B`.</summary>
[TestFixture]
[Category("Runner")]
public sealed class MatrixTests
{
    static readonly string[] Cases = ["pipe.basic.roundtrip", "mq.open.create", "mmap.prot.rw", "xabi.fifo.probe-writes"];

    /// <summary>A real host run, and the same run as "another kernel" whose mmap.prot.rw failed and whose cross-ABI case could not run (as in a guest).</summary>
    static async Task<(ConformReport Host, ConformReport Other)> ReportsAsync()
    {
        var host = await SuiteRun.RunAsync(ConformanceEngine.Shared, new SuiteOptions { Cases = Cases, Targets = ["x86_64"] });
        var other = host with
        {
            Host = host.Host with { KernelRelease = "6.1.0-test-amd64" },
            Cases = host.Cases.Select(c => c with
            {
                Results = c.Results.Select(r => c.Id switch
                {
                    "mmap.prot.rw" => r with { Verdict = "fail", Reason = "exec: expected SIGSEGV" },
                    "xabi.fifo.probe-writes" => r with { Verdict = "unsupported", Reason = GuestSuite.HostOnly + "needs the managed side" },
                    _ => r,
                }).ToList(),
            }).ToList(),
        };
        return (host, other);
    }

    [Test]
    public async Task Differing_cases_come_first_and_host_only_cells_are_not_differences()
    {
        var (host, other) = await ReportsAsync();
        host.Cases.SelectMany(c => c.Results).Should().OnlyContain(r => r.Verdict == "pass" || r.Verdict == "linux-specific",
            "the host run is the baseline of this test");

        var m = ConformMatrix.Build([other, host]);

        m.Kernels.Select(k => k.KernelRelease).Should().Equal("6.1.0-test-amd64", host.Host.KernelRelease);
        m.Rows.Select(r => r.Case).Should().StartWith("mmap.prot.rw");
        m.Rows.Where(r => r.Differs).Select(r => r.Case).Should().Equal("mmap.prot.rw");
        m.Rows.Single(r => r.Case == "xabi.fifo.probe-writes").Cells.First().Verdict.Should().Be(ConformMatrix.HostOnly);
        m.Stem.Should().Be($"conform-matrix-6.1.0-test-amd64+{host.Host.KernelRelease}");
    }

    [Test]
    public async Task Markdown_and_json_carry_every_cell_and_the_reasons_of_differences()
    {
        var (host, other) = await ReportsAsync();
        var m = ConformMatrix.Build([other, host]);
        var dir = Directory.CreateTempSubdirectory("ipcbench-matrix-test-").FullName;
        try
        {
            var written = m.Write(dir);
            written.Select(Path.GetFileName).Should().BeEquivalentTo([m.Stem + ".json", m.Stem + ".md"]);
            var md = File.ReadAllText(written.Single(w => w.EndsWith(".md", StringComparison.Ordinal)));
            md.Should().Contain("| K1 | `6.1.0-test-amd64` |").And.Contain("| mmap.prot.rw | **yes** | **fail** | pass |")
                .And.Contain("- `mmap.prot.rw` K1 x86_64 (fail): exec: expected SIGSEGV").And.Contain("1 of 4 cases differ");
            var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(written.Single(w => w.EndsWith(".json", StringComparison.Ordinal))));
            json.RootElement.GetProperty("schema").GetString().Should().Be("conform-matrix");
            json.RootElement.GetProperty("rows").GetArrayLength().Should().Be(4);
            json.RootElement.GetProperty("rows")[0].GetProperty("cells").GetArrayLength().Should().Be(2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task A_difference_between_two_kernels_is_listed_with_why()
    {
        var (host, other) = await ReportsAsync();
        var diffs = KernelDifferences.Between(other, host);
        diffs.Should().ContainSingle().Which.Case.Should().Be("mmap.prot.rw");
        diffs[0].OtherKernel.Should().Be(host.Host.KernelRelease);
        diffs[0].Explanation.Should().StartWith("unexplained:").And.Contain("exec: expected SIGSEGV");
    }
}

using System.Text.Json.Nodes;
using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Model;
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

    /// <summary>
    /// The host's real mmap.prot.rw observation as Debian's 6.1 686-pae kernel reported it (exec of a page without
    /// PROT_EXEC completes; docs/kernel-validation.md), on a kernel of the given word size.
    /// </summary>
    static JsonObject ExecCompletes(JsonObject hostObservation, string release, string machine)
    {
        var o = (JsonObject)hostObservation.DeepClone();
        o["kernel"] = release;
        o["kernel_machine"] = machine;
        if (machine == "i686")
            o["abi"] = "i686"; // a native 32-bit kernel runs only the i686 probes
        o["exec_signal"] = null;
        o["exec_si_code"] = null;
        o["exec_si_addr_off"] = null;
        return o;
    }

    [Test]
    public async Task A_known_32_bit_kernel_defect_is_named_in_the_failing_cell_and_explains_the_difference()
    {
        var (host, _) = await ReportsAsync();
        var hostCell = host.Cases.Single(c => c.Id == "mmap.prot.rw").Results.Single();
        hostCell.Verdict.Should().Be("pass");
        var c = CaseCatalogue.Find("mmap.prot.rw")!;

        Outcome(ExecCompletes(hostCell.Observation!, "6.1.0-47-686-pae", "i686")).Reason.Should()
            .Contain("expected exec raises SIGSEGV").And.Contain("known kernel behaviour (32-bit Linux 5.19 and later)").And.Contain("vm_get_page_prot");
        // The same observation from a 64-bit kernel, or from a 32-bit one older than the change, is a plain failure.
        Outcome(ExecCompletes(hostCell.Observation!, "6.1.0-47-amd64", "x86_64")).Reason.Should().NotContain("known kernel behaviour");
        Outcome(ExecCompletes(hostCell.Observation!, "5.10.0-30-686-pae", "i686")).Reason.Should().NotContain("known kernel behaviour");

        // Beside a 64-bit kernel the difference is explained by word size, although the versions say nothing.
        var pae = host with
        {
            Host = host.Host with { KernelRelease = "6.1.0-47-686-pae" },
            Cases = host.Cases.Select(k => k with
            {
                Results = k.Results.Select(r => k.Id == "mmap.prot.rw"
                    ? r with { Verdict = "fail", Observation = ExecCompletes(hostCell.Observation!, "6.1.0-47-686-pae", "i686") }
                    : r).ToList(),
            }).ToList(),
        };
        var diff = KernelDifferences.Between(pae, host).Should().ContainSingle().Subject;
        diff.Explanation.Should().StartWith($"32-bit Linux 5.19 and later (6.1.0-47-686-pae, not {host.Host.KernelRelease})");

        CaseOutcome Outcome(JsonObject o)
        {
            var outcome = Judge.FromObservation(c, (string)o["abi"]!, Observation.TryParse(o.ToJsonString(), out _)!, TimeSpan.Zero);
            outcome.Verdict.Should().Be(Verdict.Fail);
            return outcome;
        }
    }

    [Test]
    public async Task A_difference_made_by_the_cpu_or_by_a_case_that_could_not_run_says_so()
    {
        var host = await SuiteRun.RunAsync(ConformanceEngine.Shared, new SuiteOptions { Cases = ["mmap.prot.x", "pipe.basic.roundtrip"], Targets = ["x86_64"] });
        var hostX = host.Cases.Single(c => c.Id == "mmap.prot.x").Results.Single();
        var hostKeys = (bool)hostX.Observation!["pkeys"]!;
        // The other side as a CPU of the other kind reports it: with keys the read faults with SEGV_PKUERR, without it completes.
        var o = (JsonObject)hostX.Observation!.DeepClone();
        o["pkeys"] = !hostKeys;
        o["read_signal"] = hostKeys ? null : "SIGSEGV";
        o["read_si_code"] = hostKeys ? null : "SEGV_PKUERR";
        var other = host with
        {
            Host = host.Host with { KernelRelease = "6.1.0-test-amd64" },
            Cases = host.Cases.Select(c => c with
            {
                Results = c.Results.Select(r => c.Id == "mmap.prot.x"
                    ? r with { Verdict = hostX.Verdict == "pass" ? "linux-specific" : "pass", Observation = o }
                    : r with { Verdict = "unsupported", Reason = "the mqueue file system is not mounted at /dev/mqueue" }).ToList(),
            }).ToList(),
        };

        var diffs = KernelDifferences.Between(other, host);

        diffs.Single(d => d.Case == "mmap.prot.x").Explanation.Should().StartWith("the CPU differs, not the kernel: protection keys are available on "
            + (hostKeys ? host.Host.KernelRelease : "6.1.0-test-amd64"));
        diffs.Single(d => d.Case == "pipe.basic.roundtrip").Explanation.Should()
            .Be("not run on 6.1.0-test-amd64: the mqueue file system is not mounted at /dev/mqueue");
    }
}

using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Tests.Guest;

/// <summary>
/// One real boot (TCG unless /dev/kvm works) of a 6.1 kernel with an initramfs of a handful of
/// cases on the three ABIs, judged by the same Judge as host runs. The i686 columns run there
/// even where the host kernel refuses 32-bit programs: the guest kernel has IA-32 emulation.
/// </summary>
[TestFixture]
[Category("Guest")]
[NonParallelizable]
public sealed class GuestBootTests
{
    static readonly string[] Cases =
    [
        "pipe.basic.roundtrip",          // data path
        "pipe.epipe.signal",             // death test: the signal crosses the serial frames
        "fifo.perm.eacces",              // permission case: the probe drops to uid 65534 in the guest
        "msync.mtime.updated",           // file on the guest's ext4 /tmp
        "mmap.err.enomem-fixed-no-room", // address space of 4-level paging (no la57 from TCG's "max" CPU)
        "mq.open.create",                // the mqueue filesystem is mounted
        "xabi.fifo.probe-writes",        // needs the host's managed side: unsupported in the guest
    ];

    ConformReport _report = null!;
    ConformReport _host = null!;
    readonly GuestKernel.Progress _progress = new();

    [OneTimeSetUp]
    public async Task BootOnce()
    {
        await GuestKernel.RequireAsync();
        _report = await GuestSuite.RunAsync(new GuestOptions { Kernel = GuestKernel.Spec, Cases = Cases, Jobs = 4, Timeout = TimeSpan.FromMinutes(5) },
            _progress.Line);
        _host = await SuiteRun.RunAsync(ConformanceEngine.Shared, new SuiteOptions { Cases = Cases, Targets = [.. Probe.Abi.Known] });
        TestContext.Progress.WriteLine(ReportWriter.ToMarkdown(_report));
    }

    bool TmpOnExt4 => _report.Host.Distribution!.Contains("TMPDIR on ext4", StringComparison.Ordinal);

    CellSection Cell(string caseId, string target) =>
        _report.Cases.Single(c => c.Id == caseId).Results.Single(r => r.Target == target);

    [Test]
    public void The_report_is_the_guest_kernels_and_says_how_it_ran()
    {
        _report.Host.KernelRelease.Should().StartWith("6.1.");
        _report.Host.Machine.Should().Be("x86_64");
        _report.Host.Root.Should().BeTrue();
        var g = _report.Host.Guest!;
        g.Emulator.Should().Be("qemu-system-x86_64");
        g.Accelerator.Should().BeOneOf("kvm", "tcg");
        if (g.Accelerator == "tcg")
            g.AcceleratorNote.Should().NotBeNullOrEmpty("falling back to TCG says why");
        g.HarnessKernelRelease.Should().Be(HostFacts.Current.KernelRelease);
        ReportWriter.Stem(_report).Should().StartWith("conform-" + _report.Host.KernelRelease + "-");
        _report.Targets.Select(t => t.Name).Should().Equal(Probe.Abi.Known);
        _report.Targets.Should().OnlyContain(t => t.Available);
    }

    [TestCase("x86_64")]
    [TestCase("i686")]
    [TestCase("i686-lfs")]
    public void Every_probe_case_passes_on_every_abi_in_the_guest(string abi)
    {
        foreach (var id in Cases.Where(c => !c.StartsWith("xabi.", StringComparison.Ordinal)))
        {
            // Without the ext4 disk (a kernel without a built-in NVMe driver) /tmp is tmpfs, whose
            // mmap timestamps depend on the kernel version (docs/kernel-validation.md).
            if (id.StartsWith("msync.mtime.", StringComparison.Ordinal) && !TmpOnExt4)
                continue;
            var cell = Cell(id, abi);
            cell.Verdict.Should().BeOneOf(["pass", "linux-specific"], $"{id} [{abi}]: {cell.Reason}");
            cell.Observation!["abi"]!.GetValue<string>().Should().Be(abi);
            cell.Observation!["kernel"]!.GetValue<string>().Should().Be(_report.Host.KernelRelease);
        }
    }

    [Test]
    public void Observations_show_the_isolation_rules_of_host_runs()
    {
        var perm = Cell("fifo.perm.eacces", "i686").Observation!;
        perm["dropped_privileges"]!.GetValue<bool>().Should().BeTrue();
        perm["uid"]!.GetValue<int>().Should().Be(65534);
        Cell("msync.mtime.updated", "x86_64").Observation!["fs_magic"]!.GetValue<string>()
            .Should().Be(TmpOnExt4 ? "0xef53" : "0x1021994", $"the guest's /tmp is what the report says: {_report.Host.Distribution}");
        Cell("pipe.epipe.signal", "i686-lfs").Observation!["sigpipe_count"]!.GetValue<int>().Should().Be(1);
    }

    [Test]
    public void A_case_that_needs_the_host_is_unsupported_with_the_reason()
    {
        var cell = Cell("xabi.fifo.probe-writes", "i686");
        cell.Verdict.Should().Be("unsupported");
        cell.Reason.Should().StartWith(GuestSuite.HostOnly);
    }

    [Test]
    public void Differences_from_the_host_are_listed_each_with_an_explanation()
    {
        // A host cell that failed for leftovers in /dev/shm may be another user's names on a shared
        // machine (the sweep takes every dead pid's ipcprobe-* object); it says nothing about the kernel.
        var diffs = KernelDifferences.Between(_report, _host)
            .Where(d => !HostCellReason(d.Case, d.Target).Contains("left behind", StringComparison.Ordinal)).ToList();
        foreach (var d in diffs)
            d.Explanation.Should().NotStartWith("unexplained", $"{d.Case} [{d.Target}]");
        // Where the host can run a column, the guest (6.1) and the host agree on these cases.
        diffs.Should().BeEmpty();
    }

    string HostCellReason(string caseId, string target) =>
        _host.Cases.Single(c => c.Id == caseId).Results.Single(r => r.Target == target).Reason ?? "";

    [Test]
    public void Nothing_of_the_run_is_left()
    {
        GuestKernel.OurQemuChildren().Should().BeEmpty();
        _progress.Folder.Should().NotBeNull();
        Directory.Exists(_progress.Folder).Should().BeFalse();
    }
}

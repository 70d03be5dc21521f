using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench conform --kernel K [--kernel K2 ...]`: each kernel booted in QEMU with the probes,
/// its report compared with a run of the same probe cases on the host, and with several kernels
/// a case x kernel x ABI matrix. Exit 0: nothing failed; 1: a case failed or a guest did not run.
/// </summary>
internal sealed class GuestCommand(
    IReadOnlyList<string> kernels, IReadOnlyList<string> patterns, IReadOnlyList<string> targets, int parallel,
    string accel, TimeSpan timeout, string? outDir, string format, bool quiet)
{
    public async Task<int> RunAsync(CancellationToken cancel)
    {
        var probeColumns = targets.Count == 0 ? Abi.Known.ToList() : Abi.Known.Where(targets.Contains).ToList();
        if (probeColumns.Count == 0)
            throw new UsageException("--kernel runs the probe ABIs (x86_64, i686, i686-lfs); --abi selected none of them");
        foreach (var k in kernels)
        {
            try
            {
                KernelSource.Check(k);
            }
            catch (GuestException e)
            {
                throw new UsageException(e.Message);
            }
        }
        foreach (var t in targets.Where(Targets.IsManaged))
            Console.Error.WriteLine($"ipcbench conform: --kernel: '{t}' runs in this process on the host kernel, not in the guest; left out");

        // The same probe cases on the host: what the guest's verdicts are compared with.
        var host = ConformanceEngine.Shared;
        Console.Error.WriteLine($"ipcbench conform: host run of the same probe cases on Linux {host.Host.KernelRelease} (for comparison)");
        var hostReport = await SuiteRun.RunAsync(host, new SuiteOptions { Cases = patterns, Targets = probeColumns, Parallelism = parallel }, null, cancel).ConfigureAwait(false);

        var reports = new List<ConformReport>();
        var status = ExitCodes.Ok;
        foreach (var k in kernels)
        {
            cancel.ThrowIfCancellationRequested();
            Console.Error.WriteLine($"ipcbench conform: --kernel {k}");
            ConformReport report;
            try
            {
                report = await GuestSuite.RunAsync(new GuestOptions
                {
                    Kernel = k, Cases = patterns, Abis = probeColumns, Jobs = Math.Min(parallel, 8), Timeout = timeout, Accelerator = accel,
                }, line => Console.Error.WriteLine("  " + line), cancel).ConfigureAwait(false);
            }
            catch (GuestException e) when (e.BadInput)
            {
                throw new UsageException(e.Message);
            }
            catch (GuestException e)
            {
                Console.Error.WriteLine($"ipcbench conform: --kernel {k}: {e.Message}");
                status = ExitCodes.Failed;
                continue;
            }
            report = report with { Differences = KernelDifferences.Between(report, hostReport), ComparedWith = hostReport.Host.KernelRelease };
            var g = report.Host.Guest!;
            Console.Error.WriteLine($"  ran in {g.Emulator} with {g.Accelerator}{(g.AcceleratorNote is { } n ? $" ({n})" : "")}, boot {g.BootSeconds:0.0} s, whole run {report.DurationSeconds:0.0} s");
            ConformCommand.PrintMatrix(report, quiet);
            foreach (var d in report.Differences!)
                Console.WriteLine($"DIFF {d.Case} [{d.Target}]: {d.Verdict} on {report.Host.KernelRelease}, {d.OtherVerdict} on {d.OtherKernel}: {d.Explanation}");
            if (report.Differences!.Count == 0)
                Console.WriteLine($"no differences from the host kernel {hostReport.Host.KernelRelease} on the ABIs both run");
            Write(report);
            if (report.Summary.Fail > 0)
                status = ExitCodes.Failed;
            reports.Add(report);
        }

        if (kernels.Count > 1 && reports.Count > 0 && format != "none")
        {
            var matrix = ConformMatrix.Build([.. reports, hostReport]);
            Console.WriteLine($"{matrix.Rows.Count(r => r.Differs)} of {matrix.Rows.Count} cases differ between the kernels on some ABI");
            IEnumerable<string> written = [];
            OutputLocation.Write(outDir!, () => written = matrix.Write(outDir!, json: format is "both" or "json", markdown: format is "both" or "md" or "markdown").ToList());
            foreach (var w in written)
                Console.WriteLine($"wrote {w}");
        }
        return status;
    }

    void Write(ConformReport report)
    {
        if (format == "none")
            return;
        IEnumerable<string> written = [];
        OutputLocation.Write(outDir!, () => written = ReportWriter.Write(report, outDir!, json: format is "both" or "json", markdown: format is "both" or "md" or "markdown").ToList());
        foreach (var w in written)
            Console.WriteLine($"wrote {w}");
    }
}

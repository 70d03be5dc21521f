using System.Diagnostics;
using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Guest;

/// <summary>What a guest run runs, and on what.</summary>
public sealed record GuestOptions
{
    /// <summary>A kernel image, a linux-image .deb or a package name.</summary>
    public required string Kernel { get; init; }
    public IReadOnlyList<string> Cases { get; init; } = [];
    /// <summary>Probe ABIs to run (x86_64, i686, i686-lfs); empty = all.</summary>
    public IReadOnlyList<string> Abis { get; init; } = [];
    /// <summary>Cases run at once inside the guest.</summary>
    public int Jobs { get; init; } = 4;
    public int Cpus { get; init; } = 2;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    public string Accelerator { get; init; } = "auto";
    /// <summary>More kernel command line (tests use it to break the boot on purpose).</summary>
    public string ExtraAppend { get; init; } = "";
    /// <summary>Where the static probes and guestinit are (default: the native folder next to the assemblies).</summary>
    public string? NativeDirectory { get; init; }
}

/// <summary>
/// `conform --kernel`: boots a kernel in QEMU with an initramfs of the static probes, runs the
/// cases there (guestinit: one process per case, time limit, uid 65534 for permission cases by
/// the probe itself) and judges each observation with the same <see cref="Judge"/> as host runs.
/// Every temporary file lives in one private folder, removed on any outcome.
/// </summary>
public static class GuestSuite
{
    /// <summary>How the reason of a cell that cannot run in any guest starts (not a property of the kernel).</summary>
    public const string HostOnly = "host only: ";

    public static async Task<ConformReport> RunAsync(GuestOptions o, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var scratch = Directory.CreateTempSubdirectory("ipcbench-guest-").FullName; // mode 0700
        try
        {
            progress?.Invoke($"private folder {scratch}");
            var kernel = await KernelSource.ResolveAsync(o.Kernel, scratch, cancel).ConfigureAwait(false);
            progress?.Invoke($"kernel {kernel.Path} ({(kernel.Is64Bit ? "x86_64" : "i386")}) from {kernel.Source}");
            var native = o.NativeDirectory ?? AbiDiscovery.NativeDirectory;
            var cases = CaseCatalogue.Select(o.Cases);
            var columns = o.Abis.Count == 0 ? Abi.Known : Abi.Known.Where(o.Abis.Contains).ToList();
            var abis = columns.Select(name => new Abi
            {
                Name = name,
                ProbePath = $"/probes/{name}/ipcprobe in the guest ({GuestInitramfs.StaticProbe(native, name)})",
                UnavailableReason = name == Abi.X86_64 && !kernel.Is64Bit ? "x86_64: a 32-bit (i386) kernel runs no 64-bit programs" : null,
            }).ToList();

            // Cases that cannot run in the guest are judged now; the rest go on the guest's list.
            var plan = new List<(ConformanceCase Case, Abi Abi, GuestCase? Guest, string? NotHere)>();
            long seq = 0;
            foreach (var c in cases)
            foreach (var abi in abis)
            {
                var notHere = !abi.Available ? abi.UnavailableReason
                    : c.Exchange is not null ? HostOnly + "a cross-ABI exchange needs the managed side, which runs on the host, not in the guest"
                    : c.NotOn?.Invoke(abi);
                plan.Add((c, abi, notHere is null ? new GuestCase(++seq, abi.Name, c.Id, c.Timeout) : null, notHere));
            }
            var guestCases = plan.Where(p => p.Guest is not null).Select(p => p.Guest!).ToList();
            var initrd = Path.Combine(scratch, "initramfs.cpio");
            var disk = await MakeDiskAsync(scratch, progress, cancel).ConfigureAwait(false);
            GuestInitramfs.Write(initrd, native, kernel.Is64Bit, abis.Where(a => a.Available).Select(a => a.Name).ToList(), guestCases, o.Jobs, disk is not null);
            progress?.Invoke($"booting {kernel.Emulator} with {guestCases.Count} probe runs");

            var qemu = new QemuOptions { Kernel = kernel, Initrd = initrd, Cpus = o.Cpus, Timeout = o.Timeout, Accelerator = o.Accelerator, ExtraAppend = o.ExtraAppend, Disk = disk };
            var run = await QemuRun.RunAsync(qemu, progress, cancel).ConfigureAwait(false);
            cancel.ThrowIfCancellationRequested();
            var t = run.Transcript;
            if (t.KernelRelease is null)
                throw new GuestException($"{kernel.Emulator} ({run.Accelerator}) with {kernel.Path}: {run.Problem}");

            var host = HostFacts.Current;
            var guest = new HostFacts
            {
                KernelRelease = t.KernelRelease,
                Kernel = HostFacts.ParseKernel(t.KernelRelease),
                KernelVersion = t.KernelVersion,
                Machine = t.Machine ?? (kernel.Is64Bit ? "x86_64" : "i686"),
                // The static probes carry the C library they were linked with on this host.
                LibcName = host.LibcName,
                LibcVersion = host.LibcVersion,
                Distribution = $"ipcbench initramfs (static probes, guestinit); TMPDIR on {t.TmpFilesystem ?? "unknown"}",
                Uid = 0,
            };
            var stopped = run.Problem ?? "the guest stopped";
            var outcomes = plan.Select(p =>
                p.NotHere is { } why ? Judge.Unsupported(p.Case, p.Abi.Name, why)
                : Judge.Precondition(p.Case, p.Abi.Name, p.Abi, guest) is { } pre ? Judge.Unsupported(p.Case, p.Abi.Name, pre)
                : Judge.FromProbe(p.Case, p.Abi.Name, t.ResultOf(p.Guest!, stopped))).ToList();

            var report = ReportBuilder.Build(cases, columns, outcomes, abis, guest, sw.Elapsed);
            return report with
            {
                Host = report.Host with
                {
                    Guest = new GuestSection
                    {
                        Source = kernel.Source, Package = kernel.Package, Emulator = kernel.Emulator,
                        Accelerator = run.Accelerator, AcceleratorNote = run.AcceleratorNote, Cpus = o.Cpus, MemoryMiB = qemu.MemoryMiB,
                        BootSeconds = run.BootTime is { } b ? Math.Round(b.TotalSeconds, 2) : null,
                        HarnessKernelRelease = host.KernelRelease,
                    },
                },
            };
        }
        finally
        {
            try
            {
                // QEMU is gone by now (QemuRun waits for it): nothing holds these files.
                Directory.Delete(scratch, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// A 64 MiB sparse ext4 image for the guest's /tmp, so the probes' files sit on a disk filesystem
    /// as on the host (tmpfs differs: e.g. it did not update st_mtime at a write fault in 6.1).
    /// Null, and the guest uses tmpfs, when mkfs.ext4 is missing.
    /// </summary>
    static async Task<string?> MakeDiskAsync(string scratch, Action<string>? progress, CancellationToken cancel)
    {
        var img = Path.Combine(scratch, "tmp.ext4");
        try
        {
            await using (var f = new FileStream(img, FileMode.CreateNew, FileAccess.Write))
                f.SetLength(64L << 20);
            var r = await ToolRun.RunAsync(ToolRun.Which("mkfs.ext4") is var mkfs && mkfs.Contains('/', StringComparison.Ordinal) ? mkfs : "/usr/sbin/mkfs.ext4",
                ["-q", "-F", "-E", "root_owner=0:0", img], null, TimeSpan.FromSeconds(60), cancel).ConfigureAwait(false);
            if (r.Status == 0)
                return img;
            progress?.Invoke($"mkfs.ext4 failed ({r.LastLine}); the guest's /tmp is tmpfs");
        }
        catch (GuestException e)
        {
            progress?.Invoke($"{e.Message}; the guest's /tmp is tmpfs (install e2fsprogs for ext4)");
        }
        File.Delete(img);
        return null;
    }
}

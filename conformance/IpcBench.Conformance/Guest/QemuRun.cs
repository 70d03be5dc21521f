using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace IpcBench.Conformance.Guest;

/// <summary>How to boot one guest.</summary>
public sealed record QemuOptions
{
    public required KernelImage Kernel { get; init; }
    public required string Initrd { get; init; }
    /// <summary>Extra kernel command line words after the defaults (a later word wins).</summary>
    public string ExtraAppend { get; init; } = "";
    public int Cpus { get; init; } = 2;
    public int MemoryMiB { get; init; } = 512;
    /// <summary>The whole boot, cases and power-off; past it QEMU is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>"auto" (KVM when /dev/kvm works, else TCG), "kvm" or "tcg".</summary>
    public string Accelerator { get; init; } = "auto";
    /// <summary>A raw ext4 image attached as an NVMe disk (the guest's /tmp), or null.</summary>
    public string? Disk { get; init; }
}

/// <summary>How a boot went; the frames themselves are in <see cref="Transcript"/>.</summary>
public sealed record QemuOutcome
{
    public required SerialTranscript Transcript { get; init; }
    /// <summary>"kvm" or "tcg".</summary>
    public required string Accelerator { get; init; }
    /// <summary>Why KVM was not used, when it was not.</summary>
    public string? AcceleratorNote { get; init; }
    /// <summary>Null when the guest ran its list and powered off; else what went wrong, with the console's last lines.</summary>
    public string? Problem { get; init; }
    public required TimeSpan Elapsed { get; init; }
    /// <summary>From QEMU's start to the guest's first frame (kernel booted, init running).</summary>
    public TimeSpan? BootTime { get; init; }
}

/// <summary>
/// Boots a kernel and initramfs in QEMU with the serial console on a pipe, reads the console
/// until the guest powers off, and never leaves QEMU running: it is killed on the timeout, on
/// cancellation (Ctrl-C) and when this process exits.
/// </summary>
public static class QemuRun
{
    static readonly ConcurrentDictionary<int, Process> Live = new();
    const long MaxConsoleBytes = 64L * 1024 * 1024;

    static QemuRun()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
                ToolRun.Kill(p);
        };
    }

    /// <summary>
    /// The kernel command line: serial console, quiet (only emergencies interleave with the frames),
    /// no reboot on panic, and no IO-APIC timer check: under TCG on a loaded host the check can miss
    /// its ticks and panic ("IO-APIC + timer doesn't work!"), as it did on this VM at load 70.
    /// </summary>
    public static string Append(QemuOptions o) =>
        ("console=ttyS0 panic=-1 quiet loglevel=1 no_timer_check rdinit=/init " + o.ExtraAppend).Trim();

    /// <summary>Why /dev/kvm cannot be used, or null when it opens for reading and writing.</summary>
    public static string? KvmUnavailable()
    {
        if (!File.Exists("/dev/kvm"))
            return "no /dev/kvm";
        try
        {
            using var f = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"/dev/kvm does not open: {e.Message}";
        }
    }

    public static async Task<QemuOutcome> RunAsync(QemuOptions o, Action<string>? progress, CancellationToken cancel)
    {
        string? note = null;
        var useKvm = o.Accelerator switch
        {
            "kvm" => true,
            "tcg" => false,
            _ => (note = KvmUnavailable()) is null,
        };
        if (o.Accelerator == "tcg")
            note = "TCG asked for (--accel tcg)";
        if (useKvm)
        {
            var kvm = await BootAsync(o, "kvm", progress, cancel).ConfigureAwait(false);
            // KVM that aborts before the kernel runs (nested KVM: "failed to set MSR 0x10a") falls back to TCG.
            if (kvm.Transcript.KernelRelease is not null || o.Accelerator == "kvm" || cancel.IsCancellationRequested)
                return kvm;
            note = $"KVM failed ({kvm.Problem})";
            progress?.Invoke($"KVM did not boot; falling back to TCG: {kvm.Problem}");
        }
        var tcg = await BootAsync(o, "tcg", progress, cancel).ConfigureAwait(false);
        return tcg with { AcceleratorNote = note };
    }

    static async Task<QemuOutcome> BootAsync(QemuOptions o, string accel, Action<string>? progress, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(ToolRun.Which(o.Kernel.Emulator))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.Latin1,
        };
        // TCG's "max" CPU has 5-level paging, which moves the top of user space past 2^47 and changes
        // what an mmap near the 4-level top does: the guest gets the address space of common x86-64 hardware.
        var cpu = accel == "kvm" ? "host" : o.Kernel.Is64Bit ? "max,la57=off" : "max";
        foreach (var a in new[]
                 {
                     "-nodefaults", "-no-user-config", "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
                     "-accel", accel == "tcg" ? "tcg,thread=multi" : "kvm", "-cpu", cpu,
                     "-smp", o.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-m", $"{o.MemoryMiB}M", "-kernel", o.Kernel.Path, "-initrd", o.Initrd, "-append", Append(o),
                 })
            psi.ArgumentList.Add(a);
        if (o.Disk is not null)
            foreach (var a in new[] { "-drive", $"file={o.Disk},if=none,id=tmp,format=raw", "-device", "nvme,serial=ipcbench,drive=tmp" })
                psi.ArgumentList.Add(a);

        var transcript = new SerialTranscript();
        var sw = Stopwatch.StartNew();
        TimeSpan? boot = null;
        Process process;
        try
        {
            process = ToolRun.Start(psi);
        }
        catch (GuestException e)
        {
            throw new GuestException($"{e.Message} (install qemu-system-x86: scripts/deps.sh --kernel as root)");
        }
        Live[process.Id] = process;
        progress?.Invoke($"started {o.Kernel.Emulator} (pid {process.Id}, {accel})");
        try
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(o.Timeout);
            string? problem = null;
            try
            {
                while (await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
                {
                    transcript.Feed(line);
                    if (boot is null && transcript.KernelRelease is not null)
                    {
                        boot = sw.Elapsed;
                        progress?.Invoke($"guest Linux {transcript.KernelRelease} ({transcript.Machine}) up after {boot.Value.TotalSeconds:0.0} s ({accel})");
                    }
                    if (transcript.Bytes > MaxConsoleBytes)
                    {
                        problem = $"the guest printed more than {MaxConsoleBytes >> 20} MiB on its console (garbage); stopped it";
                        break;
                    }
                }
                if (problem is null)
                {
                    // The console closed: QEMU is exiting (power-off, panic with -no-reboot, or an error).
                    using var grace = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                    grace.CancelAfter(TimeSpan.FromSeconds(10));
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                problem = cancel.IsCancellationRequested
                    ? "cancelled (interrupt); stopped QEMU"
                    : $"no power-off within {o.Timeout.TotalSeconds:0} s (hung guest); stopped QEMU";
            }
            ToolRun.Kill(process);
            var errText = await WithinAsync(stderr, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var errLine = errText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

            if (problem is null && transcript.Fatal is { } fatal)
                problem = $"guestinit failed: {fatal}";
            else if (problem is null && !transcript.Done)
                problem = transcript.KernelRelease is null
                    ? $"the guest stopped before its init reported (QEMU exit status {SafeExit(process)}{(errLine is null ? "" : $": {errLine}")})"
                    : $"the guest stopped before finishing its cases (QEMU exit status {SafeExit(process)})";
            if (problem is not null && transcript.Panic is { } panic)
                problem += $"; the kernel panicked: {panic}";
            if (problem is not null)
                problem += $"; console's last lines: {transcript.Tail}";
            return new QemuOutcome { Transcript = transcript, Accelerator = accel, Problem = problem, Elapsed = sw.Elapsed, BootTime = boot };
        }
        finally
        {
            ToolRun.Kill(process);
            try
            {
                using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            Live.TryRemove(process.Id, out _);
            process.Dispose();
        }
    }

    static string SafeExit(Process p)
    {
        try
        {
            return p.HasExited ? p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none (killed)";
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    static async Task<string> WithinAsync(Task<string> t, TimeSpan limit)
    {
        var done = await Task.WhenAny(t, Task.Delay(limit)).ConfigureAwait(false);
        return done == t ? await t.ConfigureAwait(false) : "";
    }
}

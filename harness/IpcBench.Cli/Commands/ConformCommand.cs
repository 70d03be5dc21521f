using System.CommandLine;
using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;
using IpcBench.Util;
using Spectre.Console;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench conform`: the conformance suite without a test runner. Runs every case (or a
/// selection) on every ABI and in process, prints the case x ABI matrix, and writes the JSON and
/// Markdown reports keyed by kernel release and C library version. Exit 0: nothing failed;
/// 1: a case failed; 2: bad input.
/// </summary>
internal static class ConformCommand
{
    static readonly Option<string[]> Abi = new("--abi", "-a")
    {
        Description = "Columns to run: x86_64, i686, i686-lfs, managed, mono-posix (repeat or comma-separate; default: all)",
        AllowMultipleArgumentsPerToken = true,
    };

    static readonly Option<string[]> Filter = new("--case", "--filter", "-c")
    {
        Description = "Cases to run: an id, an id prefix ending in '.', a glob ('mq.*.ebadf-*') or an interface (Mmap, Pipe, mqueue, cross-abi); repeatable",
        AllowMultipleArgumentsPerToken = true,
    };

    static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Folder for the reports (default: results/runs/ under the repository root, or under the current folder)",
    };

    static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "Reports to write: both, json, md or none",
        DefaultValueFactory = _ => "both",
    };

    static readonly Option<int> Parallel = NumberOptions.Whole("--parallel", "-j", "Cells run at once (1-16)", min: 1, max: 16, fallback: 4);

    static readonly Option<bool> List = new("--list")
    {
        Description = "List the cases (id, interface, targets, requirement page and section, reference) and exit",
    };

    static readonly Option<bool> Trace = new("--trace")
    {
        Description = "Print the traceability table (docs/conformance-trace.md: every requirement, its cases or why none) and exit",
    };

    static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only failures and the summary, not the whole matrix" };

    static readonly Option<string> LibcOption = new("--libc")
    {
        Description = "C library the probes are linked with: glibc (the system's) or musl (static, from musl-tools), on the host kernel",
        DefaultValueFactory = _ => "glibc",
    };

    static readonly Option<string?> Rootfs = new("--rootfs")
    {
        Description = "Run the probes chrooted into this distribution tree (mmdebstrap/debootstrap result, unpacked container image), on its C library and the host kernel",
    };

    static readonly Option<string[]> Kernel = new("--kernel", "-k")
    {
        Description = "Run the probes in QEMU on this kernel instead of the host's: a bzImage/vmlinuz file, a linux-image .deb or a package name for apt-get download; repeat for a case x kernel x ABI matrix",
        AllowMultipleArgumentsPerToken = false,
    };

    static readonly Option<string> Accel = new("--accel")
    {
        Description = "QEMU accelerator for --kernel: auto (KVM when /dev/kvm works, else TCG), kvm or tcg",
        DefaultValueFactory = _ => "auto",
    };

    static readonly Option<int> GuestTimeout = new("--guest-timeout")
    {
        Description = "Seconds a --kernel guest may take to boot, run its cases and power off before it is stopped",
        DefaultValueFactory = _ => 300,
    };

    public static Command Create()
    {
        var command = new Command("conform",
            "Check that this kernel and C library keep the POSIX promises of mmap, munmap, msync, pipes, FIFOs, message queues and shared memory, on every ABI");
        command.Options.Add(Abi);
        command.Options.Add(Filter);
        command.Options.Add(Out);
        command.Options.Add(Format);
        command.Options.Add(Parallel);
        command.Options.Add(List);
        command.Options.Add(Trace);
        command.Options.Add(Quiet);
        command.Options.Add(LibcOption);
        command.Options.Add(Kernel);
        command.Options.Add(Rootfs);
        command.Options.Add(Accel);
        command.Options.Add(GuestTimeout);
        command.SetAction((parsed, cancel) => RunAsync(parsed, cancel));
        return command;
    }

    static async Task<int> RunAsync(ParseResult parsed, CancellationToken cancel)
    {
        var targets = Split(parsed.GetValue(Abi), "--abi");
        foreach (var t in targets)
        {
            if (!Targets.All.Contains(t))
                throw new UsageException($"unknown ABI '{t}' for --abi (known: {string.Join(", ", Targets.All)})");
        }
        var patterns = Split(parsed.GetValue(Filter), "--case");
        foreach (var p in patterns)
        {
            if (!CaseCatalogue.All.Any(c => CaseCatalogue.Matches(c, p)))
                throw new UsageException($"no case matches '{p}' for --case (see ipcbench conform --list)");
        }
        var format = (parsed.GetValue(Format) ?? "both").ToLowerInvariant();
        if (format is not ("both" or "json" or "md" or "markdown" or "none"))
            throw new UsageException($"unknown --format '{format}' (both, json, md, none)");
        var parallel = parsed.GetValue(Parallel);
        if (parsed.GetValue(List))
        {
            foreach (var c in CaseCatalogue.Select(patterns))
                Console.WriteLine($"{c.Id}\t{c.Interface.Category()}\t{RequirementTrace.Targets(c)}\t{c.Requirement.PageTitle}, {c.Requirement.Section}\t{c.ReferenceLine}");
            return ExitCodes.Ok;
        }
        if (parsed.GetValue(Trace))
        {
            Console.Write(RequirementTrace.Markdown(CaseCatalogue.All, UntestedRequirements.All));
            return ExitCodes.Ok;
        }
        var outDir = format == "none" ? null : OutputLocation.Folder(parsed.GetResult(Out) is null ? DefaultOut() : parsed.GetValue(Out), "--out");

        var kernels = parsed.GetValue(Kernel) ?? [];
        if (kernels.Length > 0)
        {
            if (parsed.GetValue(LibcOption) is { } l && l != "glibc" || parsed.GetValue(Rootfs) is not null)
                throw new UsageException("--libc musl and --rootfs run on the host kernel; they cannot be combined with --kernel");
            var accel = (parsed.GetValue(Accel) ?? "auto").ToLowerInvariant();
            if (accel is not ("auto" or "kvm" or "tcg"))
                throw new UsageException($"unknown --accel '{accel}' (auto, kvm, tcg)");
            var guestTimeout = parsed.GetValue(GuestTimeout);
            if (guestTimeout is < 10 or > 3600)
                throw new UsageException($"--guest-timeout must be 10 to 3600 seconds, not {guestTimeout}");
            var run = new GuestCommand(kernels, patterns, targets, parallel, accel, TimeSpan.FromSeconds(guestTimeout), outDir, format, parsed.GetValue(Quiet));
            return await run.RunAsync(cancel).ConfigureAwait(false);
        }

        var libc = (parsed.GetValue(LibcOption) ?? "glibc").ToLowerInvariant();
        if (libc is not ("glibc" or "musl"))
            throw new UsageException($"unknown --libc '{libc}' (glibc, musl)");
        var engine = ConformanceEngine.Shared;
        var rootfs = parsed.GetValue(Rootfs);
        string? scratch = null;
        if (rootfs is not null)
        {
            if (libc != "glibc")
                throw new UsageException("--rootfs runs the tree's own C library; it cannot be combined with --libc");
            if (RootfsProbes.NotATree(rootfs) is { } why)
                throw new UsageException(why);
            scratch = Directory.CreateTempSubdirectory("ipcbench-rootfs-").FullName; // mode 0700: the launchers
            var tree = await RootfsProbes.DiscoverAsync(rootfs, AbiDiscovery.NativeDirectory, scratch).ConfigureAwait(false);
            engine = new ConformanceEngine(tree.Abis, RootfsProbes.Host(engine.Host, tree, rootfs));
            targets = ProbeColumnsOnly(targets, "--rootfs");
        }
        if (libc == "musl")
        {
            // The managed columns run in this .NET process, on glibc: only the probe ABIs judge musl.
            var (muslAbis, muslVersion) = await MuslProbes.DiscoverAsync(AbiDiscovery.NativeDirectory).ConfigureAwait(false);
            engine = new ConformanceEngine(muslAbis, MuslProbes.Host(engine.Host, muslVersion));
            targets = ProbeColumnsOnly(targets, "--libc musl");
        }
        var options = new SuiteOptions { Cases = patterns, Targets = targets, Parallelism = parallel };
        var selected = CaseCatalogue.Select(patterns);
        var columns = targets.Count == 0 ? Targets.All : Targets.All.Where(targets.Contains).ToList();
        var total = selected.Sum(c => columns.Count(t => ConformanceEngine.Applies(c, t)));
        Console.Error.WriteLine($"ipcbench conform: {selected.Count} cases x {columns.Count} columns ({total} cells), {parallel} at a time; " +
                                $"Linux {engine.Host.KernelRelease}, {engine.Host.LibcName} {engine.Host.LibcVersion}, uid {engine.Host.Uid}");
        foreach (var abi in engine.Abis.Where(a => !a.Available && columns.Contains(a.Name)))
            Console.Error.WriteLine($"ipcbench conform: {abi.Name} unavailable: {abi.UnavailableReason}");

        var done = 0;
        ConformReport report;
        try
        {
            report = await SuiteRun.RunAsync(engine, options, _ =>
            {
                var n = Interlocked.Increment(ref done);
                if (!Console.IsErrorRedirected && (n % 25 == 0 || n == total))
                    Console.Error.Write($"\r  {n}/{total} cells");
            }, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (scratch is not null)
                Directory.Delete(scratch, recursive: true);
        }
        if (rootfs is not null)
            report = report with { Host = report.Host with { Rootfs = Path.GetFullPath(rootfs) } };
        if (!Console.IsErrorRedirected)
            Console.Error.WriteLine();

        PrintMatrix(report, parsed.GetValue(Quiet));

        if (format != "none")
        {
            IReadOnlyList<string> written = [];
            OutputLocation.Write(outDir!, () => written = ReportWriter.Write(report, outDir!, json: format is "both" or "json", markdown: format is "both" or "md" or "markdown"));
            foreach (var w in written)
                Console.WriteLine($"wrote {w}");
        }
        return report.Summary.Fail > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    internal static void PrintMatrix(ConformReport report, bool quiet)
    {
        Rendering.ConsoleWidth.WidenWhenRedirected();
        var console = AnsiConsole.Console;
        if (!quiet)
        {
            var table = new Table().Border(TableBorder.Simple).Title($"Linux {report.Host.KernelRelease}, {report.Host.Libc.Name} {report.Host.Libc.Version}");
            table.AddColumn("case");
            foreach (var t in report.Targets)
                table.AddColumn(new TableColumn(Markup.Escape(t.Name)).Centered());
            foreach (var c in report.Cases)
            {
                var cells = new List<Markup> { new(Markup.Escape(c.Id)) };
                foreach (var t in report.Targets)
                    cells.Add(Verdict(c.Results.FirstOrDefault(r => r.Target == t.Name)?.Verdict));
                table.AddRow(cells);
            }
            console.Write(table);
        }
        // Plain lines (not wrapped at the terminal width): one per unavailable ABI and failed cell.
        foreach (var t in report.Targets.Where(t => !t.Available))
            Console.WriteLine($"unavailable {t.Name}: {t.Reason}");
        foreach (var c in report.Cases)
            foreach (var r in c.Results.Where(r => r.Verdict == "fail"))
                Console.WriteLine($"FAIL {c.Id} [{r.Target}]: {r.Reason}");
        var s = report.Summary;
        console.MarkupLine(
            $"{s.Cases} cases, {s.Cells} cells: [green]{s.Pass} pass[/], [blue]{s.LinuxSpecific} linux-specific[/], " +
            $"[yellow]{s.Unsupported} unsupported[/], {(s.Fail > 0 ? "[red]" : "")}{s.Fail} fail{(s.Fail > 0 ? "[/]" : "")} in {report.DurationSeconds:0.0} s");
    }

    /// <summary>The probe ABIs of a selection: the managed columns run in this .NET process, on the system's glibc.</summary>
    static List<string> ProbeColumnsOnly(List<string> targets, string option)
    {
        var managed = targets.Where(Targets.IsManaged).ToList();
        if (managed.Count > 0)
            Console.Error.WriteLine($"ipcbench conform: {option}: {string.Join(", ", managed)} run on the system's glibc in this process; left out");
        List<string> probes = targets.Count == 0 ? [.. IpcBench.Conformance.Probe.Abi.Known] : targets.Where(t => !Targets.IsManaged(t)).ToList();
        return probes.Count > 0 ? probes
            : throw new UsageException($"{option} runs the probe ABIs (x86_64, i686, i686-lfs); --abi selected none of them");
    }

    internal static Markup Verdict(string? v) => v switch
    {
        "pass" => new Markup("[green]pass[/]"),
        "linux-specific" => new Markup("[blue]linux[/]"),
        "unsupported" => new Markup("[yellow]unsup[/]"),
        "fail" => new Markup("[red bold]FAIL[/]"),
        _ => new Markup("[grey]·[/]"),
    };

    static List<string> Split(string[]? values, string option) =>
        OptionList.Unique((values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(v => v != "all").Select(v => (v, v)), option);

    /// <summary>results/runs/ under the repository root (the folder holding IpcBench.sln), else under the current folder.</summary>
    static string DefaultOut()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpcBench.sln")))
                return Path.Combine(dir.FullName, "results", "runs");
        }
        return Path.Combine(Environment.CurrentDirectory, "results", "runs");
    }
}

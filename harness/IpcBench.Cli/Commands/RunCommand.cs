using System.CommandLine;
using IpcBench.Cli.Rendering;
using IpcBench.Orchestration;
using IpcBench.Results;
using IpcBench.Transports;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>`ipcbench run`: the cross-process benchmark matrix, its floors and copy model.</summary>
internal static class RunCommand
{
    static readonly Option<string?> Transports = new("--transports", "-t")
    {
        Description = "Comma-separated transports: pipe, fifo, mq, shm, mmap-file, uds (default: all)",
    };
    static readonly Option<string?> Waits = new("--wait")
    {
        Description = "Wait strategies for shm and mmap-file: spin, futex (default: both)",
    };
    static readonly Option<string?> Peers = new("--peers", "-p")
    {
        Description = "Peer pairs CLIENT-SERVER, each side managed, native, x86_64, i686 or i686-lfs (default: managed-managed,native-native)",
    };
    static readonly Option<string?> Workloads = new("--workloads", "-w")
    {
        Description = "latency, throughput (default: both)",
    };
    static readonly Option<string?> Sizes = new("--sizes", "-s")
    {
        Description = "Message sizes such as 64,1K,4K,64K,1M (default), header of 16 bytes included",
    };
    static readonly Option<string?> PlacementOption = new("--placement")
    {
        Description = "cross (peers on two CPUs; default with 2+ CPUs), same (one CPU) or none (not pinned)",
    };
    static readonly Option<string> ProfileOption = new("--profile")
    {
        Description = "quick (default; the default matrix in under a minute on 2 cores) or full (more messages and repetitions)",
        DefaultValueFactory = _ => "quick",
    };
    static readonly Option<int?> Count = NumberOptions.Whole("--count", "Timed messages per cell (overrides the profile)", min: 1);
    static readonly Option<int?> Warmup = NumberOptions.Whole("--warmup", "Untimed warm-up messages per cell (overrides the profile)", min: 0);
    static readonly Option<int?> Repetitions = NumberOptions.Whole("--repetitions", "Rounds, each running every cell once in a shuffled order; a cell's repetitions are its rounds (overrides the profile)", min: 1);
    static readonly Option<double> Timeout = NumberOptions.Seconds("--timeout", "Seconds a peer may stay silent before its cell fails (default 30)", max: 3600, fallback: 30);
    static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Directory for the JSON, CSV and Markdown results (default: results/runs/ in the repository)",
    };
    static readonly Option<long?> Seed = NumberOptions.Seed("--seed",
        "Seed of the rounds' shuffled order (default: a fresh one, recorded in the result as settings.seed; give it to reproduce a run's order)");
    static readonly Option<bool> NoFloors = new("--no-floors") { Description = "Skip the floors (memcpy, own work, cache-line ping-pong)" };

    /// <summary>The options that choose what is measured and how (shared with `ipcbench ab`).</summary>
    internal static IEnumerable<Option> MatrixOptions =>
        [Transports, Waits, Peers, Workloads, Sizes, PlacementOption, ProfileOption, Count, Warmup, Repetitions, Seed, Timeout];

    public static Command Create()
    {
        var command = new Command("run", "Measure latency, throughput and copy cost of IPC between real processes");
        foreach (var o in MatrixOptions.Append(Out).Append(NoFloors))
            command.Options.Add(o);
        command.SetAction(parsed => Execute(parsed));
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        var request = BuildRequest(parsed);
        var outDir = OutputLocation.Folder(parsed.GetResult(Out) is null ? RepositoryPaths.DefaultRunsDirectory() : parsed.GetValue(Out), "--out");
        Preflight(request);
        var progress = new RunProgress();
        var run = new BenchmarkRun(request, progress);
        RunResult result;
        using (progress)
            result = run.Execute("ipcbench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        ConsoleWidth.WidenWhenRedirected();
        RunTables.Print(result);
        var saved = Save(result, outDir);
        if (saved is null) return ExitCodes.Failed;
        var written = saved.Files;
        Console.WriteLine($"results: {written.Json}");
        Console.WriteLine($"         {written.Csv}");
        Console.WriteLine($"         {written.Markdown}");
        if (saved.FailedDirectory is { } failedDir)
        {
            Console.Error.WriteLine($"ipcbench: could not write the results to {failedDir} ({saved.Problem}); kept them in {Path.GetDirectoryName(written.Json)}");
            return ExitCodes.Failed;
        }
        if (run.InterruptSignal is { } signal)
        {
            Console.Error.WriteLine("ipcbench: interrupted; the cells run so far are saved");
            // The shell convention: 128 + the signal number.
            return signal == System.Runtime.InteropServices.PosixSignal.SIGTERM ? 143 : 130;
        }
        var failed = result.Cells.Count(c => c.Status == CellStatus.Failed);
        if (failed > 0)
        {
            Console.Error.WriteLine($"ipcbench: {failed} cell(s) failed; see the reasons above and in the results");
            return ExitCodes.Failed;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The results on disk, in <paramref name="outDir"/> or a private temporary folder; as a last resort the JSON on stdout (null then).</summary>
    static ResultFiles.Saved? Save(RunResult result, string outDir)
    {
        try
        {
            return ResultFiles.WriteOrKeep(result, outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"ipcbench: could not write the results to {outDir} nor to a temporary folder ({e.Message}); the JSON result follows on standard output");
            Console.Out.Write(ResultJson.Serialize(result));
            return null;
        }
    }

    internal static RunRequest BuildRequest(ParseResult parsed)
    {
        var request = new RunRequest();
        if (parsed.GetValue(Transports) is { } t)
        {
            var kinds = OptionList.Parse(t, "--transports", TransportKinds.Parse);
            if (kinds.Contains(TransportKind.Cacheline))
                throw new UsageException("cacheline is a floor, measured with every run; it is not a --transports choice");
            request = request with { Transports = kinds };
        }
        if (parsed.GetValue(Waits) is { } w)
        {
            var waits = OptionList.Parse(w, "--wait", TransportKinds.ParseWait);
            if (waits.Contains(WaitStrategy.None))
                throw new UsageException("unknown wait strategy 'none': expected spin or futex");
            request = request with { Waits = waits };
        }
        if (parsed.GetValue(Peers) is { } p)
            request = request with { Peers = PeerSpec.ParseList(p) };
        if (parsed.GetValue(Workloads) is { } wl)
            request = request with { Workloads = OptionList.Parse(wl, "--workloads", ParseWorkload) };
        if (parsed.GetValue(Sizes) is { } s)
            request = request with { Sizes = SizeParser.ParseList(s).Select(CheckSize).ToList() };
        else if (request.Transports.Contains(TransportKind.Mq))
            // The default matrix resolves the queue's per-byte cost: sizes up to its message limit, and beyond where allowed.
            request = request with { ExtraSizes = new Dictionary<TransportKind, IReadOnlyList<int>> { [TransportKind.Mq] = MqLimits.Read().DefaultMatrixSizes() } };
        if (parsed.GetValue(PlacementOption) is { } pl)
            request = request with { Placement = CpuPlacement.ParseKind(pl) };
        request = request with { Profile = Profile.Parse(parsed.GetValue(ProfileOption) ?? "quick") };
        request = request with
        {
            Count = parsed.GetValue(Count),
            Warmup = parsed.GetValue(Warmup),
            Repetitions = parsed.GetValue(Repetitions),
            Floors = parsed.CommandResult.Command.Options.Contains(NoFloors) && !parsed.GetValue(NoFloors),
            Seed = parsed.GetValue(Seed),
        };
        request = request with { Timeout = TimeSpan.FromSeconds(parsed.GetValue(Timeout)) };
        if (request.Count is int c && request.RepetitionsOrDefault > c)
            throw new UsageException($"--count {c} is smaller than the {request.RepetitionsOrDefault} repetitions; raise --count or lower --repetitions");
        return request;
    }

    /// <summary>
    /// Refuses, before anything runs, what cannot run at all: a native peer that is not built, an
    /// explicitly asked-for size that a transport cannot carry on this machine.
    /// </summary>
    internal static void Preflight(RunRequest request, PeerBuild? build = null)
    {
        DescriptorBudget.Require(DescriptorBudget.RunNeeds(), "this run");
        foreach (var side in request.Peers.SelectMany(p => new[] { p.Client, p.Server }).Distinct())
            PeerLocator.Locate(side, build);
        if (request.Floors)
            PeerLocator.Locate(PeerInfo.Native());
        bool sizesGiven = !request.Sizes.SequenceEqual(SizeParser.DefaultSizes.Select(x => (int)x));
        if (!sizesGiven) return;
        foreach (var t in request.Transports)
        foreach (var size in request.Sizes)
        {
            // Only when every size is unusable is it a mistake; a mix is reported as skipped cells.
            if (TransportSetups.SkipReason(t, size) is { } reason && request.Sizes.All(x => TransportSetups.SkipReason(t, x) is not null))
                throw new UsageException($"{t.ToName()} cannot carry {SizeParser.Format(size)}: {reason}");
        }
    }

    static int CheckSize(long size) => size <= SizeParser.MaxMessageSize
        ? (int)size
        : throw new UsageException($"size {SizeParser.Format(size)} is above the 1G maximum of a message");

    static Workload ParseWorkload(string name) => name switch
    {
        "latency" => Workload.Latency,
        "throughput" => Workload.Throughput,
        _ => throw new UsageException($"unknown workload '{name}': expected latency or throughput"),
    };
}

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
    static readonly Option<int?> Count = new("--count") { Description = "Timed messages per cell (overrides the profile)" };
    static readonly Option<int?> Warmup = new("--warmup") { Description = "Untimed warm-up messages per cell (overrides the profile)" };
    static readonly Option<int?> Repetitions = new("--repetitions") { Description = "Rounds, each running every cell once in a shuffled order; a cell's repetitions are its rounds (overrides the profile)" };
    static readonly Option<double> Timeout = new("--timeout")
    {
        Description = "Seconds a peer may stay silent before its cell fails (default 30)",
        DefaultValueFactory = _ => 30,
    };
    static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Directory for the JSON, CSV and Markdown results (default: results/runs/ in the repository)",
    };
    static readonly Option<long?> Seed = new("--seed")
    {
        Description = "Seed of the rounds' shuffled order (default: a fresh one, recorded in the result as settings.seed; give it to reproduce a run's order)",
    };
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
        Preflight(request);
        var outDir = parsed.GetValue(Out) ?? RepositoryPaths.DefaultRunsDirectory();
        var progress = new RunProgress();
        var run = new BenchmarkRun(request, progress);
        RunResult result;
        using (progress)
            result = run.Execute("ipcbench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        ConsoleWidth.WidenWhenRedirected();
        RunTables.Print(result);
        var written = ResultFiles.WriteAll(result, outDir);
        Console.WriteLine($"results: {written.Json}");
        Console.WriteLine($"         {written.Csv}");
        Console.WriteLine($"         {written.Markdown}");
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

    internal static RunRequest BuildRequest(ParseResult parsed)
    {
        var request = new RunRequest();
        if (parsed.GetValue(Transports) is { } t)
        {
            var kinds = List(t, "--transports").Select(TransportKinds.Parse).ToList();
            if (kinds.Contains(TransportKind.Cacheline))
                throw new UsageException("cacheline is a floor, measured with every run; it is not a --transports choice");
            request = request with { Transports = kinds };
        }
        if (parsed.GetValue(Waits) is { } w)
        {
            var waits = List(w, "--wait").Select(TransportKinds.ParseWait).ToList();
            if (waits.Contains(WaitStrategy.None))
                throw new UsageException("unknown wait strategy 'none': expected spin or futex");
            request = request with { Waits = waits };
        }
        if (parsed.GetValue(Peers) is { } p)
            request = request with { Peers = PeerSpec.ParseList(p) };
        if (parsed.GetValue(Workloads) is { } wl)
            request = request with { Workloads = List(wl, "--workloads").Select(ParseWorkload).ToList() };
        if (parsed.GetValue(Sizes) is { } s)
            request = request with { Sizes = SizeParser.ParseList(s).Select(CheckSize).ToList() };
        if (parsed.GetValue(PlacementOption) is { } pl)
            request = request with { Placement = CpuPlacement.ParseKind(pl) };
        request = request with { Profile = Profile.Parse(parsed.GetValue(ProfileOption) ?? "quick") };
        request = request with
        {
            Count = Positive(parsed.GetValue(Count), "--count"),
            Warmup = NonNegative(parsed.GetValue(Warmup), "--warmup"),
            Repetitions = Positive(parsed.GetValue(Repetitions), "--repetitions"),
            Floors = parsed.CommandResult.Command.Options.Contains(NoFloors) && !parsed.GetValue(NoFloors),
            Seed = parsed.GetValue(Seed) is long seed && seed < 0 ? throw new UsageException($"--seed must not be negative, not {seed}") : parsed.GetValue(Seed),
        };
        var timeout = parsed.GetValue(Timeout);
        if (!(timeout > 0) || timeout > 3600)
            throw new UsageException($"--timeout must be between 0 and 3600 seconds, not {timeout}");
        request = request with { Timeout = TimeSpan.FromSeconds(timeout) };
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

    static int CheckSize(long size) => size <= 1L << 30
        ? (int)size
        : throw new UsageException($"size {SizeParser.Format(size)} is above the 1G maximum of a message");

    static IEnumerable<string> List(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
            throw new UsageException($"{option} needs at least one value");
        return items.Distinct();
    }

    static Workload ParseWorkload(string name) => name switch
    {
        "latency" => Workload.Latency,
        "throughput" => Workload.Throughput,
        _ => throw new UsageException($"unknown workload '{name}': expected latency or throughput"),
    };

    static int? Positive(int? v, string option) => v is int x && x <= 0
        ? throw new UsageException($"{option} must be a positive number, not {x}")
        : v;

    static int? NonNegative(int? v, string option) => v is int x && x < 0
        ? throw new UsageException($"{option} must not be negative, not {x}")
        : v;
}

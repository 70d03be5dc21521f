using System.Text;
using IpcBench.Env;

namespace IpcBench.Results;

/// <summary>
/// A readable report of a run: summary, environment, settings, a latency table, a throughput
/// table, failed and skipped cells, floors, and the copy model next to the textbook claim.
/// </summary>
public static class MarkdownWriter
{
    public static string ToMarkdown(RunResult run)
    {
        var sb = new StringBuilder();
        var s = run.Summary;
        sb.Append("# IpcBench run ").Append(run.RunId).Append("\n\n");
        sb.Append("- started ").Append(run.StartedUtc.ToString("u", Format.Inv));
        if (run.FinishedUtc is { } f)
            sb.Append(", finished ").Append(f.ToString("u", Format.Inv));
        sb.Append('\n');
        sb.Append("- ipcbench ").Append(run.ToolVersion);
        if (run.Environment.GitCommit is { } commit)
            sb.Append(", commit ").Append(commit.Length > 12 ? commit[..12] : commit).Append(run.Environment.GitDirty == true ? " (dirty)" : "");
        sb.Append(", result schema ").Append(run.SchemaVersion).Append('\n');
        sb.Append("- cells: ").Append(s.Cells).Append(" (").Append(s.Ok).Append(" ok, ")
          .Append(s.Failed).Append(" failed, ").Append(s.Skipped).Append(" skipped)\n\n");

        AppendEnvironment(sb, run.Environment);
        AppendSettings(sb, run.Settings);
        AppendLatency(sb, run.Cells);
        AppendThroughput(sb, run.Cells);
        AppendNotOk(sb, run.Cells);
        AppendFloors(sb, run.Floors);
        AppendCopyModel(sb, run.CopyModel);
        return sb.ToString();
    }

    /// <summary>Writes the report atomically.</summary>
    public static void Write(string path, RunResult run) => Util.AtomicFile.WriteAllText(path, ToMarkdown(run));

    private static void AppendEnvironment(StringBuilder sb, EnvironmentInfo e)
    {
        sb.Append("## Environment\n\n");
        var rows = new List<string[]>
        {
            new[] { "host", Text(e.Hostname) },
            new[] { "kernel", Text(e.KernelRelease) },
            new[] { "distribution", Text(e.Distribution) },
            new[] { "glibc", Text(e.GlibcVersion) },
            new[] { "CPU", $"{Text(e.CpuModel)} ({Text(e.CpuCount?.ToString(Format.Inv))} online, {e.CpusAvailable.ToString(Format.Inv)} available)" },
            new[] { "governor / clock source", $"{Text(e.CpuGovernor)} / {Text(e.Clocksource)}" },
            new[] { ".NET", $"{Text(e.DotnetVersion)} ({Text(e.RuntimeIdentifier)})" },
            new[] { "page size", $"{e.PageSize.ToString(Format.Inv)} B" },
            new[] { "user", e.UserId is { } uid ? $"uid {uid.ToString(Format.Inv)}{(e.IsRoot == true ? " (root)" : "")}" : "–" },
            new[] { "pipe", $"default capacity {e.Pipe.DefaultCapacity.ToString(Format.Inv)} B, pipe-max-size {Format.Human(e.Pipe.MaxSize)} B" },
            new[] { "message queues", $"msg_max {Format.Human(e.Mqueue.MsgMax)}, msgsize_max {Format.Human(e.Mqueue.MsgsizeMax)} B, queues_max {Format.Human(e.Mqueue.QueuesMax)}, RLIMIT_MSGQUEUE {Rlimit(e.Mqueue.RlimitSoft)}/{Rlimit(e.Mqueue.RlimitHard)}" },
        };
        Table(sb, ["", ""], rows);
    }

    private static void AppendSettings(StringBuilder sb, RunSettings s)
    {
        sb.Append("## Settings\n\n");
        var rows = new List<string[]>
        {
            new[] { "profile", Text(s.Profile) },
            new[] { "placements", Join(s.Placements.Select(p => p.Name())) },
            new[] { "sizes", Join(s.Sizes.Select(Format.Size)) },
            new[] { "transports", Join(s.Transports) },
            new[] { "waits", Join(s.Waits) },
            new[] { "peer pairs", Join(s.PeerPairs) },
            new[] { "workloads", Join(s.Workloads.Select(w => w.Name())) },
            new[] { "messages per cell (64 B)", $"latency {Format.Human(s.LatencyCount)}, throughput {Format.Human(s.ThroughputCount)}, warm-up {Format.Human(s.Warmup)} per round" },
            new[] { "repetitions", s.Schedule == RunSchedules.Rounds
                ? $"{s.Repetitions.ToString(Format.Inv)} rounds, each running every cell once in a shuffled order (seed {s.Seed?.ToString(Format.Inv) ?? "–"})"
                : $"{s.Repetitions.ToString(Format.Inv)} consecutive blocks per cell" },
            new[] { "timeouts", $"{s.TimeoutMs.ToString(Format.Inv)} ms per wait, {s.CellTimeoutMs.ToString(Format.Inv)} ms per cell" },
            new[] { "CPUs", s.Cpus.Count == 0 ? "not pinned" : string.Join(", ", s.Cpus) },
        };
        Table(sb, ["", ""], rows);
    }

    private static void AppendLatency(StringBuilder sb, IReadOnlyList<CellResult> cells)
    {
        var ok = cells.Where(c => c.Workload == Workload.Latency && c.Status == CellStatus.Ok && c.Latency is not null).ToList();
        sb.Append("## Latency (round trip, ns)\n\n");
        if (ok.Count == 0)
        {
            sb.Append("No latency cells measured.\n\n");
            return;
        }
        Table(sb,
            ["transport", "wait", "peers", "placement", "size", "p50", "p90", "p99", "p99.9", "max", "mean", "CPU ns/rt", "vcsw/rt", "ivcsw/rt", "reps"],
            ok.Select(c =>
            {
                var l = c.Latency!;
                var k = c.CostPerMessage;
                return new[]
                {
                    c.Transport, Format.Wait(c.Wait, c.Yield), c.Peers.Name, c.Placement.Name(), Format.Size(c.Size),
                    Format.Human(l.P50Ns), Format.Human(l.P90Ns), Format.Human(l.P99Ns), Format.Human(l.P999Ns),
                    Format.Human(l.MaxNs), Format.Human(l.MeanNs),
                    Format.Human(k?.CpuNs), Format.Human(k?.Vcsw, 2), Format.Human(k?.Ivcsw, 2),
                    c.Repetitions.Count.ToString(Format.Inv),
                };
            }));
        sb.Append("rt = round trip; CPU is user + system of both peers.\n\n");
    }

    private static void AppendThroughput(StringBuilder sb, IReadOnlyList<CellResult> cells)
    {
        var ok = cells.Where(c => c.Workload == Workload.Throughput && c.Status == CellStatus.Ok && c.Throughput is not null).ToList();
        sb.Append("## Throughput (one way, timed at the receiver)\n\n");
        if (ok.Count == 0)
        {
            sb.Append("No throughput cells measured.\n\n");
            return;
        }
        Table(sb,
            ["transport", "wait", "peers", "placement", "size", "MB/s", "msg/s", "CPU ns/msg", "vcsw/msg", "ivcsw/msg", "reps"],
            ok.Select(c =>
            {
                var t = c.Throughput!;
                var k = c.CostPerMessage;
                return new[]
                {
                    c.Transport, Format.Wait(c.Wait, c.Yield), c.Peers.Name, c.Placement.Name(), Format.Size(c.Size),
                    Format.Human(t.MbPerS, 1), Format.Human(t.MsgPerS),
                    Format.Human(k?.CpuNs), Format.Human(k?.Vcsw, 2), Format.Human(k?.Ivcsw, 2),
                    c.Repetitions.Count.ToString(Format.Inv),
                };
            }));
        sb.Append("MB = 10^6 bytes; CPU is user + system of both peers.\n\n");
    }

    private static void AppendNotOk(StringBuilder sb, IReadOnlyList<CellResult> cells)
    {
        var bad = cells.Where(c => c.Status != CellStatus.Ok).ToList();
        if (bad.Count == 0)
            return;
        sb.Append("## Failed and skipped cells\n\n");
        Table(sb, ["cell", "status", "reason"], bad.Select(c => new[] { c.Key, c.Status.Name(), Text(c.Reason) }));
    }

    private static void AppendFloors(StringBuilder sb, FloorResults floors)
    {
        sb.Append("## Floors (measured in this run)\n\n");
        var sizes = floors.Memcpy.Select(f => f.Size).Concat(floors.Own.Select(f => f.Size)).Distinct().Order().ToList();
        if (sizes.Count > 0)
        {
            Table(sb, ["size", "memcpy ns", "memcpy MB/s", "memcpy ns/B", "hand-off ns", "hand-off MB/s", "hand-off ns/B", "own ns", "own ns/B", "kernel copy x2 ns", "kernel copy x2 ns/B"],
                sizes.Select(size =>
                {
                    var m = floors.Memcpy.FirstOrDefault(f => f.Size == size);
                    var h = floors.Handoff.FirstOrDefault(f => f.Size == size);
                    var o = floors.Own.FirstOrDefault(f => f.Size == size);
                    var k = floors.KernelCopy?.FirstOrDefault(f => f.Size == size);
                    return new[]
                    {
                        Format.Size(size),
                        FloorCell(m, m?.Ns, 1), FloorCell(m, m?.MbPerS, 0), FloorCell(m, m?.NsPerByte, 4),
                        FloorCell(h, h?.Ns, 1), FloorCell(h, h?.MbPerS, 0), FloorCell(h, h?.NsPerByte, 4),
                        FloorCell(o, o?.Ns, 1), FloorCell(o, o?.NsPerByte, 4),
                        FloorCell(k, k?.Ns, 1), FloorCell(k, k?.NsPerByte, 4),
                    };
                }));
            sb.Append("memcpy = one copy on one CPU, in cache; hand-off = one process builds a message in its direction's shared buffer and the other verifies it ")
              .Append("in place on the cells' other CPU (ns per direction); own = fill of one message and the check of every word on the receiving side; ")
              .Append("kernel copy x2 = the message written into a pipe that holds it and read back by one process on one CPU (the kernel's two copies, no wake-up).\n\n");
        }
        if (floors.Cacheline.Count > 0)
        {
            Table(sb, ["cache-line ping-pong", "CPUs", "p50 ns", "p99 ns", "max ns", "mean ns", "status"],
                floors.Cacheline.Select(c => new[]
                {
                    c.Placement.Name(), Format.Cpus(c.ClientCpu, c.ServerCpu),
                    Format.Human(c.Latency?.P50Ns), Format.Human(c.Latency?.P99Ns), Format.Human(c.Latency?.MaxNs), Format.Human(c.Latency?.MeanNs),
                    c.Status == CellStatus.Ok ? "ok" : $"{c.Status.Name()}: {Text(c.Reason)}",
                }));
        }
        if (sizes.Count == 0 && floors.Cacheline.Count == 0)
            sb.Append("No floors measured.\n\n");
    }

    private static void AppendCopyModel(StringBuilder sb, IReadOnlyList<CopyModelEntry> model)
    {
        sb.Append("## Copy model\n\n");
        sb.Append("The claim: pipes, FIFOs, message queues (and Unix sockets) copy each byte twice per direction, into the kernel ")
          .Append("and out of it; shared memory copies nothing beyond the peers' own work. Measured: median round trip fitted ")
          .Append("as fixed + ns/wake-up x wake-ups + ns/B x size (wake-ups = voluntary context switches of both peers per round trip; ")
          .Append("fixed + ns/B x size where the wake-ups do not vary apart from size); per direction = half the per-byte cost; copies beyond ")
          .Append("own work in units of memcpy, of one kernel copy (a pipe written and read back on one CPU) and of the cross-CPU hand-off ")
          .Append("(which already holds the peers' own work) at the largest fitted size, and against the textbook's two copies as this machine ")
          .Append("makes them (one kernel copy plus one cross-CPU hand-off per direction: 1 = exactly that); a second estimate from the peers' ")
          .Append("CPU time (user + system, no waiting). Errors are one standard error (docs/copy-model.md).\n\n");
        if (model.Count == 0)
        {
            sb.Append("No copy model (no latency cells).\n\n");
            return;
        }
        Table(sb,
            ["transport", "wait", "peers", "placement", "fit", "fixed ns/msg", "µs/wake-up", "wake-ups/rt", "ns/B per direction", "effective copies", "copies beyond own", "hand-offs beyond own", "kernel copies beyond own", "x (kernel copy + hand-off)", "CPU time: copies beyond own", "claim", "note"],
            model.Select(m => m.Status == ModelStatus.Ok
                ? new[]
                {
                    m.Transport, Format.Wait(m.Wait, m.Yield), m.Peers, m.Placement.Name(), Text(m.Terms),
                    Format.WithError(m.FixedNsPerMessage, m.FixedNsPerMessageStdError, 0), Format.WithError(m.NsPerWakeUp / 1000, m.NsPerWakeUpStdError / 1000, 1),
                    Format.Human(m.WakeUpsPerRoundTrip, 2), Format.WithError(m.NsPerBytePerDirection, m.NsPerBytePerDirectionStdError, 4),
                    Format.Copies(m.EffectiveCopies, m), Format.Copies(m.CopiesBeyondOwn, m), Format.Handoffs(m),
                    m.SlopeResolved == false ? "unresolved" : Format.WithError(m.KernelCopiesBeyondOwn, m.KernelCopiesStdError, 2),
                    m.SlopeResolved == false ? "unresolved" : Format.WithError(m.TwoCopyRatio, m.TwoCopyRatioStdError, 2), Format.CpuCopies(m.Cpu),
                    Format.Human(m.TextbookCopies, 0), Text(Join2(m.Reason, m.WakeUpNote), ""),
                }
                : new[]
                {
                    m.Transport, Format.Wait(m.Wait, m.Yield), m.Peers, m.Placement.Name(),
                    "–", "–", "–", "–", "–", "–", "–", "–", "–", "–", "–", Format.Human(m.TextbookCopies, 0), $"absent: {Text(m.Reason)}",
                }));
        var verdicts = model.Where(m => m.Verdict is not null).ToList();
        if (verdicts.Count > 0)
        {
            sb.Append("### Verdicts\n\n");
            foreach (var m in verdicts)
                sb.Append("- ").Append(Escape(m.Verdict!)).Append('\n');
            sb.Append("\n✓: the textbook value lies within the 95 % interval of the measured copies; ✗: it does not. ")
              .Append("Kernel-copy transports are counted in memcpy units (and, beside them, in kernel-copy units), shared memory in hand-off units (docs/copy-model.md).\n\n");
        }
    }

    private static string? Join2(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";

    private static string FloorCell(SizeFloor? f, double? v, int decimals) =>
        f is null ? "–" : f.Status == CellStatus.Ok ? Format.Human(v, decimals) : f.Status.Name();

    private static string Rlimit(long? v) => v switch { null => "–", -1 => "unlimited", _ => Format.Human(v) };

    private static string Join(IEnumerable<string> items)
    {
        var s = string.Join(", ", items);
        return s.Length == 0 ? "–" : s;
    }

    private static string Text(string? s, string empty = "–") => string.IsNullOrEmpty(s) ? empty : s;

    private static void Table(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        Row(sb, header);
        sb.Append('|');
        foreach (var _ in header)
            sb.Append(" --- |");
        sb.Append('\n');
        foreach (var r in rows)
            Row(sb, r);
        sb.Append('\n');
    }

    private static void Row(StringBuilder sb, IReadOnlyList<string> cells)
    {
        sb.Append('|');
        foreach (var c in cells)
            sb.Append(' ').Append(Escape(c)).Append(" |");
        sb.Append('\n');
    }

    /// <summary>Table cells: one line, pipes escaped.</summary>
    internal static string Escape(string s) =>
        s.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}

using IpcBench.Results;
using Spectre.Console;
using F = IpcBench.Results.Format;

namespace IpcBench.Cli.Rendering;

/// <summary>The terminal view of a run: latency, throughput, floors, copy model, and what did not run.</summary>
internal static class RunTables
{
    public static void Print(RunResult run, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var env = run.Environment;
        console.MarkupLine($"[bold]IpcBench[/] {Markup.Escape(run.RunId)}: kernel {Markup.Escape(env.KernelRelease ?? "?")}, " +
                           $"{Markup.Escape(env.CpuModel ?? "?")} x{env.CpuCount}, placement {Markup.Escape(run.Settings.Placements.FirstOrDefault().Name())}, profile {Markup.Escape(run.Settings.Profile)}");
        Latency(console, run);
        Throughput(console, run);
        Floors(console, run);
        CopyModel(console, run);
        NotRun(console, run);
    }

    static Table NewTable(string title, params string[] columns)
    {
        var t = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        foreach (var c in columns)
            t.AddColumn(new TableColumn(c) { Alignment = c is "transport" or "wait" or "peers" ? Justify.Left : Justify.Right });
        return t;
    }

    static void Latency(IAnsiConsole console, RunResult run)
    {
        var cells = run.Cells.Where(c => c.Workload == Workload.Latency && c.Status == CellStatus.Ok && c.Latency is not null).ToList();
        if (cells.Count == 0) return;
        var t = NewTable("Round trip (ns)", "transport", "wait", "peers", "size", "p50", "p90", "p99", "p99.9", "max", "mean", "cpu ns/rt", "csw/rt");
        foreach (var c in cells)
        {
            var l = c.Latency!;
            t.AddRow(c.Transport, F.Wait(c.Wait, c.Yield), c.Peers.Name, F.Size(c.Size), F.Human(l.P50Ns), F.Human(l.P90Ns),
                F.Human(l.P99Ns), F.Human(l.P999Ns), F.Human(l.MaxNs), F.Human(l.MeanNs), F.Human(c.CostPerMessage?.CpuNs),
                F.Human((c.CostPerMessage?.Vcsw ?? 0) + (c.CostPerMessage?.Ivcsw ?? 0), 2));
        }
        console.Write(t);
    }

    static void Throughput(IAnsiConsole console, RunResult run)
    {
        var cells = run.Cells.Where(c => c.Workload == Workload.Throughput && c.Status == CellStatus.Ok && c.Throughput is not null).ToList();
        if (cells.Count == 0) return;
        var t = NewTable("Throughput (MB = 10^6 bytes)", "transport", "wait", "peers", "size", "MB/s", "msg/s", "cpu ns/msg", "csw/msg");
        foreach (var c in cells)
        {
            var th = c.Throughput!;
            t.AddRow(c.Transport, F.Wait(c.Wait, c.Yield), c.Peers.Name, F.Size(c.Size), F.Human(th.MbPerS), F.Human(th.MsgPerS),
                F.Human(c.CostPerMessage?.CpuNs), F.Human((c.CostPerMessage?.Vcsw ?? 0) + (c.CostPerMessage?.Ivcsw ?? 0), 2));
        }
        console.Write(t);
    }

    static void Floors(IAnsiConsole console, RunResult run)
    {
        var f = run.Floors;
        if (f.Memcpy.Count == 0 && f.Cacheline.Count == 0) return;
        var t = NewTable("Floors (native, same run)", "size", "memcpy ns", "memcpy MB/s", "hand-off ns", "hand-off MB/s", "own work ns");
        foreach (var m in f.Memcpy)
        {
            var own = f.Own.FirstOrDefault(o => o.Size == m.Size);
            var h = f.Handoff.FirstOrDefault(o => o.Size == m.Size);
            t.AddRow(F.Size(m.Size), m.Status == CellStatus.Ok ? F.Human(m.Ns, 1) : "failed",
                F.Human(m.MbPerS), h is null ? "–" : h.Status == CellStatus.Ok ? F.Human(h.Ns, 1) : "failed",
                h?.Status == CellStatus.Ok ? F.Human(h.MbPerS) : "–", own?.Status == CellStatus.Ok ? F.Human(own.Ns, 1) : "–");
        }
        console.Write(t);
        foreach (var c in f.Cacheline)
        {
            console.MarkupLine(c.Status == CellStatus.Ok && c.Latency is { } l
                ? $"cache-line ping-pong ({c.Placement.Name()}): p50 {F.Human(l.P50Ns)} ns, p99 {F.Human(l.P99Ns)} ns round trip"
                : $"cache-line ping-pong ({c.Placement.Name()}): [red]{Markup.Escape(c.Reason ?? "not measured")}[/]");
        }
    }

    static void CopyModel(IAnsiConsole console, RunResult run)
    {
        if (run.CopyModel.Count == 0) return;
        var t = NewTable("Copy model: rtt = fixed + ns/wake-up x wake-ups + ns/B x size; copies per direction beyond own work",
            "transport", "wait", "peers", "fixed ns/msg", "µs/wake-up", "wake-ups/rt", "ns/KiB/dir", "memcpy units", "hand-off units", "CPU time (memcpy)", "textbook");
        foreach (var m in run.CopyModel)
        {
            if (m.Status != ModelStatus.Ok)
            {
                t.AddRow(m.Transport, F.Wait(m.Wait, m.Yield), m.Peers, Markup.Escape(m.Reason ?? "absent"), "", "", "", "", "", "", "");
                continue;
            }
            t.AddRow(m.Transport, F.Wait(m.Wait, m.Yield), m.Peers, F.WithError(m.FixedNsPerMessage, m.FixedNsPerMessageStdError, 0),
                F.WithError(m.NsPerWakeUp / 1000, m.NsPerWakeUpStdError / 1000, 1), F.Human(m.WakeUpsPerRoundTrip, 2),
                F.WithError(m.NsPerBytePerDirection * 1024, m.NsPerBytePerDirectionStdError * 1024, 1),
                F.Copies(m.CopiesBeyondOwn, m), F.Handoffs(m), F.CpuCopies(m.Cpu), F.Human(m.TextbookCopies, 0));
        }
        console.Write(t);
        foreach (var m in run.CopyModel.Where(m => m.Verdict is not null))
            console.MarkupLine(Markup.Escape(m.Verdict!));
    }

    static void NotRun(IAnsiConsole console, RunResult run)
    {
        foreach (var c in run.Cells.Where(c => c.Status != CellStatus.Ok))
        {
            var what = $"{c.Transport}{(c.Wait is null ? "" : "/" + c.Wait)} {c.Peers.Name} {c.Workload.Name()} {F.Size(c.Size)}";
            console.MarkupLine(c.Status == CellStatus.Failed
                ? $"[red]FAILED[/] {Markup.Escape(what)}: {Markup.Escape(c.Reason ?? "")}"
                : $"[yellow]skipped[/] {Markup.Escape(what)}: {Markup.Escape(c.Reason ?? "")}");
        }
    }
}

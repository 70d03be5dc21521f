using System.CommandLine;
using IpcBench.Cli.Rendering;
using IpcBench.Reports.History;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Reporting;
using IpcBench.Reports.Text;
using IpcBench.Results;
using IpcBench.Util;
using Spectre.Console;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench history DIR --out DIR`: every run result of a folder (one per commit or kernel),
/// oldest first; the trend of the chosen cells, with the points compare would flag against the
/// run before. Informational: exit 0 whatever it finds (compare is the gate), 2 on bad input.
/// </summary>
internal static class HistoryCommand
{
    static readonly Argument<string> Folder = new("dir") { Description = "Folder of run results (.json of ipcbench run), e.g. one per commit or kernel" };
    static readonly Option<string> Out = new("--out", "-o") { Description = "Folder for history.md and its figures", Required = true };
    static readonly Option<string[]> Cells = new("--cell")
    {
        Description = "Cell keys to follow; '*' matches anything, e.g. 'shm/*|native-native|latency|*|cross' (repeatable)",
        AllowMultipleArgumentsPerToken = true,
    };
    static readonly Option<string?> Transports = new("--transports", "-t") { Description = "Only these transports, e.g. pipe,shm or shm/spin" };
    static readonly Option<string?> Peers = new("--peers", "-p") { Description = "Only these peer pairs, e.g. native-native" };
    static readonly Option<string?> Workloads = new("--workloads", "-w") { Description = "Only latency, throughput" };
    static readonly Option<string?> Sizes = new("--sizes", "-s") { Description = "Only these sizes, e.g. 64,4K" };
    static readonly Option<string?> Placements = new("--placement") { Description = "Only these placements: cross, same, none" };
    static readonly Option<string> Threshold = RegressionOptions.Threshold();
    static readonly Option<string> Confidence = RegressionOptions.Confidence();
    static readonly Option<string> Label = new("--label")
    {
        Description = "How runs are named on the axis: auto (what differs: kernel, commit, host), commit, kernel, host, date or run",
        DefaultValueFactory = _ => "auto",
    };

    public static Command Create()
    {
        var command = new Command("history",
            "Plot chosen cells over every run result in a folder, marking where compare against the previous run flags a regression " +
            "(default cells: latency at the smallest size, throughput at the largest)");
        command.Arguments.Add(Folder);
        foreach (var o in new Option[] { Out, Cells, Transports, Peers, Workloads, Sizes, Placements, Threshold, Confidence, Label })
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        var selection = new CellSelection
        {
            Keys = (parsed.GetValue(Cells) ?? []).Where(k => k.Length > 0).ToList(),
            Transports = List(parsed.GetValue(Transports), "--transports"),
            Peers = List(parsed.GetValue(Peers), "--peers"),
            Workloads = List(parsed.GetValue(Workloads), "--workloads").Select(w => w switch
            {
                "latency" => Workload.Latency,
                "throughput" => Workload.Throughput,
                _ => throw new UsageException($"unknown workload '{w}': expected latency or throughput"),
            }).ToList(),
            Sizes = parsed.GetValue(Sizes) is { } s ? SizeParser.ParseList(s) : [],
            Placements = List(parsed.GetValue(Placements), "--placement").Select(p => p switch
            {
                "cross" => Placement.Cross,
                "same" => Placement.Same,
                "none" => Placement.None,
                _ => throw new UsageException($"unknown placement '{p}': expected cross, same or none"),
            }).ToList(),
        };
        var threshold = RegressionOptions.ParseThreshold(parsed, Threshold);
        var confidence = RegressionOptions.ParseConfidence(parsed, Confidence);
        var labels = RunLabels.Parse(parsed.GetValue(Label) ?? "auto");

        var outDir = OutputLocation.Folder(parsed.GetValue(Out), "--out");
        var folder = ResultInputs.ReadRunsIn(parsed.GetValue(Folder)!);
        var runs = folder.RequireRuns(line => Console.Error.WriteLine($"ipcbench: {line}"));
        var history = HistoryBuilder.Build(runs, selection, threshold, confidence, labels);
        ReportFiles? written = null;
        OutputLocation.Write(outDir, () => written = HistoryReport.Write(history, outDir));
        var files = written!;

        var flagged = history.Regressions.ToList();
        Console.WriteLine($"{history.Runs.Count} runs, {history.Cells.Count} cells followed; {flagged.Count} regression(s) against the previous run");
        if (flagged.Count > 0)
        {
            ConsoleWidth.WidenWhenRedirected();
            var t = new Table { Border = TableBorder.Rounded };
            foreach (var col in new[] { "run", "cell", "before", "after", "change", "p" })
                t.AddColumn(new TableColumn(col) { Alignment = col is "run" or "cell" ? Justify.Left : Justify.Right });
            foreach (var (_, p) in flagged)
            {
                var c = p.AgainstPrevious!;
                t.AddRow(Markup.Escape(history.Labels[p.Run]),
                    Markup.Escape($"{Figures.Transport(c.Transport, c.Wait, c.Yield)} {c.Peers} {c.Workload.Name()} {Figures.Size(c.Size)} {c.Placement.Name()}"),
                    Figures.Value(c.BaselineMedian, c.Workload),
                    c.Outcome == IpcBench.Reports.Comparison.CellOutcome.Broken ? "failed" : Figures.Value(c.CurrentMedian, c.Workload),
                    Figures.Change(c.Change), Figures.P(c.Test?.PValue));
            }
            AnsiConsole.Console.Write(t);
        }
        Console.WriteLine($"history: {files.MarkdownPath} ({files.Figures.Count} figures as SVG and PNG)");
        return ExitCodes.Ok;
    }

    static List<string> List(string? text, string option) => text is null ? [] : OptionList.Parse(text, option, v => v);
}

using System.CommandLine;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Reporting;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>`ipcbench report RESULT... --out DIR`: a Markdown report with SVG and PNG figures; several results are overlaid.</summary>
internal static class ReportCommand
{
    static readonly Argument<string[]> Results = new("results")
    {
        Description = "Run results (.json of ipcbench run), or folders of them; several are overlaid in the same figures",
        Arity = ArgumentArity.OneOrMore,
    };
    static readonly Option<string> Out = new("--out", "-o") { Description = "Folder for report.md and its figures", Required = true };
    static readonly Option<string?> Size = new("--size", "-s") { Description = "Message size of the latency-distribution figure (default 4K, else the smallest measured)" };
    static readonly Option<string> Label = new("--label")
    {
        Description = "How runs are named in legends: auto (what differs: kernel, commit, host), commit, kernel, host, date or run",
        DefaultValueFactory = _ => "auto",
    };

    public static Command Create()
    {
        var command = new Command("report", "Write a Markdown report with SVG and PNG plots of one or more run results");
        command.Arguments.Add(Results);
        foreach (var o in new Option[] { Out, Size, Label })
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        var outDir = OutputLocation.Folder(parsed.GetValue(Out), "--out");
        var inputs = Load(parsed.GetValue(Results) ?? []);
        var options = new ReportOptions
        {
            PercentileSize = parsed.GetValue(Size) is { } s ? SizeParser.ParseMessageSize(s, "--size") : null,
            Labels = RunLabels.Parse(parsed.GetValue(Label) ?? "auto"),
        };
        ReportOutput? output = null;
        OutputLocation.Write(outDir, () => output = RunReport.Write(inputs, outDir, options));
        Console.WriteLine($"report: {output!.MarkdownPath} ({output.Figures.Count} figures as SVG and PNG, {inputs.Count} run{(inputs.Count == 1 ? "" : "s")})");
        return ExitCodes.Ok;
    }

    /// <summary>Files are read as run results; folders contribute every run result in them (others are named on stderr).</summary>
    internal static List<LoadedRun> Load(IEnumerable<string> paths)
    {
        var inputs = new List<LoadedRun>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                inputs.AddRange(ResultInputs.ReadRunsIn(p).RequireRuns(line => Console.Error.WriteLine($"ipcbench: {line}")));
            else
            {
                inputs.Add(new LoadedRun(p, ResultInputs.ReadRun(p)));
            }
        }
        return inputs;
    }
}

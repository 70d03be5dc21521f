using System.CommandLine;
using IpcBench.Reports.Export;
using IpcBench.Reports.Inputs;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench export RESULT --format F`: a run result in a format existing CI trackers ingest:
/// github-action-benchmark (customSmallerIsBetter for latency, customBiggerIsBetter for
/// throughput) or Bencher's BMF JSON. See docs/regressions.md for the workflow snippets.
/// </summary>
internal static class ExportCommand
{
    static readonly Argument<string> Result = new("result") { Description = "A run result (.json of ipcbench run)" };
    static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "github-smaller (latency cells, ns; tool: customSmallerIsBetter), github-bigger (throughput cells, MB/s; tool: customBiggerIsBetter) " +
                      "or bencher (every cell, BMF JSON for bencher run --adapter json)",
        Required = true,
    };
    static readonly Option<string?> Out = new("--out", "-o") { Description = "Write to this file (atomically) instead of standard output" };
    static readonly Option<string?> Prefix = new("--prefix") { Description = "Text put before every benchmark name, e.g. 'ubuntu-24.04 ' to keep runner images apart" };

    public static Command Create()
    {
        var command = new Command("export", "Export a run result for github-action-benchmark or Bencher");
        command.Arguments.Add(Result);
        foreach (var o in new Option[] { Format, Out, Prefix })
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        var format = ExportFormats.Parse(parsed.GetValue(Format)!);
        if (parsed.GetResult(Out) is not null)
            OutputLocation.File(parsed.GetValue(Out), "--out");
        var run = ResultInputs.ReadRun(parsed.GetValue(Result)!);
        string text = Exporter.Render(run, format, parsed.GetValue(Prefix));
        if (parsed.GetValue(Out) is { } file)
        {
            OutputLocation.Write(file, () => AtomicFile.WriteAllText(file, text));
            Console.Error.WriteLine($"ipcbench: wrote {file} ({format.Name()})");
        }
        else
        {
            Console.Out.Write(text);
        }
        return ExitCodes.Ok;
    }
}

using System.CommandLine;
using IpcBench.Cli.Rendering;
using IpcBench.Reports.Comparison;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench compare BASELINE CURRENT`: two run results cell by cell (regressions by threshold and
/// Mann-Whitney U; either side may be a folder of runs, pooled), or two conformance results case by case (verdicts that changed, per ABI).
/// Exit 0: nothing worse; 1: a regression, a broken cell or a worse verdict; 2: bad input or
/// files that cannot be compared.
/// </summary>
internal static class CompareCommand
{
    static readonly Argument<string?> Baseline = new("baseline")
    {
        Description = "The reference result (.json of ipcbench run or ipcbench conform), or a folder of run results to pool (a baseline history: judged against its run-to-run spread)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    static readonly Argument<string?> Current = new("current")
    {
        Description = "The result to judge, of the same kind, or a folder of run results to pool",
        Arity = ArgumentArity.ZeroOrOne,
    };
    static readonly Option<string?> SelfTest = new("--self-test")
    {
        Description = "Instead of comparing: check the detector on a folder of runs of one build (false alarm rate of A/A comparisons, detection rate of injected slowdowns)",
    };
    static readonly Option<string?> Inject = new("--inject")
    {
        Description = "With --self-test: slowdowns to inject, percent, comma-separated (default 10,15,20)",
    };
    static readonly Option<int> Keep = new("--keep")
    {
        Description = "With --self-test: runs in each A/A comparison's baseline history (default 5)",
        DefaultValueFactory = _ => Reports.Baselines.BaselineStore.DefaultKeep,
    };
    static readonly Option<string> Threshold = RegressionOptions.Threshold();
    static readonly Option<string> Confidence = RegressionOptions.Confidence();
    static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "table (terminal, default), md (Markdown for $GITHUB_STEP_SUMMARY) or json (for tools)",
        DefaultValueFactory = _ => "table",
    };
    static readonly Option<string?> Out = new("--out", "-o") { Description = "Write the md or json output to this file (atomically) instead of standard output" };
    static readonly Option<bool> All = new("--all") { Description = "Table: list unchanged cells too" };

    public static Command Create()
    {
        var command = new Command("compare",
            "Compare two results: run results cell by cell (a regression is beyond --threshold and significant), conformance results case by case");
        command.Arguments.Add(Baseline);
        command.Arguments.Add(Current);
        foreach (var o in new Option[] { Threshold, Confidence, Format, Out, All, SelfTest, Inject, Keep })
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        string format = RegressionOptions.ParseFormat(parsed, Format);
        string? outFile = parsed.GetResult(Out) is null ? null : parsed.GetValue(Out) ?? "";
        if (outFile is not null && format == "table" && parsed.GetValue(SelfTest) is null)
            throw new UsageException("--out writes the md or json output; add --format md or --format json");
        if (outFile is not null)
            OutputLocation.File(outFile, "--out");
        var threshold = RegressionOptions.ParseThreshold(parsed, Threshold);
        var confidence = RegressionOptions.ParseConfidence(parsed, Confidence);

        if (parsed.GetValue(SelfTest) is { } folder)
            return RunSelfTest(parsed, folder, format, outFile, threshold, confidence);
        if (parsed.GetValue(Baseline) is not { } baselinePath || parsed.GetValue(Current) is not { } currentPath)
            throw new UsageException("compare needs a baseline and a current result (or --self-test FOLDER)");
        var result = FileComparison.Compare(baselinePath, currentPath, threshold, confidence);
        foreach (var warning in result.Warnings)
            Console.Error.WriteLine($"ipcbench: {warning}");
        if (format == "table")
        {
            ConsoleWidth.WidenWhenRedirected();
            if (result.Runs is { } runs) CompareTables.Print(runs, parsed.GetValue(All));
            else CompareTables.Print(result.Conformance!, parsed.GetValue(All));
        }
        else
        {
            string text = format == "json" ? result.ToJson() : result.ToMarkdown();
            if (outFile is null) Console.Out.Write(text);
            else
            {
                OutputLocation.Write(outFile, () => AtomicFile.WriteAllText(outFile, text));
                Console.Error.WriteLine($"ipcbench: wrote {outFile}");
            }
        }
        return result.IsWorse ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>--self-test: informational, exit 0 on valid input.</summary>
    static int RunSelfTest(ParseResult parsed, string folder, string format, string? outFile,
        Reports.Statistics.RelativeThreshold threshold, Reports.Statistics.Confidence confidence)
    {
        if (parsed.GetValue(Baseline) is not null)
            throw new UsageException("--self-test takes a folder of runs in place of the baseline and current results");
        int keep = parsed.GetValue(Keep);
        if (keep < 1) throw new UsageException($"--keep must be at least 1, not {keep}");
        var slowdowns = parsed.GetValue(Inject) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseSlowdown).ToList()
            : DetectorSelfTest.DefaultSlowdowns;
        var result = DetectorSelfTest.Run(folder, threshold, confidence, keep, slowdowns);
        string output = format == "json" ? DetectorSelfTest.ToJson(result) : DetectorSelfTest.ToText(result);
        if (outFile is null) Console.Out.Write(output);
        else
        {
            AtomicFile.WriteAllText(outFile, output);
            Console.Error.WriteLine($"ipcbench: wrote {outFile}");
        }
        return ExitCodes.Ok;
    }

    static double ParseSlowdown(string text) =>
        double.TryParse(text.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1000
            ? v / 100
            : throw new UsageException($"--inject: '{text}' is not a slowdown in percent (e.g. 10,20)");
}

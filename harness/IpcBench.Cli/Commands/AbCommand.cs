using System.CommandLine;
using IpcBench.Cli.Rendering;
using IpcBench.Orchestration;
using IpcBench.Reports.Comparison;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench ab --baseline-build DIR --current-build DIR`: two builds' peers measured in the same
/// job, their cells interleaved in the same shuffled rounds, so the drift of the machine falls on
/// both alike; then compared by the rules of `compare`. Exit 0: nothing worse; 1: a regression or
/// a cell that broke; 2: bad input.
/// </summary>
internal static class AbCommand
{
    static readonly Option<string> BaselineBuild = new("--baseline-build")
    {
        Description = "Build output folder of the reference (holding ipcbench.dll and native/<abi>/ipcpeer, e.g. harness/IpcBench.Cli/bin/Release/net10.0 of the base commit)",
        Required = true,
    };
    static readonly Option<string> CurrentBuild = new("--current-build")
    {
        Description = "Build output folder of the build to judge",
        Required = true,
    };
    static readonly Option<string> Threshold = RegressionOptions.Threshold();
    static readonly Option<string> Confidence = RegressionOptions.Confidence();
    static readonly Option<string> Format = new("--format", "-f")
    {
        Description = "table (terminal, default), md (Markdown for $GITHUB_STEP_SUMMARY) or json, written to standard output",
        DefaultValueFactory = _ => "table",
    };
    static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Directory for both runs' results, in baseline/ and current/ (default: results/runs/ab in the repository)",
    };

    public static Command Create()
    {
        var command = new Command("ab", "Measure two builds' peers interleaved round by round on this machine and compare them (the recommended CI gate)");
        foreach (var o in RunCommand.MatrixOptions.Concat([BaselineBuild, CurrentBuild, Threshold, Confidence, Format, Out]))
            command.Options.Add(o);
        command.SetAction(Execute);
        return command;
    }

    static int Execute(ParseResult parsed)
    {
        string format = RegressionOptions.ParseFormat(parsed, Format);
        var threshold = RegressionOptions.ParseThreshold(parsed, Threshold);
        var confidence = RegressionOptions.ParseConfidence(parsed, Confidence);
        var builds = new[] { Build("baseline", parsed.GetValue(BaselineBuild)!), Build("current", parsed.GetValue(CurrentBuild)!) };
        var request = RunCommand.BuildRequest(parsed) with { Floors = false };
        foreach (var b in builds)
            RunCommand.Preflight(request, b);
        var outDir = parsed.GetValue(Out) ?? Path.Combine(RepositoryPaths.DefaultRunsDirectory(), "ab");

        var progress = new RunProgress();
        var run = new BenchmarkRun(request, progress);
        IReadOnlyList<RunResult> results;
        using (progress)
            results = run.ExecuteBuilds(builds, "ipcbench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        var paths = new string[2];
        for (int i = 0; i < 2; i++)
        {
            var dir = Path.Combine(outDir, builds[i].Name);
            paths[i] = ResultFiles.WriteAll(results[i], dir).Json;
            Console.Error.WriteLine($"ipcbench: {builds[i].Name} ({builds[i].Directory}): {paths[i]}");
        }
        if (run.InterruptSignal is { } signal)
        {
            Console.Error.WriteLine("ipcbench: interrupted; the cells run so far are saved, not compared");
            return signal == System.Runtime.InteropServices.PosixSignal.SIGTERM ? 143 : 130;
        }
        var comparison = RunComparer.Compare(RunSide.Of(results[0], paths[0]), RunSide.Of(results[1], paths[1]), threshold, confidence);
        if (format == "table")
        {
            ConsoleWidth.WidenWhenRedirected();
            CompareTables.Print(comparison, all: false);
        }
        else
            Console.Out.Write(format == "json" ? RunComparisonJson.Render(comparison) : RunComparisonMarkdown.Render(comparison));
        return comparison.IsWorse ? ExitCodes.Failed : ExitCodes.Ok;
    }

    static PeerBuild Build(string name, string directory)
    {
        if (File.Exists(directory))
            throw new UsageException($"--{name}-build {directory}: a file, not a build folder");
        if (!Directory.Exists(directory))
            throw new UsageException($"--{name}-build {directory}: no such folder");
        return new PeerBuild(name, Path.GetFullPath(directory));
    }
}

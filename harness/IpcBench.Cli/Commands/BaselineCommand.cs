using System.CommandLine;
using IpcBench.Cli.Rendering;
using IpcBench.Reports.Baselines;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>
/// `ipcbench baseline update RESULT [--force]`: keep a result in results/baselines/ under a name
/// derived from the machine and kernel; `ipcbench baseline name RESULT`: print that name (how CI
/// finds the baseline for the machine it runs on).
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var command = new Command("baseline", "Keep run and conformance results as committed baselines in results/baselines/");
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Name());
        return command;
    }

    static Option<string?> DirOption() => new("--dir") { Description = "Baselines folder (default: results/baselines/ in the repository)" };

    static Command Update()
    {
        var result = new Argument<string>("result") { Description = "A result of ipcbench run or ipcbench conform (.json)" };
        var force = new Option<bool>("--force") { Description = "Replace an existing baseline file of the same name (the same run, or the conformance baseline)" };
        var keep = new Option<int>("--keep")
        {
            Description = $"Runs a machine class's history keeps; older ones are removed (default {BaselineStore.DefaultKeep})",
            DefaultValueFactory = _ => BaselineStore.DefaultKeep,
        };
        var dir = DirOption();
        var command = new Command("update",
            "Add a run result to its machine class's history <cpu>-<n>cpu-<kernel>/<run_id>.json, keeping the last --keep runs; a conformance result becomes <kernel>-<libc>.conform.json (replaced only with --force)");
        command.Arguments.Add(result);
        command.Options.Add(force);
        command.Options.Add(keep);
        command.Options.Add(dir);
        command.SetAction(parsed =>
        {
            var folder = OutputLocation.Folder(parsed.GetResult(dir) is null ? DefaultDirectory() : parsed.GetValue(dir), "--dir");
            IReadOnlyList<string> written = [];
            OutputLocation.Write(folder, () => written = BaselineStore.Update(parsed.GetValue(result)!, folder, parsed.GetValue(force), parsed.GetValue(keep)));
            foreach (var w in written)
                Console.WriteLine($"baseline: {w}");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Name()
    {
        var result = new Argument<string>("result") { Description = "A result of ipcbench run or ipcbench conform (.json)" };
        var command = new Command("name", "Print the baseline name of a result (its history folder in the baselines folder is <name>/, or <name>.conform.json for conformance)");
        command.Arguments.Add(result);
        command.SetAction(parsed =>
        {
            Console.WriteLine(BaselineStore.NameOf(parsed.GetValue(result)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    static string DefaultDirectory() =>
        Path.Combine(RepositoryPaths.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "results", "baselines");
}

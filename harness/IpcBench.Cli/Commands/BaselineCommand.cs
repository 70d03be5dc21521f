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
        var force = new Option<bool>("--force") { Description = "Replace an existing baseline of the same name" };
        var dir = DirOption();
        var command = new Command("update", "Copy a result into the baselines folder as <cpu>-<n>cpu-<kernel>.json (conformance: <kernel>-<libc>.conform.json); refuses to replace one without --force");
        command.Arguments.Add(result);
        command.Options.Add(force);
        command.Options.Add(dir);
        command.SetAction(parsed =>
        {
            var folder = OutputLocation.Folder(parsed.GetResult(dir) is null ? DefaultDirectory() : parsed.GetValue(dir), "--dir");
            IReadOnlyList<string> written = [];
            OutputLocation.Write(folder, () => written = BaselineStore.Update(parsed.GetValue(result)!, folder, parsed.GetValue(force)));
            foreach (var w in written)
                Console.WriteLine($"baseline: {w}");
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Name()
    {
        var result = new Argument<string>("result") { Description = "A result of ipcbench run or ipcbench conform (.json)" };
        var command = new Command("name", "Print the baseline name of a result (its file in the baselines folder is <name>.json, or <name>.conform.json for conformance)");
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

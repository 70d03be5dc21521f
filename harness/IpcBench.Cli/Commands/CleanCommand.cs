using System.CommandLine;
using IpcBench.Orchestration;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>`ipcbench clean`: removes what crashed runs of this user left behind, and only that.</summary>
internal static class CleanCommand
{
    static readonly Option<bool> DryRun = new("--dry-run", "-n") { Description = "List the leftovers without removing them" };

    public static Command Create()
    {
        var command = new Command("clean",
            "Remove run directories, shared-memory objects and message queues left by this user's ipcbench runs whose process is gone");
        command.Options.Add(DryRun);
        command.SetAction(parsed =>
        {
            bool dry = parsed.GetValue(DryRun);
            var result = Cleaner.Clean(Cleaner.Default, dry);
            foreach (var l in result.Leftovers)
            {
                var verb = dry ? "would remove" : l.Removed ? "removed" : "could not remove";
                Console.WriteLine($"{verb} {l.Kind} {l.Path} (run pid {l.OwnerPid}){(l.Error is null ? "" : ": " + l.Error)}");
            }
            if (result.LeftAlone > 0)
                Console.WriteLine($"left alone {result.LeftAlone} entr{(result.LeftAlone == 1 ? "y" : "ies")} named like ipcbench's that belong to another user or are not of the kind ipcbench makes");
            if (result.QueueProblem is { } why)
                Console.Error.WriteLine($"ipcbench: note: {why}");
            var found = result.Leftovers;
            Console.WriteLine(found.Count == 0 ? "nothing left behind by ipcbench runs" : $"{found.Count} leftover(s) {(dry ? "found" : "handled")}");
            return found.Any(l => !dry && !l.Removed) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}

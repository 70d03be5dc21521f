using System.CommandLine;

namespace IpcBench.Cli.Commands;

/// <summary>The user-visible commands, in the order `--help` lists them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return CleanCommand.Create();
        yield return ConformCommand.Create();
        yield return CompareCommand.Create();
        yield return AbCommand.Create();
        yield return ReportCommand.Create();
        yield return HistoryCommand.Create();
        yield return ExportCommand.Create();
        yield return BaselineCommand.Create();
    }
}

using Spectre.Console;

namespace IpcBench.Cli.Rendering;

internal static class ConsoleWidth
{
    /// <summary>
    /// A CI log has no terminal width and Spectre assumes 80 columns; wrapping every table cell
    /// there makes it unreadable, so redirected output gets room for the widest tables.
    /// </summary>
    public static void WidenWhenRedirected()
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 180);
    }
}

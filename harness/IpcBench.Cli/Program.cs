using System.CommandLine;
using IpcBench.Cli.Commands;
using IpcBench.Util;

namespace IpcBench.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // The managed peer is this executable in a hidden mode; it has its own strict parser
        // and speaks the control protocol on stdin/stdout (docs/protocol.md).
        if (args.Length > 0 && args[0] == "__peer")
            return PeerCommand.Run(args.AsSpan(1).ToArray());
        // The C peer's protocol header, generated from Protocol/ (scripts/protocol-header.sh).
        if (args.Length == 1 && args[0] == "__protocol-header")
        {
            Console.Out.Write(Protocol.NativeHeader.Generate());
            return ExitCodes.Ok;
        }

        var root = BuildRoot();
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke();
            return ExitCodes.Usage;
        }
        if (!args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0]))
        {
            Console.Error.WriteLine($"ipcbench: unknown command '{args[0]}': expected one of {string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
            return ExitCodes.Usage;
        }
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                Console.Error.WriteLine($"ipcbench: {parsed.Errors[0].Message} (see ipcbench --help)");
                return ExitCodes.Usage;
            }
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"ipcbench: {e.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>Every command lives in Commands/ as a static Create() returning its Command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("IpcBench: what Linux IPC costs on this machine, and whether the kernel keeps its POSIX promises.");
        foreach (var c in CommandRegistry.All())
            root.Subcommands.Add(c);
        return root;
    }
}

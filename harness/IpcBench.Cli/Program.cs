using System.CommandLine;
using IpcBench.Cli.Commands;
using IpcBench.Util;

namespace IpcBench.Cli;

public static class Program
{
    public static int Main(string[] args) =>
        // Run is compiled apart, so nothing but the core library is loaded before the limit is checked.
        // (Not in the peer mode: its harness checked for it, and the peer speaks only the protocol.)
        args is not ["__peer", ..] && OpenFileLimitTooLow() ? 2 : Run(args);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static int Run(string[] args)
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

    /// <summary>
    /// First, before the runtime loads another assembly (each holds two descriptors): a `ulimit -n`
    /// below <see cref="IpcBench.Orchestration.DescriptorBudget.Minimum"/> is one line on fd 2, written
    /// with nothing but the core library, instead of a fatal error. `run` checks its own need later.
    /// </summary>
    static bool OpenFileLimitTooLow()
    {
        const int minimum = 128; // DescriptorBudget.Minimum, not referenced: that would load IpcBench.Core first
        long soft = long.MaxValue;
        try
        {
            foreach (var line in File.ReadAllLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0 && long.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v))
                    soft = v;
            }
        }
        catch (IOException e) when (e.HResult == 24)
        {
            soft = 0; // EMFILE: not even /proc/self/limits can be opened
        }
        catch (IOException)
        {
            return false; // no /proc: nothing to say up front
        }
        if (soft >= minimum) return false;
        var message = System.Text.Encoding.UTF8.GetBytes(
            $"ipcbench: the open-file limit (ulimit -n) is {(soft == 0 ? "too low to open a file" : soft)}; ipcbench needs at least {minimum} (the .NET runtime holds two per loaded assembly): raise it, e.g. ulimit -n 1024\n");
        using var stderr = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(2, ownsHandle: false), FileAccess.Write, 1);
        stderr.Write(message);
        return true;
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

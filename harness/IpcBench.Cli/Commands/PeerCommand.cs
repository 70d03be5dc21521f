namespace IpcBench.Cli.Commands;

/// <summary>`ipcbench __peer ...`: the managed peer (docs/protocol.md).</summary>
internal static class PeerCommand
{
    public static int Run(string[] args)
    {
        Console.Out.WriteLine("ERROR managed peer not built yet");
        return 1;
    }
}

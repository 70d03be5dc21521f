using IpcBench.Peer;

namespace IpcBench.Cli.Commands;

/// <summary>`ipcbench __peer ...`: the managed peer (docs/protocol.md), implemented by <see cref="PeerMain"/>.</summary>
internal static class PeerCommand
{
    public static int Run(string[] args) => PeerMain.Run(args, Console.In, Console.Out);
}

using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>
/// The two peer processes of one cell, driven in lock step through HELLO, OPEN and RUN
/// (docs/protocol.md). Disposing kills whatever still runs.
/// </summary>
public sealed class RunningPair : IDisposable
{
    readonly PeerProcess _server;
    readonly PeerProcess _client;

    RunningPair(PeerProcess server, PeerProcess client)
    {
        _server = server;
        _client = client;
    }

    /// <summary>
    /// Spawns server and client (with the transport's inheritance window around the spawns) and
    /// waits for both HELLOs. Call it from a thread that outlives the cell: the native peer dies
    /// with the thread that forked it (PR_SET_PDEATHSIG), and Process.Start forks on the caller's.
    /// </summary>
    public static RunningPair Start(PeerPairInfo peers, ITransportSetup setup, IEnumerable<string> serverArgs,
        IEnumerable<string> clientArgs, TimeSpan timeout, CancellationToken cancel, PeerBuild? build = null)
    {
        PeerProcess? server = null, client = null;
        try
        {
            setup.BeforeSpawn();
            try
            {
                server = PeerProcess.Start(PeerLocator.Locate(peers.Server, build), serverArgs, $"server ({PeerSpec.Label(peers.Server)})");
                client = PeerProcess.Start(PeerLocator.Locate(peers.Client, build), clientArgs, $"client ({PeerSpec.Label(peers.Client)})");
            }
            finally
            {
                setup.AfterSpawn();
            }
            // Both start at once: their start-up times overlap instead of adding up.
            PeerProcess.ExpectBoth(server, client, Protocol.ControlProtocol.Hello, timeout, cancel);
            var pair = new RunningPair(server, client);
            server = client = null;
            return pair;
        }
        finally
        {
            server?.Dispose();
            client?.Dispose();
        }
    }

    /// <summary>Both peers attach to the transport; then every name of the cell is removed.</summary>
    public void Open(ITransportSetup setup, TimeSpan timeout, CancellationToken cancel)
    {
        _server.Send(Protocol.ControlProtocol.Open);
        _client.Send(Protocol.ControlProtocol.Open);
        PeerProcess.ExpectBoth(_server, _client, Protocol.ControlProtocol.Opened, timeout, cancel);
        setup.UnlinkNames();
    }

    /// <summary>The peers' process ids: server, client.</summary>
    public int[] Pids => [_server.Pid, _client.Pid];

    /// <summary>
    /// Runs the workload; returns the server's and the client's DONE lines, after both exited
    /// cleanly. <paramref name="beforeRun"/> runs just before RUN is sent (to start a watch window).
    /// </summary>
    public (string Server, string Client) Run(TimeSpan timeout, CancellationToken cancel, Action? beforeRun = null)
    {
        beforeRun?.Invoke();
        _server.Send(Protocol.ControlProtocol.Run);
        _client.Send(Protocol.ControlProtocol.Run);
        var (server, client) = PeerProcess.ExpectBoth(_server, _client, Protocol.ControlProtocol.Done, timeout, cancel);
        _server.WaitExit(TimeSpan.FromSeconds(5));
        _client.WaitExit(TimeSpan.FromSeconds(5));
        return (server, client);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using IpcBench.Measurement;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Transports;

namespace IpcBench.Tests.Transports;

/// <summary>What one loopback cell produced.</summary>
public sealed record LoopbackResult(string Prefix, string ServerHello, string ClientHello, string ServerDone, string ClientDone, long[]? Samples)
{
    public IReadOnlyDictionary<string, string> Server => ControlProtocol.ParseFields(ServerDone);
    public IReadOnlyDictionary<string, string> Client => ControlProtocol.ParseFields(ClientDone);
}

/// <summary>
/// A minimal harness for tests: creates the cell's names with <see cref="TransportSetups"/>, spawns server then client
/// through the orchestrator's <see cref="PeerProcess"/>, drives HELLO / OPEN / OPENED / (unlink) / RUN / DONE step by
/// step as docs/protocol.md says, reads the samples, and always kills and cleans up. Throws
/// <see cref="CellFailedException"/> with the peers' ERROR lines and stderr tails on any failure.
/// </summary>
public static class PeerLoopback
{
    private static int s_cell;

    public static LoopbackResult Run(
        TransportKind kind, int size, PeerWorkload workload, long count, long warmup,
        PeerLaunch server, PeerLaunch client, string runDirectory,
        WaitStrategy wait = WaitStrategy.Spin, bool yield = false, int timeoutMs = 10000,
        int serverCpu = -1, int clientCpu = -1, IReadOnlyList<string>? extraArgs = null)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"ipcbench-{Environment.ProcessId}-t{Stopwatch.GetTimestamp() % 1000000}-{Interlocked.Increment(ref s_cell)}");
        var spec = new TransportCellSpec(kind, size, kind.HasRing() ? wait : WaitStrategy.None, runDirectory, prefix);
        string samplesPath = Path.Combine(runDirectory, prefix + ".samples");
        using var setup = TransportSetups.Create(spec);
        var common = new PeerOptions
        {
            Transport = kind,
            Workload = workload,
            Size = size,
            Count = count,
            Warmup = warmup,
            TimeoutMs = timeoutMs,
            Wait = kind.HasRing() ? wait : WaitStrategy.None,
            Yield = yield,
        };
        var sArgs = (common with { Role = PeerRole.Server, Cpu = serverCpu }).With([.. extraArgs ?? [], .. setup.ServerArgs]).ToArguments();
        var cArgs = (common with { Role = PeerRole.Client, Cpu = clientCpu, Samples = samplesPath }).With([.. extraArgs ?? [], .. setup.ClientArgs]).ToArguments();

        PeerProcess? s = null, c = null;
        var step = TimeSpan.FromMilliseconds(timeoutMs);
        try
        {
            setup.BeforeSpawn();
            s = PeerProcess.Start(server, sArgs, "server");
            string sHello = s.Expect("HELLO", step, default);
            c = PeerProcess.Start(client, cArgs, "client");
            string cHello = c.Expect("HELLO", step, default);
            setup.AfterSpawn();
            s.Send("OPEN");
            c.Send("OPEN");
            s.Expect("OPENED", step, default);
            c.Expect("OPENED", step, default);
            setup.UnlinkNames();
            s.Send("RUN");
            c.Send("RUN");
            string cDone = c.Expect("DONE", step * 3, default);
            string sDone = s.Expect("DONE", step * 3, default);
            s.WaitExit(step);
            c.WaitExit(step);
            long[]? samples = workload == PeerWorkload.Latency && File.Exists(samplesPath) ? SamplesFile.Read(samplesPath) : null;
            return new LoopbackResult(prefix, sHello, cHello, sDone, cDone, samples);
        }
        finally
        {
            s?.Dispose();
            c?.Dispose();
            File.Delete(samplesPath);
        }
    }
}

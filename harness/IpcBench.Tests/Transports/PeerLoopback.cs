using System.Diagnostics;
using System.Globalization;
using IpcBench.Protocol;
using IpcBench.Transports;

namespace IpcBench.Tests.Transports;

/// <summary>How to start one peer: the managed one (<c>dotnet ipcbench.dll __peer</c>) or a native binary.</summary>
public sealed record PeerLauncher(string FileName, IReadOnlyList<string> PrefixArgs, string Label)
{
    public static PeerLauncher Managed(string ipcbenchDll) => new("dotnet", [ipcbenchDll, "__peer"], "managed");

    public static PeerLauncher Native(string path) => new(path, [], "native");
}

/// <summary>What one loopback cell produced.</summary>
public sealed record LoopbackResult(string Prefix, string ServerHello, string ClientHello, string ServerDone, string ClientDone, long[]? Samples, string ServerStderr, string ClientStderr)
{
    public IReadOnlyDictionary<string, string> Server => ControlProtocol.ParseFields(ServerDone);
    public IReadOnlyDictionary<string, string> Client => ControlProtocol.ParseFields(ClientDone);
}

/// <summary>
/// A minimal harness for tests: creates the cell's names with <see cref="TransportSetups"/>, spawns server then client,
/// drives HELLO / OPEN / OPENED / (unlink) / RUN / DONE as docs/protocol.md says, reads the samples, and always kills
/// and cleans up. Throws with the peers' ERROR lines and stderr tails on any failure.
/// </summary>
public static class PeerLoopback
{
    private static int s_cell;

    public static LoopbackResult Run(
        TransportKind kind, int size, PeerWorkload workload, long count, long warmup,
        PeerLauncher server, PeerLauncher client, string runDirectory,
        WaitStrategy wait = WaitStrategy.Spin, bool yield = false, int timeoutMs = 10000,
        int serverCpu = -1, int clientCpu = -1, IReadOnlyList<string>? extraArgs = null)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"ipcbench-{Environment.ProcessId}-t{Stopwatch.GetTimestamp() % 1000000}-{Interlocked.Increment(ref s_cell)}");
        var spec = new TransportCellSpec(kind, size, kind.HasRing() ? wait : WaitStrategy.None, runDirectory, prefix);
        string samplesPath = Path.Combine(runDirectory, prefix + ".samples");
        using var setup = TransportSetups.Create(spec);
        var common = new List<string>
        {
            "--transport", kind.ToName(), "--workload", PeerOptionNames.ToName(workload),
            "--size", size.ToString(CultureInfo.InvariantCulture), "--count", count.ToString(CultureInfo.InvariantCulture),
            "--warmup", warmup.ToString(CultureInfo.InvariantCulture), "--timeout-ms", timeoutMs.ToString(CultureInfo.InvariantCulture),
        };
        if (kind.HasRing())
            common.AddRange(["--wait", wait.ToName()]);
        if (yield)
            common.Add("--yield");
        if (extraArgs is not null)
            common.AddRange(extraArgs);
        var sArgs = new List<string>(common) { "--role", "server", "--cpu", serverCpu.ToString(CultureInfo.InvariantCulture) };
        sArgs.AddRange(setup.ServerArgs);
        var cArgs = new List<string>(common) { "--role", "client", "--cpu", clientCpu.ToString(CultureInfo.InvariantCulture), "--samples", samplesPath };
        cArgs.AddRange(setup.ClientArgs);

        Peer? s = null, c = null;
        try
        {
            setup.BeforeSpawn();
            s = Peer.Start(server, sArgs, "server");
            string sHello = s.Expect("HELLO", timeoutMs);
            c = Peer.Start(client, cArgs, "client");
            string cHello = c.Expect("HELLO", timeoutMs);
            setup.AfterSpawn();
            s.Send("OPEN");
            c.Send("OPEN");
            s.Expect("OPENED", timeoutMs);
            c.Expect("OPENED", timeoutMs);
            setup.UnlinkNames();
            s.Send("RUN");
            c.Send("RUN");
            string cDone = c.Expect("DONE", timeoutMs * 3);
            string sDone = s.Expect("DONE", timeoutMs * 3);
            s.WaitExit(timeoutMs);
            c.WaitExit(timeoutMs);
            long[]? samples = null;
            if (workload == PeerWorkload.Latency && File.Exists(samplesPath))
            {
                byte[] b = File.ReadAllBytes(samplesPath);
                samples = new long[b.Length / 8];
                for (int i = 0; i < samples.Length; i++)
                    samples[i] = BitConverter.ToInt64(b, i * 8);
            }
            return new LoopbackResult(prefix, sHello, cHello, sDone, cDone, samples, s.Stderr, c.Stderr);
        }
        finally
        {
            s?.Dispose();
            c?.Dispose();
            File.Delete(samplesPath);
        }
    }

    /// <summary>One spawned peer and its control channel.</summary>
    public sealed class Peer : IDisposable
    {
        private readonly Process _p;
        private readonly string _role;
        private readonly System.Text.StringBuilder _stderr = new();
        private readonly List<string> _lines = [];

        private Peer(Process p, string role)
        {
            _p = p;
            _role = role;
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_stderr)
                        _stderr.AppendLine(e.Data);
                }
            };
            p.BeginErrorReadLine();
        }

        public string Stderr
        {
            get
            {
                lock (_stderr)
                    return _stderr.ToString();
            }
        }

        public static Peer Start(PeerLauncher l, IEnumerable<string> args, string role)
        {
            var psi = new ProcessStartInfo(l.FileName)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in l.PrefixArgs.Concat(args))
                psi.ArgumentList.Add(a);
            return new Peer(Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + l.FileName), $"{role} ({l.Label})");
        }

        public void Send(string line)
        {
            _p.StandardInput.Write(line + "\n");
            _p.StandardInput.Flush();
        }

        /// <summary>Reads the next line, which must start with <paramref name="word"/>.</summary>
        public string Expect(string word, int timeoutMs)
        {
            var t = _p.StandardOutput.ReadLineAsync();
            if (!t.Wait(timeoutMs))
                throw new InvalidOperationException($"{_role}: no {word} within {timeoutMs} ms; stderr: {Stderr}");
            string? line = t.Result;
            if (line is null)
            {
                _p.WaitForExit(2000);
                throw new InvalidOperationException($"{_role}: exited ({(_p.HasExited ? _p.ExitCode.ToString(CultureInfo.InvariantCulture) : "?")}) before {word}; lines: {string.Join(" | ", _lines)}; stderr: {Stderr}");
            }
            _lines.Add(line);
            if (!line.StartsWith(word, StringComparison.Ordinal))
                throw new InvalidOperationException($"{_role}: expected {word}, got: {line}; stderr: {Stderr}");
            return line;
        }

        public void WaitExit(int timeoutMs)
        {
            if (!_p.WaitForExit(timeoutMs))
                throw new InvalidOperationException($"{_role}: did not exit within {timeoutMs} ms after DONE");
            if (_p.ExitCode != 0)
                throw new InvalidOperationException($"{_role}: exit status {_p.ExitCode} after DONE; stderr: {Stderr}");
        }

        public void Dispose()
        {
            try
            {
                if (!_p.HasExited)
                {
                    _p.Kill(entireProcessTree: true);
                    _p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            _p.Dispose();
        }
    }
}

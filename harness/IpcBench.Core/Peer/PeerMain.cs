using System.Globalization;
using IpcBench.Interop;
using IpcBench.Protocol;
using IpcBench.Transports;
using IpcBench.Util;

namespace IpcBench.Peer;

/// <summary>
/// The managed peer (<c>ipcbench __peer ...</c>): the same protocol as the native <c>ipcpeer</c> (docs/protocol.md).
/// Parses the command line (bad input: <c>ERROR ...</c>, exit 2), pins the calling thread with --cpu, says
/// <c>HELLO ipcbench-peer/2 impl=managed abi=x86_64 pid=N</c>, then OPEN -> OPENED, RUN -> PROGRESS ... DONE (exit 0),
/// or <c>ERROR &lt;one line&gt;</c> and exit 1. Every control line is flushed at once.
/// </summary>
public static class PeerMain
{
    public const string Impl = ProtocolNames.ImplManaged;
    public const string Abi = ProtocolNames.AbiX86_64;

    /// <summary>Runs one peer, killed if its parent dies (<see cref="ParentWatch"/>); returns the exit status (0 ok, 1 failure, 2 bad command line).</summary>
    public static int Run(string[] args, TextReader input, TextWriter output) => Run(args, input, output, watchParent: true);

    /// <summary>As <see cref="Run(string[], TextReader, TextWriter)"/>; <paramref name="watchParent"/> false for in-process use (tests).</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, bool watchParent)
    {
        using var watch = watchParent ? ParentWatch.Start() : null;
        return RunPeer(args, input, output);
    }

    private static int RunPeer(string[] args, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var control = new Control(input, output);
        PeerOptions o;
        try
        {
            o = PeerOptions.Parse(args);
        }
        catch (UsageException e)
        {
            control.Send(ControlProtocol.Error + " " + ControlProtocol.OneLine(e.Message));
            return ExitCodes.Usage;
        }
        if (o.Cpu >= 0)
        {
            try
            {
                Posix.PinCurrentThread(o.Cpu);
            }
            catch (PosixException e)
            {
                control.Send(string.Create(CultureInfo.InvariantCulture, $"ERROR --cpu {o.Cpu}: {e.Message}"));
                return ExitCodes.Usage;
            }
        }

        string transport = o.Transport?.ToName() ?? ProtocolNames.NoTransport;
        IMessageTransport? t = null;
        CachelineChannel? cl = null;
        try
        {
            control.Send(string.Create(CultureInfo.InvariantCulture,
                $"{ControlProtocol.Hello} {ControlProtocol.ProtocolTag} {ControlProtocol.Impl}={Impl} {ControlProtocol.Abi}={Abi} {ControlProtocol.Pid}={Environment.ProcessId}"));

            control.Expect(ControlProtocol.Open, o.TimeoutMs);
            bool server = o.Role == PeerRole.Server;
            if (o.Transport == TransportKind.Cacheline)
                cl = CachelineChannel.Open(o.Name!, server, o.Yield, o.TimeoutMs);
            else if (o.Transport is not null)
                t = PeerTransports.Open(o);
            control.Send(ControlProtocol.Opened);

            PeerPrecompile.For(t);
            control.Expect(ControlProtocol.Run, o.TimeoutMs);
            var run = RunWindow.Begin();
            DoneRecord r = RunWorkload(o, t, cl, new Progress(control.Send, o.TimeoutMs));
            control.Send(run.Into(r with { Jit = PeerJit.Mode }).ToLine());
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string text = e is TransportException or VerifyException or ControlException ? e.Message : $"{transport}: {e.Message}";
            control.Send(ControlProtocol.Error + " " + ControlProtocol.OneLine(text));
            return ExitCodes.Failed;
        }
        finally
        {
            t?.Dispose();
            cl?.Dispose();
        }
    }

    private static DoneRecord RunWorkload(PeerOptions o, IMessageTransport? t, CachelineChannel? cl, Progress progress)
    {
        bool client = o.Role == PeerRole.Client;
        if (o.Workload == PeerWorkload.KernelCopy)
            throw new ControlException("kcopy: the kernel-copy floor is the native peer's (the harness measures it with C)");
        if (o.Transport is null)
            return Workloads.Floor(o.Workload == PeerWorkload.Own, o.Size, o.Warmup, o.Count);
        long[]? samples = client && o.Workload == PeerWorkload.Latency ? new long[o.Count] : null;
        if (samples is not null)
            Array.Clear(samples); // touch the pages before the timed phase
        DoneRecord r;
        if (cl is not null)
            r = Workloads.Cacheline(cl, client, o.Warmup, o.Count, samples, progress);
        else
            r = t switch
            {
                RingTransport ring => Run(new RingChannel(ring), o, samples, progress),
                StreamTransport stream => Run(new StreamChannel(stream), o, samples, progress),
                MqTransport mq => Run(new MqChannel(mq), o, samples, progress),
                _ => Run(new AnyChannel(t!), o, samples, progress),
            };
        if (samples is not null)
            Workloads.WriteSamples(o.Samples!, samples);
        return r;
    }

    private static DoneRecord Run<T>(T ch, PeerOptions o, long[]? samples, Progress progress) where T : struct, IChannel
        => o.Workload == PeerWorkload.Throughput
            ? Workloads.Throughput(ch, o.Role == PeerRole.Server, o.Warmup, o.Count, o.Size, o.Reps, progress)
            : o.Role == PeerRole.Client
                ? Workloads.LatencyClient(ch, o.Warmup, o.Count, samples!, progress)
                : Workloads.LatencyServer(ch, o.Warmup, o.Count, progress);

    /// <summary>The control channel: one line per message, flushed; reads bounded by the timeout.</summary>
    private sealed class Control(TextReader input, TextWriter output)
    {
        public void Send(string line)
        {
            output.Write(line);
            output.Write('\n');
            output.Flush();
        }

        public void Expect(string word, int timeoutMs)
        {
            var read = Task.Run(input.ReadLine);
            if (!read.Wait(timeoutMs))
                throw new ControlException($"control: no {word} within {timeoutMs} ms");
            string? line = read.Result;
            if (line is null)
                throw new ControlException($"control: stdin closed while waiting for {word}");
            line = line.TrimEnd('\r');
            if (line != word)
                throw new ControlException($"control: expected {word}, got '{(line.Length > 60 ? line[..60] : line)}'");
        }
    }

    private sealed class ControlException(string message) : Exception(message);
}

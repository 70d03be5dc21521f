using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IpcBench.Measurement;
using IpcBench.Protocol;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Peer;

/// <summary>
/// CPU usage of a timed phase: the getrusage(RUSAGE_THREAD) difference of the thread that moves the messages. The
/// native peer is that one thread; the managed peer also runs the runtime's own threads, whose start-up work
/// (loading, the finalizer, the thread pool) lands in a short cell's window and doubled the managed CPU per byte
/// of the quick profile's 10-message cells, while a 1000-message cell showed none of it (docs/copy-model.md).
/// </summary>
public readonly record struct UsageDelta(long UtimeNs, long StimeNs, long Nvcsw, long Nivcsw, long JitMethods)
{
    // Not inlined: RunWindow.Begin compiles these two before any timed phase, which an inlined copy would not do.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static UsageMark Take() => new(ThreadNow(), JitInfo.GetCompiledMethodCount(currentThread: true));

    /// <summary>
    /// The kernel brings a running thread's runtime up to date only at scheduler events (getrusage(RUSAGE_THREAD)
    /// reads se.sum_exec_runtime as it stands), so a spinning thread could read the same figure before and after a
    /// short cell; sched_yield makes that event (yield_task_fair updates the runtime), outside the timed loop.
    /// </summary>
    static RUsage ThreadNow()
    {
        SchedYield();
        return GetRUsage(RUSAGE_THREAD);
    }

    /// <summary>The DONE record <paramref name="done"/> with this usage in its five fields.</summary>
    public DoneRecord Into(DoneRecord done) => done with { UtimeNs = UtimeNs, StimeNs = StimeNs, Nvcsw = Nvcsw, Nivcsw = Nivcsw, JitWindow = JitMethods };

    /// <summary>The usage of the measuring thread since <paramref name="before"/>, and what was JIT-compiled on it meanwhile.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static UsageDelta Since(in UsageMark before)
    {
        long jit = JitInfo.GetCompiledMethodCount(currentThread: true) - before.JitMethods;
        return Between(before.Usage, ThreadNow(), jit);
    }

    /// <summary>The difference of two getrusage readings, with the methods compiled between them where counted.</summary>
    internal static UsageDelta Between(in RUsage before, in RUsage now, long jitMethods = 0) => new(
        now.UserTime.TotalNanoseconds - before.UserTime.TotalNanoseconds,
        now.SystemTime.TotalNanoseconds - before.SystemTime.TotalNanoseconds,
        now.NVcsw - before.NVcsw,
        now.NIvcsw - before.NIvcsw,
        jitMethods);
}

/// <summary>A point to measure the timed phase from: the thread's usage and how many methods had been JIT-compiled on it.</summary>
internal readonly record struct UsageMark(RUsage Usage, long JitMethods);

/// <summary>
/// The peer's whole run, RUN to DONE: its CPU (warm-up included) and its CPU migrations, so the harness can tell the
/// peers' own CPU from other processes' on their CPUs after the peers are gone (docs/protocol.md, "DONE fields").
/// </summary>
internal readonly record struct RunWindow(RUsage Start, long? MigrationsStart)
{
    public static RunWindow Begin()
    {
        // Compile the timed phase's usage reads now: the first call of Since would otherwise be JIT-compiled on the
        // measured thread inside the window it measures (a few hundred µs, as much as a short cell's whole round).
        _ = UsageDelta.Since(UsageDelta.Take());
        return new(GetRUsage(RUSAGE_SELF), SchedStat.Migrations("/proc/self/sched"));
    }

    public DoneRecord Into(DoneRecord done)
    {
        var d = UsageDelta.Between(Start, GetRUsage(RUSAGE_SELF)); // the whole process: what other processes' CPU is told apart from
        long? m = MigrationsStart is { } a && SchedStat.Migrations("/proc/self/sched") is { } b ? b - a : null;
        return done with { RunCpuNs = d.UtimeNs + d.StimeNs, Migrations = m };
    }
}

/// <summary>
/// How the managed peer's timed code is compiled, reported in DONE as jit=: "full-opt" when tiered compilation is off
/// (the harness starts the peer so: every method fully optimised at its first call), else "ao-loops" (the hot loops
/// carry AggressiveOptimization; what they call may run tiered code first).
/// </summary>
public static class PeerJit
{
    public const string TieredCompilationVariable = "DOTNET_TieredCompilation";

    public static string Mode
        => Environment.GetEnvironmentVariable(TieredCompilationVariable) == "0"
            || AppContext.GetData("System.Runtime.TieredCompilation") is false or "false"
            ? "full-opt" : "ao-loops";
}

/// <summary>
/// PROGRESS heartbeats of a running peer (docs/protocol.md): the clock is read every 64 messages and a line goes out
/// when <see cref="ProtocolLimits.ProgressIntervalMs"/> passed, so the harness bounds silence, not the whole cell.
/// </summary>
public sealed class Progress(Action<string>? send, int timeoutMs)
{
    private readonly long _interval = ProtocolLimits.ProgressIntervalMs(timeoutMs) * Stopwatch.Frequency / 1000;
    private long _next = Stopwatch.GetTimestamp() + ProtocolLimits.ProgressIntervalMs(timeoutMs) * Stopwatch.Frequency / 1000;

    /// <summary>No heartbeats (in-process use).</summary>
    public static Progress None { get; } = new(null, ProtocolLimits.DefaultTimeoutMs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick(ulong messages)
    {
        if ((messages & 63) == 0)
            Check(messages);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Check(ulong messages)
    {
        long now = Stopwatch.GetTimestamp();
        if (send is null || now < _next)
            return;
        _next = now + _interval;
        send(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ControlProtocol.Progress} {ControlProtocol.Messages}={messages}"));
    }
}

/// <summary>
/// The workloads (docs/protocol.md): latency (the client times each round trip; the server answers with a message it
/// built itself, same seq), throughput (client streams, server receives), and the floors. Warm-up messages carry seq
/// 0 .. warmup-1, timed ones follow. The loops allocate nothing; timing with Stopwatch.GetTimestamp (CLOCK_MONOTONIC).
/// </summary>
public static class Workloads
{
    private static readonly bool s_ticksAreNs = Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Stopwatch ticks to nanoseconds, exactly (identity on Linux, where the frequency is 1 GHz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TicksToNs(long ticks) => Transports.Deadlines.TicksToNs(ticks);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SendOne<T>(ref T ch, ulong seq) where T : struct, IChannel
    {
        Message.Build(ch.BeginSend(), seq);
        ch.Commit();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReceiveOne<T>(ref T ch, ulong seq) where T : struct, IChannel
    {
        Message.Verify(ch.BeginReceive(), seq);
        ch.Release();
    }

    /// <summary>Latency client: <paramref name="samples"/> (length = count) receives each round trip in ns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DoneRecord LatencyClient<T>(T ch, long warmup, long count, long[] samples, Progress progress) where T : struct, IChannel
    {
        ulong seq = 0;
        for (; seq < (ulong)warmup; seq++)
        {
            SendOne(ref ch, seq);
            ReceiveOne(ref ch, seq);
            progress.Tick(seq);
        }
        var u0 = UsageDelta.Take();
        long start = Stopwatch.GetTimestamp(), t0 = start;
        for (long i = 0; i < count; i++, seq++)
        {
            SendOne(ref ch, seq);
            ReceiveOne(ref ch, seq);
            long t1 = Stopwatch.GetTimestamp(); // one clock read per round trip: its end is the next start
            samples[i] = t1 - t0;
            t0 = t1;
            progress.Tick(seq);
        }
        long elapsed = t0 - start;
        var usage = UsageDelta.Since(u0);
        if (!s_ticksAreNs)
        {
            for (long i = 0; i < count; i++)
                samples[i] = TicksToNs(samples[i]);
        }
        return usage.Into(new DoneRecord { Messages = count, ElapsedNs = TicksToNs(elapsed), Samples = count });
    }

    /// <summary>Latency server: answers each request with its own message of the same seq.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DoneRecord LatencyServer<T>(T ch, long warmup, long count, Progress progress) where T : struct, IChannel
    {
        ulong seq = 0;
        for (; seq < (ulong)warmup; seq++)
        {
            ReceiveOne(ref ch, seq);
            SendOne(ref ch, seq);
            progress.Tick(seq);
        }
        var u0 = UsageDelta.Take();
        long start = Stopwatch.GetTimestamp();
        for (ulong end = (ulong)(warmup + count); seq < end; seq++)
        {
            ReceiveOne(ref ch, seq);
            SendOne(ref ch, seq);
            progress.Tick(seq);
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        return UsageDelta.Since(u0).Into(new DoneRecord { Messages = count, ElapsedNs = TicksToNs(elapsed) });
    }

    /// <summary>
    /// Throughput. Client: timed from after the last warm-up send to after the last timed send. Server: from the end
    /// of the last warm-up message to the end of the last timed message; bytes = count * size.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DoneRecord Throughput<T>(T ch, bool server, long warmup, long count, int size, int reps, Progress progress) where T : struct, IChannel
    {
        // --reps R: the server also times R consecutive blocks of count / R messages (the last takes the remainder)
        long[]? repNs = server && reps > 1 ? new long[reps] : null;
        long per = count / Math.Max(reps, 1);
        ulong seq = 0, end = (ulong)(warmup + count);
        if (server)
        {
            for (; seq < (ulong)warmup; seq++)
            {
                ReceiveOne(ref ch, seq);
                progress.Tick(seq);
            }
        }
        else
        {
            for (; seq < (ulong)warmup; seq++)
            {
                SendOne(ref ch, seq);
                progress.Tick(seq);
            }
        }
        var u0 = UsageDelta.Take();
        long start = Stopwatch.GetTimestamp();
        if (repNs is not null)
        {
            long blockStart = start;
            for (int rep = 0; rep < repNs.Length; rep++)
            {
                ulong blockEnd = rep + 1 == repNs.Length ? end : seq + (ulong)per;
                for (; seq < blockEnd; seq++)
                {
                    ReceiveOne(ref ch, seq);
                    progress.Tick(seq);
                }
                long now = Stopwatch.GetTimestamp();
                repNs[rep] = TicksToNs(now - blockStart);
                blockStart = now;
            }
        }
        else if (server)
        {
            for (; seq < end; seq++)
            {
                ReceiveOne(ref ch, seq);
                progress.Tick(seq);
            }
        }
        else
        {
            for (; seq < end; seq++)
            {
                SendOne(ref ch, seq);
                progress.Tick(seq);
            }
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        return UsageDelta.Since(u0).Into(new DoneRecord { Messages = count, Bytes = server ? count * size : 0, ElapsedNs = TicksToNs(elapsed), RepNs = repNs });
    }

    /// <summary>Cache-line ping-pong: round i carries the value i + 1 (so the zeroed words never match).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DoneRecord Cacheline(CachelineChannel ch, bool client, long warmup, long count, long[]? samples, Progress progress)
    {
        long total = warmup + count;
        long start = 0, t0 = 0;
        UsageMark u0 = default;
        for (long i = 0; i < total; i++)
        {
            if (i == warmup)
            {
                u0 = UsageDelta.Take();
                start = t0 = Stopwatch.GetTimestamp();
            }
            uint v = (uint)(i + 1);
            if (client)
            {
                ch.Ping(v);
                if (i >= warmup)
                {
                    long t1 = Stopwatch.GetTimestamp();
                    samples![i - warmup] = t1 - t0;
                    t0 = t1;
                }
            }
            else
            {
                ch.Pong(v);
            }
            progress.Tick((ulong)i);
        }
        long elapsed = Stopwatch.GetTimestamp() - start;
        var usage = UsageDelta.Since(u0);
        if (client && !s_ticksAreNs)
        {
            for (long i = 0; i < count; i++)
                samples![i] = TicksToNs(samples[i]);
        }
        return usage.Into(new DoneRecord { Messages = count, ElapsedNs = TicksToNs(elapsed), Samples = client ? count : null });
    }

    /// <summary>Number of batches of a floor; the result is the best one's time per operation.</summary>
    public const int FloorBatches = 5;

    /// <summary>
    /// memcpy floor: <paramref name="size"/> bytes between two buffers 2 x size apart (rounded to 64), reused.
    /// own floor: build (header + fill) a message, then verify it as the receiver would.
    /// Warm-up operations, then <see cref="FloorBatches"/> batches of <paramref name="count"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe DoneRecord Floor(bool own, int size, long warmup, long count)
    {
        nuint n = (nuint)size, gap = (2 * n + 63) & ~(nuint)63;
        byte* buf = (byte*)NativeMemory.AlignedAlloc(gap + n, 64);
        try
        {
            NativeMemory.Clear(buf, gap + n);
            byte* src = buf, dst = buf + gap;
            var msg = new Span<byte>(src, size);
            ulong seq = 0;
            for (long i = 0; i < warmup; i++, seq++)
            {
                if (own)
                {
                    Message.Build(msg, seq);
                    Message.Verify(msg, seq);
                }
                else
                {
                    Buffer.MemoryCopy(src, dst, n, n);
                }
            }
            var u0 = UsageDelta.Take();
            long best = long.MaxValue, all = 0;
            for (int b = 0; b < FloorBatches; b++)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (own)
                {
                    for (long i = 0; i < count; i++, seq++)
                    {
                        Message.Build(msg, seq);
                        Message.Verify(msg, seq);
                    }
                }
                else
                {
                    for (long i = 0; i < count; i++)
                        Buffer.MemoryCopy(src, dst, n, n);
                }
                long dt = Stopwatch.GetTimestamp() - t0;
                all += dt;
                best = Math.Min(best, dt);
            }
            var usage = UsageDelta.Since(u0);
            return usage.Into(new DoneRecord
            {
                Messages = FloorBatches * count,
                ElapsedNs = TicksToNs(all),
                ResultNs = (double)TicksToNs(best) / count,
            });
        }
        finally
        {
            NativeMemory.AlignedFree(buf);
        }
    }

    /// <summary>Writes the samples as little-endian u64 ns, in order (owner-only file).</summary>
    public static void WriteSamples(string path, ReadOnlySpan<long> samples)
    {
        using var fd = Open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0x180);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(samples);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("samples are little-endian");
        while (bytes.Length > 0)
        {
            int w = Write(fd, bytes);
            if (w <= 0)
                throw new IOException($"samples: write {path}: no progress");
            bytes = bytes.Slice(w);
        }
    }
}

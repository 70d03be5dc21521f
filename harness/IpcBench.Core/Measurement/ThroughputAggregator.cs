using IpcBench.Results;

namespace IpcBench.Measurement;

/// <summary>Throughput arithmetic. MB = 10^6 bytes; rates are per second of the receiver's timed phase.</summary>
public static class ThroughputMath
{
    /// <summary>bytes / elapsed: MB/s with MB = 10^6 bytes.</summary>
    public static double MbPerS(long bytes, long elapsedNs)
    {
        CheckElapsed(elapsedNs);
        return bytes * 1e3 / elapsedNs; // (bytes / 1e6) / (ns / 1e9)
    }

    /// <summary>messages / elapsed, per second.</summary>
    public static double MsgPerS(long messages, long elapsedNs)
    {
        CheckElapsed(elapsedNs);
        return messages * 1e9 / elapsedNs;
    }

    private static void CheckElapsed(long elapsedNs)
    {
        if (elapsedNs <= 0)
            throw new ArgumentOutOfRangeException(nameof(elapsedNs), elapsedNs, "elapsed time must be positive");
    }
}

/// <summary>
/// Throughput of a cell over its repetitions: each repetition gives the receiver's bytes, messages
/// and elapsed ns (its DONE <c>bytes</c>, <c>messages</c>, <c>elapsed_ns</c>, or one block of them); the cell figure is total bytes over total time
/// (so each repetition weighs by its duration) and <see cref="RepetitionMbPerS"/> keeps each one.
/// </summary>
public sealed class ThroughputAggregator
{
    private readonly List<double> _reps = [];
    private long _bytes, _messages, _elapsedNs;

    public IReadOnlyList<double> RepetitionMbPerS => _reps;
    public int Repetitions => _reps.Count;

    public void AddRepetition(long bytes, long messages, long elapsedNs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfNegative(messages);
        _reps.Add(ThroughputMath.MbPerS(bytes, elapsedNs));
        _bytes += bytes;
        _messages += messages;
        _elapsedNs += elapsedNs;
    }

    public ThroughputStats ToStats()
    {
        if (_reps.Count == 0)
            throw new InvalidOperationException("no throughput repetitions recorded");
        return new ThroughputStats
        {
            MbPerS = ThroughputMath.MbPerS(_bytes, _elapsedNs),
            MsgPerS = ThroughputMath.MsgPerS(_messages, _elapsedNs),
            Bytes = _bytes,
            Messages = _messages,
            ElapsedNs = _elapsedNs,
        };
    }
}

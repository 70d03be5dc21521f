using System.Globalization;
using IpcBench.Results;

namespace IpcBench.Measurement;

/// <summary>
/// One peer's resource use over its timed phase, from its DONE line
/// (<c>utime_ns</c>, <c>stime_ns</c>, <c>nvcsw</c>, <c>nivcsw</c>; docs/protocol.md).
/// </summary>
public readonly record struct PeerUsage(long UtimeNs, long StimeNs, long Nvcsw, long Nivcsw)
{
    public static PeerUsage operator +(PeerUsage a, PeerUsage b) =>
        new(a.UtimeNs + b.UtimeNs, a.StimeNs + b.StimeNs, a.Nvcsw + b.Nvcsw, a.Nivcsw + b.Nivcsw);

    /// <summary>The four fields of a peer's DONE record.</summary>
    public static PeerUsage FromDone(Protocol.DoneRecord done) => new(done.UtimeNs, done.StimeNs, done.Nvcsw, done.Nivcsw);
}

/// <summary>CPU time and context switches per timed message.</summary>
public static class CpuCost
{
    /// <summary>Divides a peer's usage by the number of timed messages (latency: round trips).</summary>
    public static MessageCost PerMessage(PeerUsage usage, long messages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messages);
        double m = messages;
        return new MessageCost
        {
            CpuUserNs = usage.UtimeNs / m,
            CpuSysNs = usage.StimeNs / m,
            CpuNs = (usage.UtimeNs + usage.StimeNs) / m,
            Vcsw = usage.Nvcsw / m,
            Ivcsw = usage.Nivcsw / m,
        };
    }
}

/// <summary>
/// Sums both peers' usage and the timed message count over a cell's repetitions and gives the
/// per-message costs the cell reports: both peers together, client alone, server alone.
/// </summary>
public sealed class CellCostAccumulator
{
    private PeerUsage _client, _server;
    private long _messages;

    public long Messages => _messages;

    /// <param name="messages">Timed messages of this repetition: latency, the round trips; throughput, the messages received.</param>
    public void AddRepetition(PeerUsage client, PeerUsage server, long messages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messages);
        _client += client;
        _server += server;
        _messages += messages;
    }

    public MessageCost Both => CpuCost.PerMessage(_client + _server, RequireMessages());
    public MessageCost Client => CpuCost.PerMessage(_client, RequireMessages());
    public MessageCost Server => CpuCost.PerMessage(_server, RequireMessages());

    private long RequireMessages() =>
        _messages > 0 ? _messages : throw new InvalidOperationException("no repetitions recorded");
}

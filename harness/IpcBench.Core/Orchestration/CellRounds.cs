using IpcBench.Measurement;
using IpcBench.Results;

namespace IpcBench.Orchestration;

/// <summary>
/// A cell's rounds so far: each round is one repetition (its own peers, its own slice of the
/// run's time), merged into the cell's histogram or byte count, CPU cost and interference record.
/// The first skip or failure ends the cell.
/// </summary>
public sealed class CellRounds(CellPlan cell)
{
    readonly LatencyAggregator _latency = new();
    readonly ThroughputAggregator _throughput = new();
    readonly CellCostAccumulator _costs = new();
    readonly List<double> _roundCpuNs = [];
    readonly List<RoundInterference> _interference = [];
    string? _clientJit, _serverJit;
    long? _clientJitWindow, _serverJitWindow;
    CellStatus? _ended;
    string? _reason;
    double _durationMs;
    int _rounds;

    public CellPlan Cell => cell;
    /// <summary>Still to be measured: not ended by a skip or a failure, and rounds missing.</summary>
    public bool Pending => _ended is null && _rounds < cell.Repetitions;
    public int Rounds => _rounds;

    public void Skip(string reason) => End(CellStatus.Skipped, reason);

    public void Fail(string reason) => End(CellStatus.Failed, cell.Repetitions > 1 ? $"round {_rounds + 1}: {reason}" : reason);

    void End(CellStatus status, string reason)
    {
        _ended ??= status;
        _reason ??= reason;
    }

    public void AddDuration(double ms) => _durationMs += ms;

    /// <summary>How each peer's timed code was compiled (DONE jit); every round starts the same programs, so the first report stands.</summary>
    public void NoteJit(string? client, string? server)
    {
        _clientJit ??= client;
        _serverJit ??= server;
    }

    /// <summary>Methods JIT-compiled on each peer's measuring thread inside its timed phases (DONE jit_window), summed over rounds; null from a peer that does not report it.</summary>
    public void NoteJitWindow(long? client, long? server)
    {
        if (client is { } c)
            _clientJitWindow = (_clientJitWindow ?? 0) + c;
        if (server is { } s)
            _serverJitWindow = (_serverJitWindow ?? 0) + s;
    }

    public void AddLatencyRound(ReadOnlySpan<long> samples, PeerUsage client, PeerUsage server, RoundInterference interference)
    {
        _latency.AddRepetition(samples);
        AddUsage(client, server, samples.Length, interference);
    }

    public void AddThroughputRound(long bytes, long messages, long elapsedNs, PeerUsage client, PeerUsage server, RoundInterference interference)
    {
        _throughput.AddRepetition(bytes, messages, elapsedNs);
        AddUsage(client, server, messages, interference);
    }

    void AddUsage(PeerUsage client, PeerUsage server, long messages, RoundInterference interference)
    {
        _costs.AddRepetition(client, server, messages);
        _roundCpuNs.Add(CpuCost.PerMessage(client + server, messages).CpuNs);
        _interference.Add(interference);
        _rounds++;
    }

    /// <summary>The cell's result; <paramref name="interrupted"/> marks a cell whose rounds a Ctrl-C cut short.</summary>
    public CellResult ToResult(bool interrupted = false)
    {
        var shell = CellRunner.Outcome(cell, CellStatus.Ok, null);
        if (_ended is { } status)
            return CellRunner.Outcome(cell, status, _reason) with { DurationMs = _durationMs };
        if (_rounds < cell.Repetitions)
        {
            return _rounds == 0 && interrupted
                ? CellRunner.Outcome(cell, CellStatus.Skipped, "not run: the run was interrupted")
                : CellRunner.Outcome(cell, CellStatus.Failed, $"interrupted (Ctrl-C or SIGTERM) after {_rounds} of {cell.Repetitions} rounds") with { DurationMs = _durationMs };
        }
        bool latency = cell.Workload == Workload.Latency;
        return shell with
        {
            Verified = true,
            Messages = _costs.Messages,
            Latency = latency ? _latency.ToStats() : null,
            Throughput = latency ? null : _throughput.ToStats(),
            Repetitions = latency ? _latency.RepetitionMedians : _throughput.RepetitionMbPerS,
            Statistic = latency ? CellStatistics.LatencyMedianOfRoundMedians : CellStatistics.ThroughputMedianOfRounds,
            RoundCpuNs = _roundCpuNs,
            Interference = RoundInterference.Sum(_interference),
            ClientJit = _clientJit,
            ServerJit = _serverJit,
            ClientJitInWindow = _clientJitWindow,
            ServerJitInWindow = _serverJitWindow,
            CostPerMessage = _costs.Both,
            ClientCostPerMessage = _costs.Client,
            ServerCostPerMessage = _costs.Server,
            DurationMs = _durationMs,
        };
    }
}

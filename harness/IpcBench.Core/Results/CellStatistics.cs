namespace IpcBench.Results;

/// <summary>
/// The statistic a cell is judged by (<c>cells[].statistic</c>): chosen because run noise moves it
/// least. A round's median ignores the one-off stalls (a neighbour's burst, a page fault) that
/// move a mean; the median over rounds ignores a round that a burst covered entirely.
/// </summary>
public static class CellStatistics
{
    public const string LatencyMedianOfRoundMedians = "median of per-round median round trips (ns)";
    public const string ThroughputMedianOfRounds = "median of per-round MB/s";
    /// <summary>What a v1 result's repetitions were: consecutive blocks of one peer process.</summary>
    public const string LatencyMedianOfBlockMedians = "median of per-block median round trips (ns)";
    public const string ThroughputMedianOfBlocks = "median of per-block MB/s";
}

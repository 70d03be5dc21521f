namespace IpcBench.Orchestration;

/// <summary>
/// The order a run measures its cells in: rounds, each running every cell once in its own
/// shuffled order, so a cell's repetitions (its rounds) are spread over the whole run and its
/// variance includes the run's drift. The shuffle is a Fisher-Yates driven by SplitMix64 from the
/// recorded seed, so <c>--seed</c> reproduces the order exactly, on any runtime version.
/// </summary>
public static class RoundSchedule
{
    /// <summary>Round r's order of the cell indexes 0..cells-1, for r in 0..rounds-1.</summary>
    public static IReadOnlyList<int[]> Of(int cells, int rounds, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cells);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ulong state = unchecked((ulong)seed);
        var result = new List<int[]>(rounds);
        for (int r = 0; r < rounds; r++)
        {
            var order = Enumerable.Range(0, cells).ToArray();
            for (int i = cells - 1; i > 0; i--)
            {
                int j = (int)(Next(ref state) % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
            result.Add(order);
        }
        return result;
    }

    /// <summary>A fresh seed when none was given (a non-negative value that fits JSON numbers exactly).</summary>
    public static long NewSeed() => Random.Shared.NextInt64(0, 1L << 53);

    static ulong Next(ref ulong state)
    {
        unchecked
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

using System.Collections.Concurrent;
using IpcBench.Reports.Statistics;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// The smallest slowdown a cell would be flagged for with 95 % power, given its measured noise:
/// the rule of <see cref="RunComparer"/> (threshold, history spread, U test, direction) applied to
/// simulated current runs drawn from the baseline's own repetitions (a smoothed bootstrap: each
/// value a baseline repetition's ratio to the median, jittered by a Silverman bandwidth), slowed
/// down by d (latency × (1 + d), throughput ÷ (1 + d)). The random draws are seeded by the cell
/// key, so the same input gives the same figure.
/// </summary>
public static class MinimalDetectableChange
{
    public const double Power = 0.95;
    const int Trials = 200;
    const double Largest = 1.0;

    /// <returns>The slowdown as a fraction (0.08 = 8 %), rounded up to 0.5 %; +∞ when even a doubling is not flagged often enough; null with too few repetitions.</returns>
    public static double? Estimate(IReadOnlyList<double> baseline, int currentCount, bool lowerIsBetter, RelativeThreshold threshold,
        Confidence confidence, double? spread, string key)
    {
        int n = baseline.Count, m = currentCount;
        if (n < RunComparer.MinRepetitions || m < RunComparer.MinRepetitions || MannWhitney.SmallestPValue(n, m) > confidence.Alpha)
            return null;
        double centre = RunComparer.Median(baseline);
        if (!(centre > 0)) return null;
        var ratios = baseline.Select(v => v / centre).ToArray();
        double h = Bandwidth(ratios);
        var rng = new Random(StableHash(key));
        var draws = new (int Index, double Jitter)[Trials, m];
        for (int t = 0; t < Trials; t++)
        for (int j = 0; j < m; j++)
            draws[t, j] = (rng.Next(n), Gaussian(rng) * h);
        var critical = CriticalRegion(n, m, confidence.Alpha);

        double PowerAt(double d)
        {
            double factor = lowerIsBetter ? 1 + d : 1 / (1 + d);
            int flagged = 0;
            var current = new double[m];
            for (int t = 0; t < Trials; t++)
            {
                for (int j = 0; j < m; j++)
                    current[j] = centre * (ratios[draws[t, j].Index] + draws[t, j].Jitter) * factor;
                double u = MannWhitney.UStatistic(baseline, current);
                double p = critical.Contains((int)Math.Round(u)) ? confidence.Alpha : 1;
                double change = (RunComparer.Median(current) - centre) / centre;
                var (outcome, _) = RunComparer.Rule(change, new UTestResult(u, p, UTestMethod.Exact, n, m), lowerIsBetter, threshold, confidence, spread);
                if (outcome == CellOutcome.Regression) flagged++;
            }
            return flagged / (double)Trials;
        }

        if (PowerAt(Largest) < Power) return double.PositiveInfinity;
        double lo = 0, hi = Largest;
        while (hi - lo > 0.005)
        {
            double mid = (lo + hi) / 2;
            if (PowerAt(mid) >= Power) hi = mid;
            else lo = mid;
        }
        return Math.Ceiling(hi * 200) / 200;
    }

    static double Bandwidth(double[] x)
    {
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, x.Length - 1));
        var sorted = x.Order().ToArray();
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        return 0.9 * spread * Math.Pow(x.Length, -0.2);
    }

    static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int i = (int)pos;
        return i + 1 < sorted.Length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    static int StableHash(string s)
    {
        uint h = 2166136261;
        foreach (char c in s)
            h = (h ^ c) * 16777619;
        return (int)(h & 0x7fffffff);
    }

    /// <summary>Complementary error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
    static double Erfc(double x)
    {
        double t = 1 / (1 + 0.3275911 * x);
        double y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return y * Math.Exp(-x * x);
    }

    static readonly ConcurrentDictionary<(int, int, double), HashSet<int>> Regions = new();

    /// <summary>The values of U (no ties) whose exact two-sided p-value is at most alpha.</summary>
    static HashSet<int> CriticalRegion(int n, int m, double alpha) => Regions.GetOrAdd((n, m, alpha), _ =>
    {
        if (n * m > 2500)
        {
            // Large samples: the normal approximation (as MannWhitney.TwoSided's beyond the exact sizes).
            var normal = new HashSet<int>();
            double sd = Math.Sqrt(n * (double)m * (n + m + 1) / 12), centre = n * (double)m / 2;
            for (int u = 0; u <= n * m; u++)
            {
                double z = Math.Max(0, Math.Abs(u - centre) - 0.5) / sd;
                if (2 * 0.5 * Erfc(z / Math.Sqrt(2)) <= alpha) normal.Add(u);
            }
            return normal;
        }
        // counts[u]: arrangements of n and m values with U = u (the classic recurrence, built up one value at a time).
        int max = n * m;
        var counts = new double[max + 1];
        var table = new double[n + 1, m + 1][];
        for (int i = 0; i <= n; i++)
        for (int j = 0; j <= m; j++)
        {
            var f = new double[i * j + 1];
            if (i == 0 || j == 0) f[0] = 1;
            else
            {
                // The largest value is from the current sample (adds i to U) or from the baseline.
                var a = table[i, j - 1];
                var b = table[i - 1, j];
                for (int u = 0; u < a.Length; u++) f[u + i] += a[u];
                for (int u = 0; u < b.Length; u++) f[u] += b[u];
            }
            table[i, j] = f;
        }
        var full = table[n, m];
        double total = full.Sum();
        var region = new HashSet<int>();
        double below = 0;
        var cdf = new double[max + 1];
        for (int u = 0; u <= max; u++) { below += full[u]; cdf[u] = below / total; }
        for (int u = 0; u <= max; u++)
        {
            double lower = cdf[u], upper = 1 - (u > 0 ? cdf[u - 1] : 0);
            if (Math.Min(1, 2 * Math.Min(lower, upper)) <= alpha) region.Add(u);
        }
        return region;
    });
}

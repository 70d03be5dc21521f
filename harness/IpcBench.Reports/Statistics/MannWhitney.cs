using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace IpcBench.Reports.Statistics;

/// <summary>
/// The two-sided Mann-Whitney U (Wilcoxon rank-sum) test between the per-repetition values of a
/// cell in two runs.
/// <para>
/// Two-sided, because compare reports improvements the same way as regressions: one test of "did
/// the distribution shift", the direction then read from the medians. The p-value is twice the
/// smaller one-sided p-value (capped at 1), which is what Perfolizer's <c>TwoSides</c> computes.
/// </para>
/// <para>
/// Perfolizer's exact distribution of U is that of distinct values: with ties it ranks with
/// midranks but rounds U to an integer and still uses the no-ties distribution. So ties are
/// handled here: when any value occurs twice in the pooled samples the p-value comes from the
/// exact distribution of U given that tie pattern (every split of the pooled midranks, counted by
/// dynamic programming), and when every value is the same there is nothing to test (p = 1).
/// </para>
/// </summary>
public static class MannWhitney
{
    /// <summary>Pooled sizes up to this are enumerated exactly when there are ties; beyond, the normal approximation.</summary>
    internal const int MaxExactTiedSize = 80;

    public static UTestResult TwoSided(IReadOnlyList<double> baseline, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        if (baseline.Count == 0 || current.Count == 0)
            throw new ArgumentException("both samples need at least one value");
        if (baseline.Concat(current).Any(v => !double.IsFinite(v)))
            throw new ArgumentException("samples must be finite numbers");

        int n = baseline.Count, m = current.Count;
        double u = UStatistic(baseline, current);
        double first = baseline[0];
        if (baseline.All(v => v == first) && current.All(v => v == first))
            return new UTestResult(u, 1.0, UTestMethod.Identical, n, m);

        var pooled = baseline.Concat(current).ToArray();
        bool ties = pooled.Distinct().Count() < pooled.Length;
        if (!ties)
        {
            // x = current, y = baseline: U of the result counts pairs with current > baseline.
            var result = MannWhitneyTest.Instance.Perform(new Sample(current.ToArray()), new Sample(baseline.ToArray()),
                AlternativeHypothesis.TwoSides, Threshold.Zero);
            return new UTestResult(u, Math.Clamp(result.PValue.Value, 0, 1), UTestMethod.Exact, n, m);
        }
        if (n + m <= MaxExactTiedSize)
            return new UTestResult(u, ExactTiedPValue(baseline, current, u), UTestMethod.ExactWithTies, n, m);
        return new UTestResult(u, NormalPValue(baseline, current, u), UTestMethod.NormalApproximation, n, m);
    }

    /// <summary>Pairs (current, baseline) with current greater, ties counting one half.</summary>
    public static double UStatistic(IReadOnlyList<double> baseline, IReadOnlyList<double> current)
    {
        double u = 0;
        foreach (var c in current)
        foreach (var b in baseline)
            u += c > b ? 1 : c == b ? 0.5 : 0;
        return u;
    }

    /// <summary>
    /// The smallest two-sided p-value an exact test can reach with these sample sizes (complete
    /// separation, no ties): <c>2 / C(n+m, n)</c>. When it exceeds alpha no outcome can be
    /// significant, whatever the values.
    /// </summary>
    public static double SmallestPValue(int baselineCount, int currentCount)
    {
        if (baselineCount <= 0 || currentCount <= 0) return 1;
        // log C(n+m, n), summed, so large sizes do not overflow.
        double logC = 0;
        int n = Math.Min(baselineCount, currentCount), total = baselineCount + currentCount;
        for (int i = 1; i <= n; i++)
            logC += Math.Log(total - n + i) - Math.Log(i);
        return Math.Min(1, 2 * Math.Exp(-logC));
    }

    /// <summary>
    /// Exact two-sided p-value given the ties: the pooled values get midranks (doubled, so they
    /// are integers), and the number of ways each rank sum of the current sample can occur over
    /// all C(n+m, m) splits is counted by dynamic programming.
    /// </summary>
    internal static double ExactTiedPValue(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double u)
    {
        int n = baseline.Count, m = current.Count, total = n + m;
        int[] doubledRanks = DoubledMidranks(baseline.Concat(current).ToArray());
        int maxSum = doubledRanks.Sum();
        // ways[k, s]: subsets of k pooled values whose doubled ranks sum to s.
        var ways = new double[m + 1, maxSum + 1];
        ways[0, 0] = 1;
        int seen = 0;
        foreach (int r in doubledRanks)
        {
            seen += r;
            for (int k = Math.Min(m, total); k >= 1; k--)
            {
                for (int s = seen; s >= r; s--)
                    ways[k, s] += ways[k - 1, s - r];
            }
        }
        // U = W - m(m+1)/2 with W the rank sum of the current sample; doubled: 2W = 2U + m(m+1).
        int observed = (int)Math.Round(2 * u + m * (m + 1.0));
        double all = 0, atMost = 0, atLeast = 0;
        for (int s = 0; s <= maxSum; s++)
        {
            double w = ways[m, s];
            if (w == 0) continue;
            all += w;
            if (s <= observed) atMost += w;
            if (s >= observed) atLeast += w;
        }
        return Math.Min(1, 2 * Math.Min(atMost, atLeast) / all);
    }

    /// <summary>Normal approximation with tie-corrected variance and a continuity correction of 1/2.</summary>
    internal static double NormalPValue(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double u)
    {
        int n = baseline.Count, m = current.Count;
        double total = n + m;
        double tieTerm = baseline.Concat(current).GroupBy(v => v).Sum(g => Math.Pow(g.Count(), 3) - g.Count());
        double variance = n * (double)m / 12 * (total + 1 - tieTerm / (total * (total - 1)));
        if (variance <= 0) return 1;
        double distance = Math.Max(0, Math.Abs(u - n * (double)m / 2) - 0.5);
        return Math.Min(1, 2 * UpperNormalTail(distance / Math.Sqrt(variance)));
    }

    /// <summary>Midranks of the values, doubled: tied values share the mean of their ranks.</summary>
    internal static int[] DoubledMidranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new int[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
                j++;
            // Ranks i+1 .. j+1 share their mean; doubled that is (i+1)+(j+1).
            for (int k = i; k <= j; k++)
                ranks[order[k]] = i + j + 2;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>P(Z &gt;= z) for a standard normal Z.</summary>
    internal static double UpperNormalTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Complementary error function: the Chebyshev fit of Numerical Recipes' erfcc (fractional error below 1.2e-7 everywhere, so also in the far tail).</summary>
    static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

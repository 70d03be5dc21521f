namespace IpcBench.Reports.Statistics;

/// <summary>
/// Change points of a series by E-divisive means (Matteson and James, 2014; the approach of
/// MongoDB's performance CI and of the Hunter tool): the split that maximises the energy distance
/// between the two sides (alpha = 1) is a change point when a permutation test finds it
/// significant; the segments are then searched again, best split first, until none is.
/// Deterministic: the permutations come from <see cref="Seed"/>.
/// </summary>
public static class EDivisive
{
    public const int Seed = 20140101;
    public const int Permutations = 199;
    public const double DefaultPValue = 0.01;
    /// <summary>Fewest points on either side of a change: fewer cannot tell a step from one odd run.</summary>
    public const int DefaultMinSize = 3;

    /// <summary>A change point: the first index of the new segment, its statistic and permutation p-value.</summary>
    public sealed record ChangePoint(int Index, double Q, double PValue);

    /// <returns>The change points in index order.</returns>
    public static IReadOnlyList<ChangePoint> Detect(IReadOnlyList<double> series, double pValue = DefaultPValue, int minSize = DefaultMinSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minSize, 2);
        var rng = new Random(Seed);
        var found = new List<ChangePoint>();
        var bounds = new List<int> { 0, series.Count };
        while (true)
        {
            // The best split over every current segment.
            (int Start, int End, int Tau, double Q)? best = null;
            for (int s = 0; s + 1 < bounds.Count; s++)
            {
                int start = bounds[s], end = bounds[s + 1];
                var segment = series.Skip(start).Take(end - start).ToArray();
                if (BestSplit(segment, minSize) is { } split && (best is null || split.Q > best.Value.Q))
                    best = (start, end, start + split.Tau, split.Q);
            }
            if (best is not { } b) break;
            var seg = series.Skip(b.Start).Take(b.End - b.Start).ToArray();
            int atLeast = 0;
            for (int p = 0; p < Permutations; p++)
            {
                Shuffle(seg, rng);
                if (BestSplit(seg, minSize) is { } perm && perm.Q >= b.Q) atLeast++;
            }
            double pv = (atLeast + 1.0) / (Permutations + 1.0);
            if (pv > pValue) break;
            found.Add(new ChangePoint(b.Tau, b.Q, pv));
            bounds.Add(b.Tau);
            bounds.Sort();
        }
        return [.. found.OrderBy(c => c.Index)];
    }

    /// <summary>The split of one segment with the largest energy statistic, or null when it is too short to split.</summary>
    internal static (int Tau, double Q)? BestSplit(IReadOnlyList<double> x, int minSize)
    {
        int n = x.Count;
        if (n < 2 * minSize) return null;
        (int, double)? best = null;
        for (int tau = minSize; tau <= n - minSize; tau++)
        {
            double q = Q(x, tau);
            if (best is null || q > best.Value.Item2) best = (tau, q);
        }
        return best;
    }

    /// <summary>
    /// Q(τ) = τ(n−τ)/n · (2·mean|X−Y| − mean|X−X'| − mean|Y−Y'|), X = x[..τ], Y = x[τ..]: the
    /// scaled energy distance between the two sides.
    /// </summary>
    internal static double Q(IReadOnlyList<double> x, int tau)
    {
        int n = x.Count, m = n - tau;
        double between = 0, left = 0, right = 0;
        for (int i = 0; i < tau; i++)
        for (int j = tau; j < n; j++)
            between += Math.Abs(x[i] - x[j]);
        for (int i = 0; i < tau; i++)
        for (int k = i + 1; k < tau; k++)
            left += Math.Abs(x[i] - x[k]);
        for (int j = tau; j < n; j++)
        for (int k = j + 1; k < n; k++)
            right += Math.Abs(x[j] - x[k]);
        double e = 2 * between / (tau * (double)m)
                   - (tau > 1 ? left / (tau * (tau - 1) / 2.0) : 0)
                   - (m > 1 ? right / (m * (m - 1) / 2.0) : 0);
        return tau * (double)m / n * e;
    }

    static void Shuffle(double[] a, Random rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}

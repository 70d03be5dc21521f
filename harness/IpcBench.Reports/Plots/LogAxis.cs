using System.Globalization;
using IpcBench.Util;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace IpcBench.Reports.Plots;

/// <summary>
/// Logarithmic axes. ScottPlot plots linear coordinates, so data go in as log10(value) and the
/// ticks are placed and labelled here in the original units: decades as major ticks, 2..9 of
/// each decade as minor ones (2 and 5 labelled too when the data span three decades or less).
/// </summary>
internal static class LogAxis
{
    public static double ToLog(double v) => Math.Log10(v);

    /// <summary>Ticks for message sizes: a major tick at every size that occurs, labelled 64, 4K, 1M; minor ticks at the powers of two between.</summary>
    public static NumericManual SizeTicks(IEnumerable<long> sizes)
    {
        var all = sizes.Where(s => s > 0).Distinct().Order().ToArray();
        var ticks = new NumericManual();
        if (all.Length == 0) return ticks;
        foreach (var s in all)
            ticks.AddMajor(ToLog(s), SizeParser.Format(s));
        for (long p = 1; p <= all[^1] * 2; p <<= 1)
        {
            if (p >= all[0] / 2 && !all.Contains(p))
                ticks.AddMinor(ToLog(p));
        }
        return ticks;
    }

    /// <summary>Decade ticks between <paramref name="min"/> and <paramref name="max"/> (original units), labelled by <paramref name="label"/>.</summary>
    public static NumericManual DecadeTicks(double min, double max, Func<double, string> label)
    {
        var ticks = new NumericManual();
        if (!(min > 0) || !(max > 0)) return ticks;
        int lo = (int)Math.Floor(Math.Log10(min)), hi = (int)Math.Ceiling(Math.Log10(max));
        bool narrow = hi - lo <= 3;
        for (int d = lo; d <= hi; d++)
        {
            double decade = Math.Pow(10, d);
            ticks.AddMajor(d, label(decade));
            for (int k = 2; k <= 9; k++)
            {
                double v = k * decade;
                if (narrow && k is 2 or 5) ticks.AddMajor(Math.Log10(v), label(v));
                else ticks.AddMinor(Math.Log10(v));
            }
        }
        return ticks;
    }

    /// <summary>A duration in ns with an SI unit: "500 ns", "2 µs", "10 µs", "1.5 ms".</summary>
    public static string Nanoseconds(double ns) => ns switch
    {
        >= 1e9 => Trim(ns / 1e9) + " s",
        >= 1e6 => Trim(ns / 1e6) + " ms",
        >= 1e3 => Trim(ns / 1e3) + " µs",
        _ => Trim(ns) + " ns",
    };

    /// <summary>A rate in MB/s: "500", "2,000", "50,000".</summary>
    public static string MegabytesPerSecond(double mbps) => mbps >= 1
        ? mbps.ToString("N0", CultureInfo.InvariantCulture)
        : mbps.ToString("0.###", CultureInfo.InvariantCulture);

    static string Trim(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Sets the axis limits to whole decades (or a little beyond the data) on a log axis.</summary>
    public static void FitY(Plot plot, double min, double max)
    {
        double lo = Math.Log10(min), hi = Math.Log10(max);
        double pad = Math.Max(0.05, (hi - lo) * 0.06);
        plot.Axes.SetLimitsY(lo - pad, hi + pad);
    }

    public static void FitX(Plot plot, double min, double max)
    {
        double lo = Math.Log10(min), hi = Math.Log10(max);
        double pad = Math.Max(0.08, (hi - lo) * 0.04);
        plot.Axes.SetLimitsX(lo - pad, hi + pad);
    }
}

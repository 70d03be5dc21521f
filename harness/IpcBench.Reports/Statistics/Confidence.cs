using System.Globalization;
using IpcBench.Util;

namespace IpcBench.Reports.Statistics;

/// <summary>
/// The confidence level of the two-sided Mann-Whitney U test: a difference is significant when
/// its p-value is at most <see cref="Alpha"/> = 1 − level. The default is 99 % (alpha 0.01):
/// a run has on the order of a hundred cells, so at 95 % several unchanged cells would look
/// "significant" in every comparison; the size threshold filters the rest.
/// </summary>
public readonly record struct Confidence
{
    public static Confidence Default { get; } = new(0.99);

    public Confidence(double level)
    {
        if (!(level is > 0.5 and < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level lies strictly between 0.5 and 1");
        Level = level;
    }

    /// <summary>0.99 for 99 %.</summary>
    public double Level { get; }

    /// <summary>The significance level: the largest two-sided p-value still called significant.</summary>
    public double Alpha => 1 - Level;

    /// <summary>"99 %", "99.9 %".</summary>
    public override string ToString() => (Level * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";

    /// <summary>Parses a percentage: "99", "99%", "99.9 %"; errors are <see cref="UsageException"/>s.</summary>
    public static Confidence Parse(string text, string option = "--confidence")
    {
        string s = text.Trim().TrimEnd('%').Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"{option}: '{text}' is not a number; give a percentage like 99 or 99.9");
        // Always a percentage, like --threshold; 80 % is already a weak test for a CI gate.
        double level = v / 100;
        if (!(level is >= 0.8 and < 1))
            throw new UsageException($"{option}: {s} % is outside 80 % to below 100 %; give a percentage like 95, 99 or 99.9");
        return new Confidence(level);
    }
}

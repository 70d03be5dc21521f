using System.Globalization;
using IpcBench.Util;

namespace IpcBench.Reports.Statistics;

/// <summary>
/// The smallest relative change of a cell's median that matters: 0.10 for 10 %. A change is a
/// regression or an improvement only when it is larger than this in magnitude and significant.
/// </summary>
public readonly record struct RelativeThreshold
{
    public static RelativeThreshold Default { get; } = new(0.10);

    public RelativeThreshold(double fraction)
    {
        if (!(fraction is >= 0 and < 10))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a threshold is a fraction from 0 to below 10");
        Fraction = fraction;
    }

    /// <summary>0.10 for 10 %.</summary>
    public double Fraction { get; }

    public override string ToString() => (Fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>Parses a percentage: "10", "10%", "2.5 %", "0.5" (half a percent); errors are <see cref="UsageException"/>s.</summary>
    public static RelativeThreshold Parse(string text, string option = "--threshold")
    {
        string s = text.Trim().TrimEnd('%').Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new UsageException($"{option}: '{text}' is not a number; give a percentage like 10 or 10%");
        if (v < 0)
            throw new UsageException($"{option}: {text} is negative; give a percentage like 10 or 10%");
        // Always a percentage, so "0.5" cannot be mistaken for 50 %.
        double fraction = v / 100;
        if (fraction >= 10)
            throw new UsageException($"{option}: {text} is more than 1000 %; give a percentage like 10 or 10%");
        return new RelativeThreshold(fraction);
    }
}

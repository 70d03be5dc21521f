namespace IpcBench.Reports.Statistics;

/// <summary>How the p-value of a Mann-Whitney U test was obtained.</summary>
public enum UTestMethod
{
    /// <summary>All pooled values distinct: Perfolizer's exact distribution of U (its normal-Edgeworth approximation for large samples).</summary>
    Exact,
    /// <summary>Some pooled value repeated: the exact distribution of U given those ties (midranks), counted over every split.</summary>
    ExactWithTies,
    /// <summary>Ties in samples too large to enumerate: normal approximation with the tie-corrected variance and a continuity correction.</summary>
    NormalApproximation,
    /// <summary>Every value of both samples is the same: no difference can be shown (p = 1).</summary>
    Identical,
}

/// <summary>
/// The two-sided Mann-Whitney U test of a current sample against a baseline sample.
/// <see cref="U"/> counts the pairs (current, baseline) in which the current value is the larger,
/// a tie counting one half; it lies between 0 and <c>n·m</c>, with <c>n·m/2</c> meaning "no shift".
/// </summary>
public sealed record UTestResult(double U, double PValue, UTestMethod Method, int BaselineCount, int CurrentCount)
{
    /// <summary>The value of U expected when nothing changed.</summary>
    public double NullCentre => BaselineCount * (double)CurrentCount / 2;

    public string MethodName => Method switch
    {
        UTestMethod.Exact => "exact",
        UTestMethod.ExactWithTies => "exact-ties",
        UTestMethod.NormalApproximation => "normal-approx",
        _ => "identical",
    };
}

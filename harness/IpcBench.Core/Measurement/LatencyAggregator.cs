using HdrHistogram;
using IpcBench.Results;

namespace IpcBench.Measurement;

/// <summary>
/// Turns round-trip samples (ns) into <see cref="LatencyStats"/>. Each repetition's samples are
/// added with <see cref="AddRepetition"/>; the stats cover all repetitions merged, and
/// <see cref="RepetitionMedians"/> keeps one exact median per repetition.
/// </summary>
/// <remarks>
/// Percentiles come from an HdrHistogram (<see cref="LongHistogram"/>, 3 significant digits):
/// a reported percentile is the highest value equivalent to the true sample at that rank, so it
/// is at most 0.1 % above it. Min, max, mean and standard deviation are exact, from the raw
/// samples. Samples above <see cref="HighestTrackableNs"/> (60 s) are recorded in the histogram
/// as 60 s (and counted in <see cref="Clamped"/>); they still count exactly in max and mean.
/// </remarks>
public sealed class LatencyAggregator
{
    /// <summary>Highest value the histogram tracks: 60 s in ns, far beyond any cell timeout.</summary>
    public const long HighestTrackableNs = 60_000_000_000;
    /// <summary>Histogram precision.</summary>
    public const int SignificantDigits = 3;

    private readonly LongHistogram _histogram = new(1, HighestTrackableNs, SignificantDigits);
    private readonly List<double> _medians = [];
    private long _count;
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    // Exact sum for the mean (a long could overflow over many long samples); Welford for the variance.
    private Int128 _sum;
    private double _welfordMean, _welfordM2;

    /// <summary>Samples recorded over all repetitions.</summary>
    public long Count => _count;
    /// <summary>Samples above <see cref="HighestTrackableNs"/> (recorded in the histogram at the limit).</summary>
    public long Clamped { get; private set; }
    /// <summary>Exact median round trip (ns) of each repetition, in the order added.</summary>
    public IReadOnlyList<double> RepetitionMedians => _medians;
    /// <summary>The merged histogram (read-only use: export, plotting).</summary>
    public HistogramBase Histogram => _histogram;

    /// <summary>Adds one repetition's samples. Negative samples are refused (a broken clock or file).</summary>
    public void AddRepetition(ReadOnlySpan<long> samples)
    {
        if (samples.IsEmpty)
            throw new ArgumentException("a repetition needs at least one sample", nameof(samples));
        foreach (long s in samples)
        {
            if (s < 0)
                throw new ArgumentOutOfRangeException(nameof(samples), s, "round-trip sample is negative");
        }
        foreach (long s in samples)
        {
            if (s > HighestTrackableNs)
            {
                Clamped++;
                _histogram.RecordValue(HighestTrackableNs);
            }
            else
            {
                _histogram.RecordValue(s);
            }
            if (s < _min) _min = s;
            if (s > _max) _max = s;
            _sum += s;
            _count++;
            double delta = s - _welfordMean;
            _welfordMean += delta / _count;
            _welfordM2 += delta * (s - _welfordMean);
        }
        _medians.Add(Median(samples));
    }

    /// <summary>Reads a peer samples file (little-endian u64 ns) and adds it as one repetition.</summary>
    /// <param name="expectedCount">The <c>samples=N</c> the client reported, checked against the file; null: not checked.</param>
    public void AddRepetitionFile(string path, long? expectedCount = null) =>
        AddRepetition(SamplesFile.Read(path, expectedCount));

    /// <summary>The merged statistics. Throws when nothing was added.</summary>
    public LatencyStats ToStats()
    {
        if (_count == 0)
            throw new InvalidOperationException("no latency samples recorded");
        double mean = (double)_sum / _count;
        double variance = _welfordM2 / _count;
        return new LatencyStats
        {
            Count = _count,
            MinNs = _min,
            P50Ns = _histogram.GetValueAtPercentile(50),
            P90Ns = _histogram.GetValueAtPercentile(90),
            P99Ns = _histogram.GetValueAtPercentile(99),
            P999Ns = _histogram.GetValueAtPercentile(99.9),
            MaxNs = _max,
            MeanNs = mean,
            StddevNs = Math.Sqrt(variance),
        };
    }

    /// <summary>Stats of one set of samples.</summary>
    public static LatencyStats Summarize(ReadOnlySpan<long> samples)
    {
        var a = new LatencyAggregator();
        a.AddRepetition(samples);
        return a.ToStats();
    }

    /// <summary>Exact median: the middle sample, or the mean of the two middle ones for an even count.</summary>
    public static double Median(ReadOnlySpan<long> samples)
    {
        if (samples.IsEmpty)
            throw new ArgumentException("median of no samples", nameof(samples));
        long[] copy = samples.ToArray();
        Array.Sort(copy);
        int mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + (double)copy[mid]) / 2.0;
    }

    /// <summary>Exact median of doubles (e.g. per-repetition values); NaN-free input expected.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("median of no values", nameof(values));
        double[] copy = [.. values];
        Array.Sort(copy);
        int mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2.0;
    }
}

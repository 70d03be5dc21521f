using IpcBench.Measurement;

namespace IpcBench.Tests.Measurement;

public class LatencyAggregatorTests
{
    private static long[] OneTo(int n) => Enumerable.Range(1, n).Select(i => (long)i).ToArray();

    [Test]
    public void PercentilesOfOneToTenThousand()
    {
        var s = LatencyAggregator.Summarize(OneTo(10_000));
        s.Count.Should().Be(10_000);
        s.MinNs.Should().Be(1);
        s.MaxNs.Should().Be(10_000);
        s.MeanNs.Should().Be(5000.5);
        // The histogram reports the highest value equivalent to the exact rank value: >= exact, within 0.1 %.
        AssertClose(s.P50Ns, 5_000);
        AssertClose(s.P90Ns, 9_000);
        AssertClose(s.P99Ns, 9_900);
        AssertClose(s.P999Ns, 9_990);
        s.StddevNs.Should().BeApproximately(2886.75, 0.01); // sqrt((n^2 - 1) / 12)
    }

    [Test]
    public void SmallValuesAreExact()
    {
        // Below 2048 a 3-digit histogram has unit resolution.
        var s = LatencyAggregator.Summarize(OneTo(1000));
        s.P50Ns.Should().Be(500);
        s.P90Ns.Should().Be(900);
        s.P99Ns.Should().Be(990);
        s.P999Ns.Should().Be(999);
    }

    [Test]
    public void OrderOfSamplesDoesNotMatter()
    {
        var samples = OneTo(10_000);
        var shuffled = samples.ToArray();
        new Random(7).Shuffle(shuffled);
        LatencyAggregator.Summarize(shuffled).Should().BeEquivalentTo(LatencyAggregator.Summarize(samples));
    }

    [Test]
    public void MaxAndMeanAreExactEvenWhereTheHistogramRounds()
    {
        long[] samples = [1_000_001, 1_000_003, 1_234_567];
        var s = LatencyAggregator.Summarize(samples);
        s.MaxNs.Should().Be(1_234_567);
        s.MinNs.Should().Be(1_000_001);
        s.MeanNs.Should().BeApproximately((1_000_001 + 1_000_003 + 1_234_567) / 3.0, 1e-6);
        s.P50Ns.Should().BeGreaterThanOrEqualTo(1_000_003).And.BeLessThan(1_001_100);
    }

    [Test]
    public void PopulationStandardDeviation() =>
        LatencyAggregator.Summarize([2, 4, 4, 4, 5, 5, 7, 9]).StddevNs.Should().BeApproximately(2.0, 1e-12);

    [Test]
    public void RepetitionsMergeAndKeepTheirExactMedians()
    {
        var a = new LatencyAggregator();
        a.AddRepetition([3, 1, 2]);
        a.AddRepetition([10, 40, 20, 30]);
        a.RepetitionMedians.Should().Equal(2.0, 25.0);
        a.Count.Should().Be(7);
        var s = a.ToStats();
        s.MinNs.Should().Be(1);
        s.MaxNs.Should().Be(40);
        s.MeanNs.Should().BeApproximately(106 / 7.0, 1e-12);
        s.P50Ns.Should().Be(10); // merged: 1 2 3 10 20 30 40
    }

    [Test]
    public void SamplesAboveSixtySecondsAreClampedInTheHistogramOnly()
    {
        var a = new LatencyAggregator();
        a.AddRepetition([100, 70_000_000_000]);
        a.Clamped.Should().Be(1);
        var s = a.ToStats();
        s.MaxNs.Should().Be(70_000_000_000);
        s.P999Ns.Should().BeGreaterThanOrEqualTo(LatencyAggregator.HighestTrackableNs);
    }

    [Test]
    public void RefusesNegativeAndEmpty()
    {
        var a = new LatencyAggregator();
        FluentActions.Invoking(() => a.AddRepetition([5, -1])).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => a.AddRepetition([])).Should().Throw<ArgumentException>();
        a.Count.Should().Be(0, "a refused repetition records nothing");
        FluentActions.Invoking(a.ToStats).Should().Throw<InvalidOperationException>();
    }

    [TestCase(new long[] { 5 }, 5.0)]
    [TestCase(new long[] { 9, 1 }, 5.0)]
    [TestCase(new long[] { 3, 1, 2 }, 2.0)]
    [TestCase(new long[] { 4, 1, 3, 2 }, 2.5)]
    public void ExactMedian(long[] samples, double expected) => LatencyAggregator.Median(samples).Should().Be(expected);

    [Test]
    public void ReadsTheSamplesFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            SamplesFile.Write(path, [1, 2, 3, 1_000_000_000_000]);
            new FileInfo(path).Length.Should().Be(32);
            File.ReadAllBytes(path)[..8].Should().Equal(1, 0, 0, 0, 0, 0, 0, 0); // little-endian u64
            var a = new LatencyAggregator();
            a.AddRepetitionFile(path, expectedCount: 4);
            a.ToStats().MaxNs.Should().Be(1_000_000_000_000);
            a.RepetitionMedians.Should().Equal(2.5);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TruncatedOrMiscountedSamplesFileSaysSo()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[12]);
            FluentActions.Invoking(() => SamplesFile.Read(path)).Should().Throw<InvalidDataException>().WithMessage("*12 bytes*truncated*");
            File.WriteAllBytes(path, new byte[16]);
            FluentActions.Invoking(() => SamplesFile.Read(path, 3)).Should().Throw<InvalidDataException>().WithMessage("*holds 2 samples*reported 3*");
            File.WriteAllBytes(path, Enumerable.Repeat((byte)0xff, 8).ToArray());
            FluentActions.Invoking(() => SamplesFile.Read(path)).Should().Throw<InvalidDataException>().WithMessage("*sample 0*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertClose(long reported, long exact) =>
        reported.Should().BeGreaterThanOrEqualTo(exact).And.BeLessThanOrEqualTo((long)(exact * 1.001) + 1);
}

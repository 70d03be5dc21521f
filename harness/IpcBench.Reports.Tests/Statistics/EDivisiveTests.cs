using IpcBench.Reports.Statistics;

namespace IpcBench.Reports.Tests.Statistics;

/// <summary>E-divisive means on synthetic series: a step is found once, at the index where it starts; noise alone is not a step.</summary>
public class EDivisiveTests
{
    /// <summary>Deterministic noise of about ±2 % (a fixed seed), so the series are the same every run.</summary>
    static double[] Noisy(int count, double level, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => level * (1 + (rng.NextDouble() - 0.5) * 0.04))];
    }

    [Test]
    public void A_single_step_is_found_once_at_the_right_index()
    {
        var series = Noisy(12, 4000, 1).Concat(Noisy(10, 4600, 2)).ToArray();
        var found = EDivisive.Detect(series);
        found.Should().ContainSingle().Which.Index.Should().Be(12);
        found[0].PValue.Should().BeLessThanOrEqualTo(EDivisive.DefaultPValue);
    }

    [Test]
    public void Two_steps_are_both_found()
    {
        var series = Noisy(8, 4000, 3).Concat(Noisy(8, 4800, 4)).Concat(Noisy(8, 4300, 5)).ToArray();
        EDivisive.Detect(series).Select(c => c.Index).Should().Equal(8, 16);
    }

    [Test]
    public void Noise_without_a_step_rarely_has_a_change_point()
    {
        // At p <= 0.01 about one pure-noise series in a hundred shows a "step"; 40 fixed series, at most 2.
        Enumerable.Range(100, 40).Count(seed => EDivisive.Detect(Noisy(20, 4000, seed)).Count > 0).Should().BeLessThanOrEqualTo(2);
        EDivisive.Detect([4000, 4001, 3999]).Should().BeEmpty("too short to split into two levels of three");
    }

    [Test]
    public void The_energy_statistic_peaks_at_the_true_split()
    {
        double[] x = [1, 1, 1, 1, 5, 5, 5, 5];
        EDivisive.BestSplit(x, 2)!.Value.Tau.Should().Be(4);
        EDivisive.Q(x, 4).Should().BeGreaterThan(EDivisive.Q(x, 3));
    }
}

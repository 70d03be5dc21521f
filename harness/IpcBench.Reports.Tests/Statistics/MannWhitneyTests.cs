using IpcBench.Reports.Statistics;

namespace IpcBench.Reports.Tests.Statistics;

/// <summary>
/// Known samples with known answers. The expected p-values were obtained independently (full
/// enumeration of every split of the pooled sample, and R's documented wilcox.test example).
/// </summary>
public class MannWhitneyTests
{
    [Test]
    public void Complete_separation_of_five_and_five_reaches_two_over_252()
    {
        var r = MannWhitney.TwoSided([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
        r.U.Should().Be(25);
        r.PValue.Should().BeApproximately(2.0 / 252, 1e-12);
        r.Method.Should().Be(UTestMethod.Exact);
    }

    [Test]
    public void Direction_does_not_change_the_two_sided_p_value()
    {
        var up = MannWhitney.TwoSided([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
        var down = MannWhitney.TwoSided([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]);
        down.U.Should().Be(0);
        down.PValue.Should().BeApproximately(up.PValue, 1e-12);
    }

    [Test]
    public void Three_and_three_can_never_go_below_one_tenth()
    {
        MannWhitney.TwoSided([1, 2, 3], [4, 5, 6]).PValue.Should().BeApproximately(0.1, 1e-12);
        MannWhitney.SmallestPValue(3, 3).Should().BeApproximately(0.1, 1e-12);
    }

    [Test]
    public void R_documented_example_Hollander_and_Wolfe()
    {
        // wilcox.test(x, y, alternative = "greater") in R's documentation: W = 35, p-value = 0.1272.
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];
        var r = MannWhitney.TwoSided(baseline: y, current: x);
        r.U.Should().Be(35);
        r.PValue.Should().BeApproximately(2 * 0.1272, 0.0001);
        r.PValue.Should().BeApproximately(0.2544122544, 1e-9);
        r.Method.Should().Be(UTestMethod.Exact);
    }

    [Test]
    public void Ties_between_the_samples_use_the_exact_distribution_given_the_ties()
    {
        var r = MannWhitney.TwoSided([1, 1, 2], [2, 3, 3]);
        r.U.Should().Be(8.5);
        r.Method.Should().Be(UTestMethod.ExactWithTies);
        r.PValue.Should().BeApproximately(0.2, 1e-12);
    }

    [Test]
    public void A_single_different_value_among_ties_is_not_significant()
    {
        // Nine 5s and one 6: the only thing that can differ is which side holds the 6 (probability 1/2).
        var r = MannWhitney.TwoSided([5, 5, 5, 5, 5], [5, 5, 5, 5, 6]);
        r.U.Should().Be(15);
        r.PValue.Should().Be(1);
    }

    [TestCase(new double[] { 10, 11, 12, 12, 13 }, new double[] { 12, 14, 15, 15, 16 }, 23.0, 8.0 / 252)]
    [TestCase(new double[] { 100, 101, 101, 102, 103, 103 }, new double[] { 104, 104, 105, 106, 106, 107 }, 36.0, 0.0021645021645)]
    public void Tied_samples_have_known_exact_p_values(double[] baseline, double[] current, double u, double p)
    {
        var r = MannWhitney.TwoSided(baseline, current);
        r.U.Should().Be(u);
        r.Method.Should().Be(UTestMethod.ExactWithTies);
        r.PValue.Should().BeApproximately(p, 1e-9);
    }

    [Test]
    public void Identical_values_everywhere_mean_no_difference()
    {
        var r = MannWhitney.TwoSided([4000, 4000, 4000, 4000, 4000], [4000, 4000, 4000, 4000, 4000]);
        r.Method.Should().Be(UTestMethod.Identical);
        r.PValue.Should().Be(1);
        r.U.Should().Be(12.5);
    }

    [Test]
    public void The_same_sample_on_both_sides_is_not_significant()
    {
        var r = MannWhitney.TwoSided([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]);
        r.U.Should().Be(18);
        r.PValue.Should().Be(1);
    }

    [Test]
    public void Exact_ties_distribution_matches_Perfolizer_when_there_are_no_ties()
    {
        double[] b = [3.1, 4.7, 5.2, 6.9, 8.8, 9.4, 12.5];
        double[] c = [5.9, 7.3, 10.1, 11.6, 13.2, 14.8];
        var perfolizer = MannWhitney.TwoSided(b, c);
        perfolizer.Method.Should().Be(UTestMethod.Exact);
        MannWhitney.ExactTiedPValue(b, c, perfolizer.U).Should().BeApproximately(perfolizer.PValue, 1e-9);
    }

    [Test]
    public void Normal_approximation_agrees_with_the_textbook_formula()
    {
        // Tie-corrected z with continuity correction, computed by hand for the Hollander-Wolfe data:
        // U = 35, mean 25, variance 10*5*16/12, z = 9.5 / 8.16497, two-sided p = 0.24462.
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];
        MannWhitney.NormalPValue(y, x, 35).Should().BeApproximately(0.24462, 0.0001);
    }

    [Test]
    public void Large_tied_samples_fall_back_to_the_normal_approximation_close_to_exact()
    {
        var rng = new Random(7);
        var b = Enumerable.Range(0, 45).Select(_ => (double)rng.Next(100, 130)).ToArray();
        var c = Enumerable.Range(0, 45).Select(_ => (double)rng.Next(104, 134)).ToArray();
        var r = MannWhitney.TwoSided(b, c);
        r.Method.Should().Be(UTestMethod.NormalApproximation);
        // The exact conditional distribution is still computable here; the approximation is close.
        MannWhitney.ExactTiedPValue(b, c, r.U).Should().BeApproximately(r.PValue, 0.01);
    }

    [Test]
    public void Doubled_midranks_share_the_mean_rank()
    {
        MannWhitney.DoubledMidranks([5, 1, 5, 3, 1]).Should().Equal(9, 3, 9, 6, 3);
    }

    [TestCase(3, 3, 0.1)]
    [TestCase(4, 4, 2.0 / 70)]
    [TestCase(5, 5, 2.0 / 252)]
    [TestCase(10, 10, 2.0 / 184756)]
    public void Smallest_p_value_is_two_over_the_number_of_splits(int n, int m, double p) =>
        MannWhitney.SmallestPValue(n, m).Should().BeApproximately(p, 1e-12);

    [Test]
    public void Empty_or_non_finite_samples_are_refused()
    {
        FluentActions.Invoking(() => MannWhitney.TwoSided([], [1.0])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => MannWhitney.TwoSided([1.0, double.NaN], [1.0])).Should().Throw<ArgumentException>();
    }
}

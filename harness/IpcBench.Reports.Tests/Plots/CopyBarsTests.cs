using IpcBench.Reports.Plots;

namespace IpcBench.Reports.Tests.Plots;

public class CopyBarsTests
{
    [Test]
    public void Ordinary_values_are_all_shown_from_zero()
    {
        var (bottom, top) = CopyBars.VisibleRange([2.1, 4.0, 0.3, 6.5]);
        bottom.Should().Be(0);
        top.Should().BeGreaterThan(6.5);
    }

    [Test]
    public void A_wild_value_is_clipped_so_the_others_stay_readable()
    {
        var (bottom, top) = CopyBars.VisibleRange([7.8, 33, 4.9, 19, 17.9, 28.3, 8.2, 18.7, -24.3, 46.5, 26.9, -381.3]);
        bottom.Should().BeGreaterThan(-381.3).And.BeLessThan(-24.3);
        top.Should().BeGreaterThanOrEqualTo(46.5);
    }
}

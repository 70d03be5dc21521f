using IpcBench.Reports.Statistics;
using IpcBench.Util;

namespace IpcBench.Reports.Tests.Statistics;

public class OptionParsingTests
{
    [TestCase("10", 0.10)]
    [TestCase("10%", 0.10)]
    [TestCase(" 2.5 % ", 0.025)]
    [TestCase("0.5", 0.005)]
    [TestCase("0", 0.0)]
    public void Thresholds_are_percentages(string text, double fraction) =>
        RelativeThreshold.Parse(text).Fraction.Should().BeApproximately(fraction, 1e-12);

    [TestCase("ten")]
    [TestCase("-5")]
    [TestCase("5000")]
    public void Bad_thresholds_are_usage_errors(string text) =>
        FluentActions.Invoking(() => RelativeThreshold.Parse(text)).Should().Throw<UsageException>().WithMessage("--threshold: *");

    [TestCase("99", 0.99)]
    [TestCase("95%", 0.95)]
    [TestCase("99.9", 0.999)]
    public void Confidence_levels_are_percentages(string text, double level)
    {
        var c = Confidence.Parse(text);
        c.Level.Should().BeApproximately(level, 1e-12);
        c.Alpha.Should().BeApproximately(1 - level, 1e-12);
    }

    [TestCase("0.99")]
    [TestCase("100")]
    [TestCase("50")]
    [TestCase("high")]
    public void Bad_confidence_levels_are_usage_errors(string text) =>
        FluentActions.Invoking(() => Confidence.Parse(text)).Should().Throw<UsageException>().WithMessage("--confidence: *");

    [Test]
    public void Default_is_99_percent_two_sided()
    {
        Confidence.Default.Level.Should().Be(0.99);
        Confidence.Default.ToString().Should().Be("99 %");
        RelativeThreshold.Default.ToString().Should().Be("10 %");
    }
}

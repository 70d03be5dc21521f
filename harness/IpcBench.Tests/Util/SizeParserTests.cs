using IpcBench.Util;

namespace IpcBench.Tests.Util;

public class SizeParserTests
{
    [Test]
    public void ParsesTheIssueExample() =>
        SizeParser.ParseList("64,4K,1M").Should().Equal(64L, 4096L, 1048576L);

    [TestCase("64", 64L)]
    [TestCase("16", 16L)]
    [TestCase("512B", 512L)]
    [TestCase("512b", 512L)]
    [TestCase("1K", 1024L)]
    [TestCase("1k", 1024L)]
    [TestCase("4KB", 4096L)]
    [TestCase("4KiB", 4096L)]
    [TestCase("4kib", 4096L)]
    [TestCase("64K", 65536L)]
    [TestCase("1M", 1048576L)]
    [TestCase("1MiB", 1048576L)]
    [TestCase("2MB", 2097152L)]
    [TestCase("1G", 1073741824L)]
    [TestCase("1GiB", 1073741824L)]
    [TestCase(" 4 K ", 4096L)]
    public void ParsesOneSize(string text, long expected) =>
        SizeParser.ParseMessageSize(text).Should().Be(expected);

    [Test]
    public void ListKeepsOrderAndTrimsSpaces() =>
        SizeParser.ParseList(" 1M , 64 ,4KiB").Should().Equal(1048576L, 64L, 4096L);

    [TestCase("", "empty list")]
    [TestCase("   ", "empty list")]
    [TestCase("64,,4K", "empty entry at position 2")]
    [TestCase("64,", "empty entry at position 2")]
    [TestCase(",64", "empty entry at position 1")]
    [TestCase("0", "'0' is zero")]
    [TestCase("0K", "'0K' is zero")]
    [TestCase("-64", "negative")]
    [TestCase("abc", "'abc' is not a number")]
    [TestCase("K", "'K' is not a number")]
    [TestCase("4X", "unknown unit 'X'")]
    [TestCase("4KK", "unknown unit 'KK'")]
    [TestCase("4T", "unknown unit 'T'")]
    [TestCase("0x40", "unknown unit 'x40'")]
    [TestCase("1.5K", "not a whole number")]
    [TestCase("8", "below the 16-byte message header")]
    [TestCase("15B", "below the 16-byte message header")]
    [TestCase("64,15", "below the 16-byte message header")]
    [TestCase("64,4K,64", "given twice")]
    [TestCase("4K,4096", "given twice")]
    [TestCase("2G", "larger than the 1G maximum")]
    [TestCase("99999999999999999999", "too large")]
    [TestCase("9999999999999999G", "too large")]
    public void RefusesBadListsWithOneClearLine(string text, string expected)
    {
        var act = () => SizeParser.ParseList(text);
        var e = act.Should().Throw<UsageException>().Which;
        e.Message.Should().Contain(expected).And.StartWith("--sizes: ").And.NotContain("\n");
    }

    [Test]
    public void ErrorNamesTheOption() =>
        FluentActions.Invoking(() => SizeParser.ParseList("x", "--size"))
            .Should().Throw<UsageException>().WithMessage("--size: *");

    [Test]
    public void TryParseDoesNotThrow()
    {
        SizeParser.TryParse("4K", out long ok, out string? none).Should().BeTrue();
        ok.Should().Be(4096);
        none.Should().BeNull();
        SizeParser.TryParse("nope", out _, out string? problem).Should().BeFalse();
        problem.Should().Contain("not a number");
    }

    [TestCase(64L, "64")]
    [TestCase(1000L, "1000")]
    [TestCase(1024L, "1K")]
    [TestCase(1536L, "1536")]
    [TestCase(4096L, "4K")]
    [TestCase(65536L, "64K")]
    [TestCase(1048576L, "1M")]
    [TestCase(3L << 20, "3M")]
    [TestCase(1L << 30, "1G")]
    [TestCase(0L, "0")]
    public void FormatsShort(long bytes, string expected) => SizeParser.Format(bytes).Should().Be(expected);

    [Test]
    public void FormatParsesBack()
    {
        foreach (long size in new long[] { 16, 64, 100, 1024, 1536, 4096, 65536, 1 << 20, 3 << 20, 1 << 30 })
            SizeParser.Parse(SizeParser.Format(size)).Should().Be(size);
    }

    [Test]
    public void DefaultSizesAreTheIssueDefaults() =>
        SizeParser.DefaultSizes.Should().Equal(64L, 1024L, 4096L, 65536L, 1048576L);
}

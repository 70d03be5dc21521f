using System.Xml.Linq;

namespace IpcBench.Reports.Tests.Plots;

/// <summary>Checks that a written figure is a real image: a PNG by its signature and size, an SVG by parsing it.</summary>
internal static class ImageFiles
{
    static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static void ShouldBeValidPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes.Length.Should().BeGreaterThan(10_000, $"{path} should hold a rendered figure, not an empty canvas");
        bytes.Take(8).Should().Equal(PngSignature, $"{path} should start with the PNG signature");
        // IHDR right after the signature: width and height, big-endian.
        int width = bytes[16] << 24 | bytes[17] << 16 | bytes[18] << 8 | bytes[19];
        int height = bytes[20] << 24 | bytes[21] << 16 | bytes[22] << 8 | bytes[23];
        width.Should().BeGreaterThan(100);
        height.Should().BeGreaterThan(100);
    }

    /// <summary>Parses the SVG; returns all its text, for checking titles and labels.</summary>
    public static string ShouldBeValidSvg(string path)
    {
        new FileInfo(path).Length.Should().BeGreaterThan(2_000);
        var doc = XDocument.Load(path);
        doc.Root!.Name.LocalName.Should().Be("svg");
        doc.Root.Name.NamespaceName.Should().Be("http://www.w3.org/2000/svg");
        doc.Descendants().Count().Should().BeGreaterThan(20, "a figure has axes, ticks, lines and labels");
        return string.Join(" ", doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
    }
}

using IpcBench.Util;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>A figure written as SVG and PNG side by side: <c>&lt;name&gt;.svg</c> and <c>&lt;name&gt;.png</c>.</summary>
public sealed record FigureFiles(string Name, string Title, string SvgPath, string PngPath);

/// <summary>Renders a plot to both formats, each written atomically.</summary>
internal static class Figure
{
    public const int Width = 960;
    public const int Height = 600;

    /// <summary>
    /// Renders <paramref name="plot"/> with ScottPlot's SVG and PNG back ends (what SaveSvg and
    /// SavePng use) and writes the bytes with <see cref="AtomicFile"/>, so a reader never sees half an image.
    /// </summary>
    public static FigureFiles Save(Plot plot, string directory, string name, string title, int width = Width, int height = Height)
    {
        string svg = Path.Combine(directory, name + ".svg"), png = Path.Combine(directory, name + ".png");
        AtomicFile.WriteAllText(svg, plot.GetSvgXml(width, height));
        AtomicFile.WriteAllBytes(png, plot.GetImageBytes(width, height, ImageFormat.Png));
        return new FigureFiles(name, title, svg, png);
    }

    /// <summary>The look every figure shares: white background, legend outside the data on the right.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        FontChoice.Apply();
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        plot.Grid.MinorLineWidth = 1;
        return plot;
    }

    /// <summary>The legend beside the data, so it never hides a line.</summary>
    public static void LegendRight(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 11;
    }

    /// <summary>A file-name-safe form of a label: letters, digits, '-', '.', '_'.</summary>
    public static string Slug(string s)
    {
        var chars = s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? char.ToLowerInvariant(c) : '-').ToArray();
        var slug = new string(chars);
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        return slug.Trim('-');
    }
}

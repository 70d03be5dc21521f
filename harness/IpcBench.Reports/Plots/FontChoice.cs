using SkiaSharp;

namespace IpcBench.Reports.Plots;

/// <summary>
/// ScottPlot asks for "Segoe UI", absent on Linux, and Skia then falls back to whatever comes
/// first (often a serif face). Pick a sans-serif family that is installed, once.
/// </summary>
internal static class FontChoice
{
    static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Ubuntu", "Arial", "Helvetica", "FreeSans"];
    static readonly Lazy<string?> Chosen = new(() =>
    {
        var installed = SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Preferred.FirstOrDefault(installed.Contains);
    });

    public static void Apply()
    {
        if (Chosen.Value is { } family)
            ScottPlot.Fonts.Default = family;
    }
}

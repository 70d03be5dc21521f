using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// How series tell themselves apart: colour by transport (the same colour for a transport in
/// every figure); with several results overlaid, marker shape by result and the earlier results
/// paler. Lines stay solid: Skia's SVG back end cannot draw dash patterns (it draws them solid
/// and complains on stderr), and the PNG and SVG of a figure must read the same.
/// </summary>
internal static class SeriesStyle
{
    // Category10, fixed per transport so figures read alike; unknown transports take the rest in turn.
    static readonly Dictionary<string, Color> Known = new(StringComparer.Ordinal)
    {
        ["pipe"] = Color.FromHex("#1f77b4"),
        ["fifo"] = Color.FromHex("#ff7f0e"),
        ["mq"] = Color.FromHex("#2ca02c"),
        ["shm/spin"] = Color.FromHex("#d62728"),
        ["shm/futex"] = Color.FromHex("#9467bd"),
        ["mmap-file/spin"] = Color.FromHex("#8c564b"),
        ["mmap-file/futex"] = Color.FromHex("#e377c2"),
        ["uds"] = Color.FromHex("#7f7f7f"),
        ["shm/spin+yield"] = Color.FromHex("#bcbd22"),
        ["mmap-file/spin+yield"] = Color.FromHex("#17becf"),
    };

    static readonly Color[] Spare = [Color.FromHex("#393b79"), Color.FromHex("#637939"), Color.FromHex("#8c6d31"), Color.FromHex("#843c39"), Color.FromHex("#7b4173")];

    public static Color ForTransport(string transportVariant)
    {
        if (Known.TryGetValue(transportVariant, out var c)) return c;
        int h = 0;
        foreach (char ch in transportVariant) h = (h * 31 + ch) & 0x7fffffff;
        return Spare[h % Spare.Length];
    }

    static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle];

    public static MarkerShape ForResultMarker(int index) => Markers[index % Markers.Length];

    /// <summary>With several results every one but the last (the current one, by convention) is paler.</summary>
    public static Color ForResult(Color c, int index, int count) => count <= 1 || index == count - 1 ? c : c.WithAlpha(0.5);
}

using System.Globalization;
using IpcBench.Util;

namespace IpcBench.Results;

/// <summary>Invariant number and label formatting shared by the CSV and Markdown writers.</summary>
internal static class Format
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Shortest round-trip text of a double (CSV: exact, machine-read).</summary>
    public static string Exact(double? v) => v is { } d ? d.ToString("R", Inv) : "";
    public static string Exact(long? v) => v is { } l ? l.ToString(Inv) : "";

    /// <summary>Human figures: thousands separators, given decimals; "–" when absent.</summary>
    public static string Human(double? v, int decimals = 0) =>
        v is { } d && double.IsFinite(d) ? d.ToString("N" + decimals.ToString(Inv), Inv) : "–";
    public static string Human(long? v) => v is { } l ? l.ToString("N0", Inv) : "–";

    /// <summary>"spin", "spin+yield", "futex", or "–" for transports without a wait strategy.</summary>
    public static string Wait(string? wait, bool yield) => wait is null ? "–" : yield ? $"{wait}+yield" : wait;

    public static string Size(long bytes) => SizeParser.Format(bytes);

    /// <summary>A copy count with its standard error, or "unresolved" when the slope is lost in the noise.</summary>
    public static string Copies(double? copies, CopyModelEntry m) =>
        m.SlopeResolved == false ? "unresolved" : Human(copies, 2) + (m.CopiesStdError is { } se ? $" ± {Human(se, 2)}" : "");

    /// <summary>"12.3 ± 0.4", or the value alone without an error, "–" when absent.</summary>
    public static string WithError(double? v, double? se, int decimals) =>
        v is { } d && double.IsFinite(d) ? Human(d, decimals) + (se is { } e && double.IsFinite(e) ? $" ± {Human(e, decimals)}" : "") : "–";

    /// <summary>Copies beyond own work in hand-off units with their error; "unresolved" as for <see cref="Copies"/>.</summary>
    public static string Handoffs(CopyModelEntry m) =>
        m.SlopeResolved == false ? "unresolved" : WithError(m.HandoffsBeyondOwn, m.HandoffsStdError, 2);

    /// <summary>The CPU-time estimate (memcpy units beyond own work), marked when it disagrees with the round trip.</summary>
    public static string CpuCopies(CpuEstimate? c) => c switch
    {
        null => "–",
        { Status: not ModelStatus.Ok } => "–",
        _ => WithError(c.CopiesBeyondOwn, c.CopiesStdError, 2) + (c.AgreesWithRoundTrip == false ? " (disagrees)" : ""),
    };

    public static string Cpus(int? client, int? server) =>
        client is null && server is null ? "–" : $"{client?.ToString(Inv) ?? "–"}/{server?.ToString(Inv) ?? "–"}";
}

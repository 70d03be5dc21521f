using System.Globalization;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Text;

/// <summary>Invariant formatting of the figures every output of this library shows.</summary>
public static class Figures
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A cell value with its unit: "4,032 ns", "3,005.4 MB/s"; "–" when absent.</summary>
    public static string Value(double? v, Workload workload) => v is not { } d || !double.IsFinite(d)
        ? "–"
        : workload == Workload.Latency ? d.ToString("N0", Inv) + " ns" : d.ToString("N1", Inv) + " MB/s";

    /// <summary>A signed relative change: "+20.0 %", "−3.1 %"; "–" when absent.</summary>
    public static string Change(double? change) => change is not { } c || !double.IsFinite(c)
        ? "–"
        : (c > 0 ? "+" : c < 0 ? "−" : "±") + Math.Abs(c * 100).ToString("0.0", Inv) + " %";

    /// <summary>A p-value: "0.0079", "< 0.0001"; "–" when no test ran.</summary>
    /// <summary>A minimal detectable change: "8.5 %", "> 100 %" when not even a doubling is flagged, "–" when not estimated.</summary>
    public static string Mdc(double? mdc) => mdc is not { } v ? "–" : double.IsPositiveInfinity(v) ? "> 100 %" : (v * 100).ToString("0.#", Inv) + " %";

    /// <summary>A share (0.031) as "3.1 %", "–" when not recorded.</summary>
    public static string Share(double? share) => share is not { } v ? "–" : (v * 100).ToString("0.#", Inv) + " %";

    public static string P(double? p) => p is not { } v ? "–" : v < 0.0001 ? "< 0.0001" : v.ToString("0.####", Inv);

    /// <summary>Message size: "64", "4K", "1M".</summary>
    public static string Size(long bytes) => SizeParser.Format(bytes);

    /// <summary>"shm/spin", "shm/spin+yield", "pipe".</summary>
    public static string Transport(string transport, string? wait, bool yield) =>
        wait is null ? transport : $"{transport}/{wait}{(yield ? "+yield" : "")}";

    public static string Number(double v, int decimals = 0) => v.ToString("N" + decimals.ToString(Inv), Inv);

    public static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);
}

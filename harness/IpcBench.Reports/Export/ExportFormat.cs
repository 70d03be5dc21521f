using IpcBench.Util;

namespace IpcBench.Reports.Export;

/// <summary>The formats <c>ipcbench export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>github-action-benchmark, <c>tool: customSmallerIsBetter</c>: the latency cells (median round trip, ns).</summary>
    GithubSmaller,
    /// <summary>github-action-benchmark, <c>tool: customBiggerIsBetter</c>: the throughput cells (MB/s).</summary>
    GithubBigger,
    /// <summary>Bencher Metric Format (BMF) JSON for <c>bencher run --adapter json</c>: every cell.</summary>
    Bencher,
}

public static class ExportFormats
{
    public static ExportFormat Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "github-smaller" or "customsmallerisbetter" => ExportFormat.GithubSmaller,
        "github-bigger" or "custombiggerisbetter" => ExportFormat.GithubBigger,
        "bencher" or "bmf" => ExportFormat.Bencher,
        _ => throw new UsageException($"unknown export format '{text}': expected github-smaller, github-bigger or bencher"),
    };

    public static string Name(this ExportFormat f) => f switch
    {
        ExportFormat.GithubSmaller => "github-smaller",
        ExportFormat.GithubBigger => "github-bigger",
        _ => "bencher",
    };
}

using System.CommandLine;
using IpcBench.Reports.Statistics;
using IpcBench.Util;

namespace IpcBench.Cli.Commands;

/// <summary>The options compare and history share, so both flag exactly the same cells.</summary>
internal static class RegressionOptions
{
    public static Option<string> Threshold() => new("--threshold")
    {
        Description = "Smallest change of a cell's median that counts, in percent (default 10)",
        DefaultValueFactory = _ => "10",
    };

    public static Option<string> Confidence() => new("--confidence")
    {
        Description = "Confidence level of the two-sided Mann-Whitney U test, in percent (default 99, i.e. p <= 0.01)",
        DefaultValueFactory = _ => "99",
    };

    /// <summary>The comparison's --format: table (default), md or json.</summary>
    public static string ParseFormat(ParseResult parsed, Option<string> option)
    {
        string format = (parsed.GetValue(option) ?? "table").Trim().ToLowerInvariant();
        return format is "table" or "md" or "markdown" or "json"
            ? format
            : throw new UsageException($"unknown --format '{format}': expected table, md or json");
    }

    public static RelativeThreshold ParseThreshold(ParseResult parsed, Option<string> option) =>
        RelativeThreshold.Parse(parsed.GetValue(option) ?? "10");

    public static Confidence ParseConfidence(ParseResult parsed, Option<string> option) =>
        IpcBench.Reports.Statistics.Confidence.Parse(parsed.GetValue(option) ?? "99");
}

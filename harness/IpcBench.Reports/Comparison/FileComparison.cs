using IpcBench.Reports.Conformance;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Statistics;
using IpcBench.Util;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// compare on two files: both run results (of any schema version this build reads) or both
/// conformance results of the same schema version. Either run side may be a folder of run results, pooled (<see cref="RunPooling"/>). Everything that makes two files incomparable is a <see cref="UsageException"/>.
/// </summary>
public sealed record FileComparison
{
    /// <summary>Set when two run results were compared.</summary>
    public RunComparison? Runs { get; init; }
    /// <summary>Set when two conformance results were compared.</summary>
    public ConformComparison? Conformance { get; init; }
    /// <summary>One line each, for stderr: pooled runs from different machines or kernels.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsWorse => Runs?.IsWorse ?? Conformance!.IsWorse;

    public string ToMarkdown() => Runs is { } r ? RunComparisonMarkdown.Render(r) : ConformComparisonMarkdown.Render(Conformance!);

    public string ToJson() => Runs is { } r ? RunComparisonJson.Render(r) : ConformComparisonJson.Render(Conformance!);

    public static FileComparison Compare(string baselinePath, string currentPath, RelativeThreshold threshold, Confidence confidence)
    {
        var b = RunFolderInputs.Sniff(baselinePath);
        var c = RunFolderInputs.Sniff(currentPath);
        if (b.Kind != c.Kind)
            throw new UsageException($"cannot compare {baselinePath} ({b.Describe()}) with {currentPath} ({c.Describe()}): give two run results or two conformance results");
        // Run results of every version this build reads are upgraded in memory (ResultJson.Upgrade); a version it cannot read is refused by the reader.
        if (b.Version != c.Version && b.Kind != ResultKind.Run)
            throw new UsageException(
                $"cannot compare different schema versions: {baselinePath} is {b.Describe()}, {currentPath} is {c.Describe()}; " +
                "compare results written by the same schema version (re-run the older side, or keep a baseline per version)");
        if (b.Kind == ResultKind.Run)
        {
            var baseline = RunSide.Read(baselinePath);
            var current = RunSide.Read(currentPath);
            return new FileComparison
            {
                Runs = RunComparer.Compare(baseline, current, threshold, confidence),
                Warnings = [.. baseline.Warnings, .. current.Warnings],
            };
        }
        return new FileComparison
        {
            Conformance = ConformComparer.Compare(ResultInputs.ReadConform(baselinePath), ResultInputs.ReadConform(currentPath), baselinePath, currentPath),
        };
    }
}

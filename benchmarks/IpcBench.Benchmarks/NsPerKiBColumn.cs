using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace IpcBench.Benchmarks;

/// <summary>
/// Per-byte cost of a copy benchmark: <c>Mean / (Size / 1024)</c>, in nanoseconds per KiB. A benchmark without a
/// <c>Size</c> parameter shows "-".
/// </summary>
public sealed class NsPerKiBColumn : IColumn
{
    public string Id => nameof(NsPerKiBColumn);
    public string ColumnName => "ns/KiB";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean time per KiB moved: Mean / (Size / 1024), in nanoseconds";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CopyColumns.Size(c) is not null);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        => CopyColumns.Size(benchmarkCase) is { } size && CopyColumns.Mean(summary, benchmarkCase) is { } mean
            ? (mean / (size / 1024.0)).ToString("N2", CultureInfo.InvariantCulture)
            : "-";

    public override string ToString() => ColumnName;
}

/// <summary>
/// How many in-process memcpys of the same size a copy benchmark costs: its mean over the mean of the <c>Memcpy</c>
/// benchmark of the same class, size and job in the same summary.
/// </summary>
public sealed class MemcpyRatioColumn : IColumn
{
    public string Id => nameof(MemcpyRatioColumn);
    public string ColumnName => "x memcpy";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean over the mean of the in-process Span<T>.CopyTo (Memcpy) of the same size";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CopyColumns.Size(c) is not null);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (CopyColumns.Size(benchmarkCase) is not { } size || CopyColumns.Mean(summary, benchmarkCase) is not { } mean)
            return "-";
        var memcpy = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == CopyColumns.MemcpyMethod
            && CopyColumns.Size(c) == size
            && c.Job == benchmarkCase.Job);
        return memcpy is not null && CopyColumns.Mean(summary, memcpy) is { } baseline && baseline > 0
            ? (mean / baseline).ToString("N2", CultureInfo.InvariantCulture)
            : "-";
    }

    public override string ToString() => ColumnName;
}

/// <summary>What the copy columns read from a case, and the config that adds them to a class.</summary>
public static class CopyColumns
{
    /// <summary>The name of the in-process copy every copy class has as its baseline.</summary>
    public const string MemcpyMethod = "Memcpy";

    /// <summary>The case's <c>Size</c> parameter in bytes, or null.</summary>
    public static int? Size(BenchmarkCase c)
        => c.Parameters.Items.FirstOrDefault(p => p.Name == "Size")?.Value is int s && s > 0 ? s : null;

    /// <summary>Mean nanoseconds per operation, or null when the case has no result.</summary>
    public static double? Mean(Summary summary, BenchmarkCase c)
        => summary.HasReport(c) && summary[c]?.ResultStatistics is { } stats ? stats.Mean : null;

    /// <summary>Use as <c>[Config(typeof(CopyColumns.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new NsPerKiBColumn(), new MemcpyRatioColumn());
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using IpcBench.Orchestration;

namespace IpcBench.Benchmarks;

/// <summary>
/// The C peer's time for the step a <see cref="PerMessageStepBenchmarks"/> case measures, and the managed/native
/// ratio: `ipcpeer --bench-steps SIZE` (native x86-64) is run once per size when the summary is drawn.
/// </summary>
public static class NativeStepColumns
{
    private static readonly ConcurrentDictionary<int, IReadOnlyDictionary<string, double>?> s_native = new();

    /// <summary>ns per operation of each native step at <paramref name="size"/>, or null when the C peer could not say.</summary>
    public static IReadOnlyDictionary<string, double>? Native(int size) => s_native.GetOrAdd(size, Measure);

    private static IReadOnlyDictionary<string, double>? Measure(int size)
    {
        try
        {
            var psi = new ProcessStartInfo(PeerLocator.NativeBinary("x86_64", "ipcpeer"), ["--bench-steps", size.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
            };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                return null;
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('='))
                .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or FormatException or Util.UsageException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    internal static double? NativeNs(BenchmarkCase c)
        => c.Descriptor.Type == typeof(PerMessageStepBenchmarks) && CopyColumns.Size(c) is { } size
            && Native(size) is { } steps && steps.TryGetValue(PerMessageStepBenchmarks.NativeStep(c.Descriptor.WorkloadMethod.Name), out double ns)
            ? ns : null;

    /// <summary>Use as <c>[Config(typeof(NativeStepColumns.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new NativeNsColumn(), new RatioColumn());
    }

    private abstract class Column : IColumn
    {
        public abstract string Id { get; }
        public abstract string ColumnName { get; }
        public abstract string Legend { get; }
        public abstract int PriorityInCategory { get; }
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => c.Descriptor.Type == typeof(PerMessageStepBenchmarks));
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);
        public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style);
        public override string ToString() => ColumnName;
    }

    private sealed class NativeNsColumn : Column
    {
        public override string Id => nameof(NativeNsColumn);
        public override string ColumnName => "native ns";
        public override string Legend => "The C peer's ns per operation of the same step (ipcpeer --bench-steps SIZE, best of 5 batches)";
        public override int PriorityInCategory => 0;
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
            => NativeNs(benchmarkCase) is { } ns ? ns.ToString("N2", CultureInfo.InvariantCulture) : "-";
    }

    private sealed class RatioColumn : Column
    {
        public override string Id => nameof(RatioColumn);
        public override string ColumnName => "managed/native";
        public override string Legend => "Mean of the managed step over the C peer's time for it";
        public override int PriorityInCategory => 1;
        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
            => NativeNs(benchmarkCase) is { } ns && ns > 0 && CopyColumns.Mean(summary, benchmarkCase) is { } mean
                ? (mean / ns).ToString("N2", CultureInfo.InvariantCulture) : "-";
    }
}

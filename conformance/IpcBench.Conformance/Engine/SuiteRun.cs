using System.Diagnostics;
using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Engine;

/// <summary>What to run: which cases, which columns, how many at a time.</summary>
public sealed record SuiteOptions
{
    /// <summary>Case patterns (ids, prefixes ending in '.', globs, interface names); empty = every case.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];
    /// <summary>Columns: ABIs and/or "managed", "mono-posix"; empty = all.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];
    /// <summary>Cells run at once (probes are processes; 4 keeps 2 cores busy while some wait).</summary>
    public int Parallelism { get; init; } = 4;
}

/// <summary>Runs a selection of the suite without a test runner (used by `ipcbench conform`).</summary>
public static class SuiteRun
{
    public static async Task<ConformReport> RunAsync(
        ConformanceEngine engine, SuiteOptions options, Action<CaseOutcome>? progress = null, CancellationToken cancel = default)
    {
        var cases = CaseCatalogue.Select(options.Cases);
        var targets = options.Targets.Count == 0 ? Targets.All : Targets.All.Where(options.Targets.Contains).ToList();
        var sw = Stopwatch.StartNew();
        IReadOnlyList<CaseOutcome> outcomes;
        try
        {
            outcomes = await engine.RunAllAsync(cases, targets, options.Parallelism, progress, cancel).ConfigureAwait(false);
        }
        finally
        {
            ProbeSession.Cleanup();
        }
        return ReportBuilder.Build(cases, targets, outcomes, engine.Abis, engine.Host, sw.Elapsed);
    }
}

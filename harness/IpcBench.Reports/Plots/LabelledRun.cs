using IpcBench.Results;

namespace IpcBench.Reports.Plots;

/// <summary>A run and the short label that names it in legends (see Reporting.RunLabels).</summary>
public sealed record LabelledRun(string Label, RunResult Run);

using System.Globalization;
using System.Text;
using System.Text.Json;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Comparison;

/// <summary>One injected slowdown: how often the rule flagged it, over every cell and over the cells whose MDC is at most 10 %.</summary>
public sealed record InjectionOutcome(double Slowdown, int Trials, int Detected, int TrialsLowMdc, int DetectedLowMdc)
{
    public double Rate => Trials == 0 ? double.NaN : Detected / (double)Trials;
    public double RateLowMdc => TrialsLowMdc == 0 ? double.NaN : DetectedLowMdc / (double)TrialsLowMdc;
}

/// <summary>What <c>compare --self-test</c> found (<see cref="DetectorSelfTest"/>).</summary>
public sealed record SelfTestResult
{
    public required string Folder { get; init; }
    public required int Runs { get; init; }
    public required int HistorySize { get; init; }
    public required RelativeThreshold Threshold { get; init; }
    public required Confidence Confidence { get; init; }
    /// <summary>A/A comparisons: each run against a history of other runs of the folder.</summary>
    public required int Pairs { get; init; }
    public required int CellsCompared { get; init; }
    /// <summary>Cells flagged (regression or improvement) over all A/A pairs: false alarms.</summary>
    public required int FlaggedCells { get; init; }
    /// <summary>A/A pairs that would have failed the build (exit 1).</summary>
    public required int FailingPairs { get; init; }
    public required int InconclusiveCells { get; init; }
    /// <summary>Cells with a minimal detectable change, and those at most 10 %.</summary>
    public required int MdcCells { get; init; }
    public required int MdcAtMost10 { get; init; }
    public required IReadOnlyList<InjectionOutcome> Injections { get; init; }

    public double FalseAlarmRate => CellsCompared == 0 ? double.NaN : FlaggedCells / (double)CellsCompared;
}

/// <summary>
/// Checks the detector on the user's own runs (all of one build): every run is compared with a
/// history of up to <c>keep</c> other runs (the ones before it, then after), as <c>compare</c>
/// would against a baseline history; what it flags is a false alarm. Then slowdowns are injected
/// into one cell at a time of each compared run (latency × (1 + d), throughput ÷ (1 + d), on every
/// repetition, as if every sample were that much slower) and the detection rate counted, so a
/// user sees what threshold their runner supports.
/// </summary>
public static class DetectorSelfTest
{
    public static readonly IReadOnlyList<double> DefaultSlowdowns = [0.10, 0.15, 0.20];

    public static SelfTestResult Run(string folder, RelativeThreshold threshold, Confidence confidence, int keep, IReadOnlyList<double> slowdowns)
    {
        var runs = ResultInputs.ReadRunsIn(folder).Runs.Select(r => r.Run).ToList();
        if (runs.Count < 2)
            throw new UsageException($"{folder}: --self-test needs at least 2 run results of one build in the folder, found {runs.Count}");
        int pairs = 0, compared = 0, flagged = 0, failing = 0, inconclusive = 0, mdcCells = 0, mdcLow = 0;
        var trials = slowdowns.Select(_ => new int[4]).ToList();
        for (int i = 0; i < runs.Count; i++)
        {
            var others = Enumerable.Range(0, runs.Count).Where(j => j != i)
                .OrderBy(j => j < i ? 0 : 1).ThenBy(j => Math.Abs(j - i)).Take(keep).Order().Select(j => runs[j]).ToList();
            var history = RunPooling.Pool(others, folder);
            var current = RunSide.Of(runs[i], runs[i].RunId);
            var result = RunComparer.Compare(history, current, threshold, confidence);
            pairs++;
            if (result.IsWorse) failing++;
            var baseCells = history.Run.Cells.ToDictionary(c => c.Key, StringComparer.Ordinal);
            var curCells = runs[i].Cells.DistinctBy(c => c.Key).ToDictionary(c => c.Key, StringComparer.Ordinal);
            foreach (var c in result.Cells.Where(c => c.Test is not null))
            {
                compared++;
                if (c.Outcome is CellOutcome.Regression or CellOutcome.Improvement) flagged++;
                if (c.Outcome == CellOutcome.InconclusiveNoisy) inconclusive++;
                bool low = c.MinimalDetectableChange is <= 0.10;
                if (c.MinimalDetectableChange is not null) mdcCells++;
                if (low) mdcLow++;
                if (c.Outcome != CellOutcome.Unchanged) continue;
                var b = baseCells[c.Key];
                var cur = curCells[c.Key];
                var runValues = history.RunValues?.GetValueOrDefault(c.Key);
                for (int k = 0; k < slowdowns.Count; k++)
                {
                    double f = c.LowerIsBetter ? 1 + slowdowns[k] : 1 / (1 + slowdowns[k]);
                    var slowed = cur with { Repetitions = [.. cur.Repetitions.Select(v => v * f)] };
                    bool hit = RunComparer.CompareCell(b, slowed, threshold, confidence, runValues).Outcome == CellOutcome.Regression;
                    trials[k][0]++;
                    if (hit) trials[k][1]++;
                    if (low)
                    {
                        trials[k][2]++;
                        if (hit) trials[k][3]++;
                    }
                }
            }
        }
        return new SelfTestResult
        {
            Folder = folder,
            Runs = runs.Count,
            HistorySize = Math.Min(keep, runs.Count - 1),
            Threshold = threshold,
            Confidence = confidence,
            Pairs = pairs,
            CellsCompared = compared,
            FlaggedCells = flagged,
            FailingPairs = failing,
            InconclusiveCells = inconclusive,
            MdcCells = mdcCells,
            MdcAtMost10 = mdcLow,
            Injections = [.. slowdowns.Select((d, k) => new InjectionOutcome(d, trials[k][0], trials[k][1], trials[k][2], trials[k][3]))],
        };
    }

    static string Pct(double v) => double.IsNaN(v) ? "–" : (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    public static string ToText(SelfTestResult r)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"self-test of compare on {r.Folder}: {r.Runs} runs; each against a history of up to {r.HistorySize} others; threshold {r.Threshold}, confidence {r.Confidence}\n");
        sb.Append(CultureInfo.InvariantCulture, $"A/A: {r.Pairs} comparisons, {r.CellsCompared} cells tested, {r.FlaggedCells} flagged (false alarm rate {Pct(r.FalseAlarmRate)}), ");
        sb.Append(CultureInfo.InvariantCulture, $"{r.FailingPairs} of {r.Pairs} comparisons would fail the build, {r.InconclusiveCells} inconclusive (noisy)\n");
        sb.Append(CultureInfo.InvariantCulture, $"minimal detectable change <= 10 %: {r.MdcAtMost10} of {r.MdcCells} cells ({Pct(r.MdcCells == 0 ? double.NaN : r.MdcAtMost10 / (double)r.MdcCells)})\n");
        foreach (var i in r.Injections)
            sb.Append(CultureInfo.InvariantCulture, $"injected {Pct(i.Slowdown)} slowdown: flagged in {i.Detected} of {i.Trials} ({Pct(i.Rate)}); on cells with MDC <= 10 %: {i.DetectedLowMdc} of {i.TrialsLowMdc} ({Pct(i.RateLowMdc)})\n");
        return sb.ToString();
    }

    public static string ToJson(SelfTestResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("kind", "ipcbench-compare-self-test");
            w.WriteNumber("schema_version", 1);
            w.WriteString("folder", r.Folder);
            w.WriteNumber("runs", r.Runs);
            w.WriteNumber("history_size", r.HistorySize);
            w.WriteNumber("threshold", r.Threshold.Fraction);
            w.WriteNumber("confidence", r.Confidence.Level);
            w.WriteNumber("pairs", r.Pairs);
            w.WriteNumber("cells_compared", r.CellsCompared);
            w.WriteNumber("flagged_cells", r.FlaggedCells);
            RunComparisonJson.Number(w, "false_alarm_rate", r.FalseAlarmRate);
            w.WriteNumber("failing_pairs", r.FailingPairs);
            w.WriteNumber("inconclusive_cells", r.InconclusiveCells);
            w.WriteNumber("mdc_cells", r.MdcCells);
            w.WriteNumber("mdc_at_most_10_percent", r.MdcAtMost10);
            w.WriteStartArray("injections");
            foreach (var i in r.Injections)
            {
                w.WriteStartObject();
                w.WriteNumber("slowdown", i.Slowdown);
                w.WriteNumber("trials", i.Trials);
                w.WriteNumber("detected", i.Detected);
                RunComparisonJson.Number(w, "detection_rate", i.Rate);
                w.WriteNumber("trials_mdc_at_most_10_percent", i.TrialsLowMdc);
                w.WriteNumber("detected_mdc_at_most_10_percent", i.DetectedLowMdc);
                RunComparisonJson.Number(w, "detection_rate_mdc_at_most_10_percent", i.RateLowMdc);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}

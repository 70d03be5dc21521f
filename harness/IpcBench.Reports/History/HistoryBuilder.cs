using IpcBench.Reports.Comparison;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Reporting;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.History;

/// <summary>
/// Follows chosen cells over the runs of a folder (oldest first, by start time) and marks every
/// point where compare of that run against the run just before it would flag a regression (or an
/// improvement): what a CI job comparing each commit with its predecessor would have reported;
/// and finds the steps of each cell's series once, at the run where they start (E-divisive means).
/// </summary>
public static class HistoryBuilder
{
    public static HistoryResult Build(IReadOnlyList<LoadedRun> loaded, CellSelection selection, RelativeThreshold threshold, Confidence confidence,
        LabelBy labelBy = LabelBy.Auto)
    {
        if (loaded.Count == 0)
            throw new UsageException("no run results to follow");
        var runs = loaded.Select(l => l.Run).ToList();
        var chosen = selection.Select(runs);
        if (chosen.Count == 0)
        {
            var keys = runs.SelectMany(r => r.Cells).Select(c => c.Key).Distinct().Take(5).ToList();
            throw new UsageException($"no cell matches the selection; cell keys look like {string.Join(", ", keys)}");
        }
        var cells = new List<CellHistory>();
        foreach (var id in chosen)
        {
            var points = new List<HistoryPoint>();
            CellResult? previous = null;
            for (int i = 0; i < runs.Count; i++)
            {
                var cell = runs[i].Cells.FirstOrDefault(c => c.Key == id.Key);
                if (cell is null)
                {
                    points.Add(new HistoryPoint { Run = i });
                    previous = null;
                    continue;
                }
                CellComparison? against = previous is null ? null : RunComparer.CompareCell(previous, cell, threshold, confidence);
                bool ok = cell.Status == CellStatus.Ok;
                points.Add(new HistoryPoint
                {
                    Run = i,
                    Status = cell.Status,
                    Value = RunComparer.ValueOf(cell),
                    Low = ok && cell.Repetitions.Count > 0 ? cell.Repetitions.Min() : null,
                    High = ok && cell.Repetitions.Count > 0 ? cell.Repetitions.Max() : null,
                    AgainstPrevious = against,
                });
                previous = cell;
            }
            cells.Add(new CellHistory { Identity = id, Points = points, ChangePoints = ChangePoints(points) });
        }
        return new HistoryResult
        {
            Runs = runs,
            Paths = loaded.Select(l => l.Path).ToList(),
            Labels = RunLabels.For(runs, labelBy),
            Cells = cells,
            Threshold = threshold,
            Confidence = confidence,
        };
    }

    /// <summary>E-divisive means over the measured points; each change point carries the medians of the levels around it.</summary>
    static IReadOnlyList<ChangePointAt> ChangePoints(IReadOnlyList<HistoryPoint> points)
    {
        var measured = points.Where(p => p.Value is not null).ToList();
        var values = measured.Select(p => p.Value!.Value).ToList();
        var found = EDivisive.Detect(values);
        var bounds = new[] { 0 }.Concat(found.Select(c => c.Index)).Append(values.Count).ToList();
        var result = new List<ChangePointAt>();
        for (int i = 0; i < found.Count; i++)
        {
            double before = RunComparer.Median(values.GetRange(bounds[i], bounds[i + 1] - bounds[i]));
            double after = RunComparer.Median(values.GetRange(bounds[i + 1], bounds[i + 2] - bounds[i + 1]));
            result.Add(new ChangePointAt(measured[found[i].Index].Run, before, after, found[i].PValue));
        }
        return result;
    }
}

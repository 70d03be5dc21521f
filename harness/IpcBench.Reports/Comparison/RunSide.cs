using IpcBench.Reports.Inputs;
using IpcBench.Results;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// One side of a run comparison: a run result file, or a folder of runs pooled cell by cell
/// (<see cref="RunPooling"/>) so the U test sees the drift between runs, not only the noise within one.
/// </summary>
public sealed record RunSide
{
    public required string Path { get; init; }
    /// <summary>The run compared: the file's, or the newest run of the folder with every cell pooled.</summary>
    public required RunResult Run { get; init; }
    /// <summary>The run ids pooled, oldest first; null for a single file, whose output stays as it always was.</summary>
    public IReadOnlyList<string>? PooledRunIds { get; init; }
    /// <summary>How many runs each cell key was pooled from; null for a single file.</summary>
    public IReadOnlyDictionary<string, int>? RunsPerCell { get; init; }
    /// <summary>Each cell key's value (<see cref="RunComparer.ValueOf"/>) in every pooled run that measured it, oldest first: the history's run-to-run spread. Null for a single file.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? RunValues { get; init; }
    /// <summary>One line each (runs from different machines or kernels): worth knowing, not worth refusing.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static RunSide Of(RunResult run, string path) => new() { Path = path, Run = run };

    /// <summary>Reads a run result file, or pools the run results of a folder (already checked by <see cref="RunFolderInputs.Sniff"/>).</summary>
    public static RunSide Read(string path)
    {
        if (!Directory.Exists(path))
            return Of(ResultInputs.ReadRun(path), path);
        var runs = RunFolderInputs.FilesIn(path).Select(ResultInputs.ReadRun)
            .OrderBy(r => r.StartedUtc).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();
        return RunPooling.Pool(runs, path);
    }

    public RunIdentity Identity() => RunIdentity.Of(Run, Path) with { PooledRunIds = PooledRunIds };

    /// <summary>The runs pooled for a cell this side has; null for a single file or a cell it lacks.</summary>
    public int? RunsOf(string key, CellStatus? status) =>
        status is null || RunsPerCell is null ? null : RunsPerCell.GetValueOrDefault(key);
}

using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Inputs;

/// <summary>
/// A folder given to compare in place of a run result: every <c>*.json</c> in it must be a run
/// result of one schema version. Unlike <see cref="ResultInputs.ReadRunsIn"/> (history, a report),
/// nothing is passed over: compare is a gate, so a stray or broken file refuses the folder.
/// </summary>
public static class RunFolderInputs
{
    /// <summary>The header of a file, or of a folder once every file in it has been checked.</summary>
    public static ResultHeader Sniff(string path) => Directory.Exists(path) ? SniffFolder(path) : ResultInputs.Sniff(path);

    /// <summary>The result files of a folder, by name; dot files are atomic writes in progress.</summary>
    public static IReadOnlyList<string> FilesIn(string directory) => InputFile.FilesIn(directory);

    static ResultHeader SniffFolder(string directory)
    {
        var files = FilesIn(directory);
        if (files.Count == 0)
            throw new UsageException($"{directory}: no result file (*.json) in the folder");
        var headers = files.Select(ResultInputs.Sniff).ToList();
        if (headers.All(h => h.Kind == ResultKind.Conform))
            throw new UsageException($"{directory}: conformance results are not pooled; compare two conformance result files");
        if (headers.FirstOrDefault(h => h.Kind != ResultKind.Run) is { } other)
            throw new UsageException($"{directory}: mixes run results with {other.Describe()} ({Path.GetFileName(other.Path)}); keep only run results in a folder to pool");
        // Versions this build reads are upgraded in memory and pool together (a v1 baseline history with v2 runs).
        var versions = headers.GroupBy(h => h.Version is >= ResultJson.OldestReadableVersion and <= ResultJson.SchemaVersion ? ResultJson.SchemaVersion : h.Version)
            .OrderBy(g => g.Key).ToList();
        if (versions.Count > 1)
            throw new UsageException(
                $"{directory}: runs of different schema versions ({string.Join("; ", versions.Select(g => $"{g.Key}: {Path.GetFileName(g.First().Path)}"))}); " +
                "pool runs of one schema version");
        return new ResultHeader(directory, ResultKind.Run, versions[0].Key, Folder: true);
    }
}

using System.Text.Json;
using IpcBench.Conformance.Report;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Inputs;

/// <summary>
/// Reads result files for compare, report, history, export and baseline. Every problem with a
/// file (missing, unreadable, a folder, a FIFO or device, huge, not JSON, truncated, not an
/// ipcbench result, a schema version this build does not read, not valid against its schema) becomes a <see cref="UsageException"/> of one line naming the file.
/// </summary>
public static class ResultInputs
{
    /// <summary>
    /// Identifies the kind and schema version of a result file, after reading it safely
    /// (<see cref="InputFile"/>) and, for a version this build reads, validating it against the
    /// schema (<see cref="ResultSchemas"/>).
    /// </summary>
    public static ResultHeader Sniff(string path) => Load(path).Header;

    /// <summary>Reads a run result; refuses anything else with one line.</summary>
    public static RunResult ReadRun(string path)
    {
        var (text, header) = Load(path);
        if (header.Kind != ResultKind.Run)
            throw new UsageException($"{path}: {header.Describe()}, not a run result of `ipcbench run`");
        try
        {
            return ResultJson.Parse(text, path);
        }
        catch (ResultFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Reads a conformance result; refuses anything else with one line.</summary>
    public static ConformReport ReadConform(string path)
    {
        var (text, header) = Load(path);
        if (header.Kind != ResultKind.Conform)
            throw new UsageException($"{path}: {header.Describe()}, not a conformance result of `ipcbench conform`");
        return ParseConform(text, path);
    }

    static (string Text, ResultHeader Header) Load(string path)
    {
        string text = InputFile.ReadText(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // The run reader words "empty", "truncated" and "not JSON" best; it throws for any text that did not parse.
            throw Refuse(() => ResultJson.Parse(text, path), path, "not valid JSON");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{path}: not an ipcbench result (the JSON is not an object)");
            ResultHeader header;
            if (root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == ResultJson.Kind)
                header = new ResultHeader(path, ResultKind.Run, VersionOf(root, "schema_version", path));
            else if (ReportReader.IsConformReport(root))
                header = new ResultHeader(path, ResultKind.Conform, VersionOf(root, ReportReader.VersionField, path));
            else
                throw new UsageException(
                    $"{path}: not an ipcbench result: neither a run result (\"kind\": \"{ResultJson.Kind}\") nor a conformance result ({ReportReader.Signature})");
            // Another version is refused by the reader with the version named (or compared against a file of the same version).
            if (header.Kind == ResultKind.Run
                    ? header.Version is >= ResultJson.OldestReadableVersion and <= ResultJson.SchemaVersion
                    : header.Version == ConformReport.SchemaVersion)
                ResultSchemas.Validate(root, header.Kind, path);
            return (text, header);
        }
    }

    /// <summary>Parses conformance result text with the suite's own reader; a refusal becomes one line.</summary>
    internal static ConformReport ParseConform(string text, string path)
    {
        try
        {
            return ReportReader.Parse(text, path);
        }
        catch (ResultFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// Every run result (<c>*.json</c> of kind ipcbench-run) directly in <paramref name="directory"/>,
    /// oldest first (by start time, then run id). Every other JSON file is passed over and named in
    /// <see cref="RunFolder.Skipped"/> with the reason (a conformance result, an export, a truncated
    /// or newer-version file), so a bad file is reported, never silently dropped.
    /// </summary>
    public static RunFolder ReadRunsIn(string directory)
    {
        var runs = new List<LoadedRun>();
        var skipped = new List<SkippedFile>();
        foreach (var path in InputFile.FilesIn(directory))
        {
            try
            {
                runs.Add(new LoadedRun(path, ReadRun(path)));
            }
            catch (UsageException e)
            {
                skipped.Add(new SkippedFile(path, e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message));
            }
        }
        var ordered = runs.OrderBy(r => r.Run.StartedUtc).ThenBy(r => r.Run.RunId, StringComparer.Ordinal).ToList();
        return new RunFolder(directory, ordered, skipped);
    }

    static int VersionOf(JsonElement root, string field, string path)
    {
        if (root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int version))
            return version;
        throw new UsageException($"{path}: ipcbench result without a valid integer \"{field}\"");
    }

    static UsageException Refuse(Action parse, string path, string fallback)
    {
        try
        {
            parse();
        }
        catch (ResultFormatException e)
        {
            return new UsageException(e.Message);
        }
        return new UsageException($"{path}: {fallback}");
    }
}

/// <summary>A run result and the file it came from.</summary>
public sealed record LoadedRun(string Path, RunResult Run);

/// <summary>A file of a results folder that is not a readable run result, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>The run results of a folder, oldest first, and the files passed over.</summary>
public sealed record RunFolder(string Directory, IReadOnlyList<LoadedRun> Runs, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>
    /// The runs, each file passed over named on stderr by <paramref name="note"/>; a folder without
    /// any run is one line that says why its first file was passed over (no notes then).
    /// </summary>
    public IReadOnlyList<LoadedRun> RequireRuns(Action<string> note)
    {
        if (Runs.Count == 0)
            throw new UsageException($"{Directory}: no run result in this folder" + (Skipped.Count == 0 ? ""
                : $" ({Skipped[0].Path}: {Skipped[0].Reason}{(Skipped.Count > 1 ? $"; {Skipped.Count - 1} other file(s) passed over too" : "")})"));
        foreach (var s in Skipped)
            note($"note: passed over {s.Path}: {s.Reason}");
        return Runs;
    }
}

using System.Text;
using System.Text.Json;
using IpcBench.Conformance.Report;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Inputs;

/// <summary>
/// Reads result files for compare, report, history, export and baseline. Every problem with a
/// file (missing, a folder, not JSON, truncated, not an ipcbench result, a schema version this
/// build does not read) becomes a <see cref="UsageException"/> of one line naming the file.
/// </summary>
public static class ResultInputs
{
    /// <summary>Identifies the kind and schema version of a result file without interpreting the rest.</summary>
    public static ResultHeader Sniff(string path)
    {
        string text = ReadText(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // The run reader words "truncated" and "not JSON" best; it throws for any text that did not parse.
            throw Refuse(() => ResultJson.Parse(text, path), path, "not valid JSON");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{path}: not an ipcbench result (the JSON is not an object)");
            if (root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == ResultJson.Kind)
                return new ResultHeader(path, ResultKind.Run, VersionOf(root, "schema_version", path));
            if (ReportReader.IsConformReport(root))
                return new ResultHeader(path, ResultKind.Conform, VersionOf(root, ReportReader.VersionField, path));
            throw new UsageException(
                $"{path}: not an ipcbench result: neither a run result (\"kind\": \"{ResultJson.Kind}\") nor a conformance result ({ReportReader.Signature})");
        }
    }

    /// <summary>Reads a run result; refuses anything else with one line.</summary>
    public static RunResult ReadRun(string path)
    {
        var header = Sniff(path);
        if (header.Kind != ResultKind.Run)
            throw new UsageException($"{path}: {header.Describe()}, not a run result of `ipcbench run`");
        try
        {
            return ResultJson.Read(path);
        }
        catch (ResultFormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Reads a conformance result; refuses anything else with one line.</summary>
    public static ConformReport ReadConform(string path)
    {
        var header = Sniff(path);
        if (header.Kind != ResultKind.Conform)
            throw new UsageException($"{path}: {header.Describe()}, not a conformance result of `ipcbench conform`");
        return ParseConform(ReadText(path), path);
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
        if (File.Exists(directory))
            throw new UsageException($"{directory}: a file, not a folder of results");
        if (!Directory.Exists(directory))
            throw new UsageException($"{directory}: no such folder");
        var runs = new List<LoadedRun>();
        var skipped = new List<SkippedFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path).StartsWith('.')) continue; // an atomic write in progress
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

    internal static string ReadText(string path)
    {
        if (Directory.Exists(path))
            throw new UsageException($"{path}: a folder, not a result file");
        if (!File.Exists(path))
            throw new UsageException($"{path}: no such file");
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot read: {e.Message}");
        }
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
public sealed record RunFolder(string Directory, IReadOnlyList<LoadedRun> Runs, IReadOnlyList<SkippedFile> Skipped);

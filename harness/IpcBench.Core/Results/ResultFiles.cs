using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IpcBench.Results;

/// <summary>Where a run's files go and how they are named.</summary>
public static class ResultFiles
{
    /// <summary>Paths of the three files written for a run.</summary>
    public sealed record Written(string Json, string Csv, string Markdown);

    /// <summary>
    /// Writes <c>&lt;dir&gt;/&lt;run_id&gt;.json</c>, <c>.csv</c> and <c>.md</c>, each atomically
    /// (the directory is created if needed). JSON last, so a complete JSON means a complete set.
    /// </summary>
    public static Written WriteAll(RunResult run, string directory)
    {
        string basePath = Path.Combine(directory, run.RunId);
        var w = new Written(basePath + ".json", basePath + ".csv", basePath + ".md");
        CsvWriter.Write(w.Csv, run);
        MarkdownWriter.Write(w.Markdown, run);
        ResultJson.Write(w.Json, run);
        return w;
    }

    /// <summary>Where a run's results went: the asked-for folder, or the one they were kept in when it failed.</summary>
    public sealed record Saved(Written Files, string? FailedDirectory = null, string? Problem = null);

    /// <summary>
    /// Writes the results into <paramref name="directory"/>; when that fails at the end (the disk
    /// filled, the folder went away) keeps them instead in a fresh private folder (mkdtemp, 0700)
    /// under the temporary folder, and says where and why: a run's results are never lost.
    /// </summary>
    public static Saved WriteOrKeep(RunResult run, string directory)
    {
        try
        {
            return new Saved(WriteAll(run, directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string keep = Directory.CreateTempSubdirectory("ipcbench-results-").FullName;
            try
            {
                return new Saved(WriteAll(run, keep), directory, e.Message);
            }
            catch
            {
                try { Directory.Delete(keep, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw; // the caller's last resort: the JSON on standard output
            }
        }
    }

    /// <summary>
    /// A new run id: UTC start time, host name and 6 random hex digits,
    /// e.g. "20250102T030405Z-buildhost-1a2b3c". Safe as a file name.
    /// </summary>
    public static string NewRunId(DateTimeOffset startedUtc, string? hostname)
    {
        var host = new StringBuilder();
        foreach (char ch in hostname ?? "")
        {
            if (host.Length >= 32) break;
            host.Append(char.IsAsciiLetterOrDigit(ch) || ch == '-' ? ch : '-');
        }
        string h = host.Length == 0 ? "host" : host.ToString().Trim('-');
        if (h.Length == 0) h = "host";
        string stamp = startedUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string rnd = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return $"{stamp}-{h}-{rnd}";
    }
}

using System.Text;
using IpcBench.Reports.Inputs;
using IpcBench.Util;

namespace IpcBench.Reports.Baselines;

/// <summary>
/// Committed baselines in <c>results/baselines/</c>, one per machine and kernel, named so a CI
/// job can find the baseline for the machine it runs on from its own result:
/// <c>&lt;cpu model&gt;-&lt;n&gt;cpu-&lt;kernel release&gt;</c>, e.g.
/// <c>amd-epyc-7763-64-core-processor-4cpu-6.8.0-1017-azure</c>. The host name is left out on
/// purpose: CI runners get a new one every job. Run results are kept as a history, the last N
/// runs of the machine class in <c>&lt;name&gt;/&lt;run_id&gt;.json</c> (compare pools them and judges
/// against their run-to-run spread); conformance results as one <c>&lt;name&gt;.conform.json</c>.
/// A Markdown report next to the result is copied along.
/// </summary>
public static class BaselineStore
{
    public const string ConformSuffix = ".conform";
    /// <summary>Runs a baseline history keeps by default.</summary>
    public const int DefaultKeep = 5;

    /// <summary>The baseline name of a result file (run or conformance).</summary>
    public static string NameOf(string resultPath)
    {
        var header = ResultInputs.Sniff(resultPath);
        if (header.Kind == ResultKind.Run)
        {
            var run = ResultInputs.ReadRun(resultPath);
            return Name(run.Environment.CpuModel, run.Environment.CpuCount, run.Environment.KernelRelease);
        }
        var conform = ResultInputs.ReadConform(resultPath);
        // The conformance result records no CPU; its name is the kernel and C library.
        return Name(null, null, conform.Host.KernelRelease, $"{conform.Host.Libc.Name}-{conform.Host.Libc.Version}");
    }

    /// <summary>Builds a name from its parts: lower case, runs of anything but letters, digits, '.' and '_' become '-'.</summary>
    public static string Name(string? cpuModel, int? cpuCount, string? kernelRelease, string? libc = null)
    {
        var parts = new List<string>();
        if (cpuModel is not null || cpuCount is not null)
            parts.Add(Slug(cpuModel ?? "unknown-cpu") + "-" + (cpuCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n") + "cpu");
        parts.Add(Slug(kernelRelease ?? "unknown-kernel"));
        if (libc is not null) parts.Add(Slug(libc));
        return string.Join("-", parts.Where(p => p.Length > 0));
    }

    /// <summary>
    /// Where the baseline of <paramref name="resultPath"/> lives (or would live) in <paramref name="directory"/>:
    /// a run result's history folder, or a conformance result's file.
    /// </summary>
    public static string PathFor(string resultPath, string directory)
    {
        var kind = ResultInputs.Sniff(resultPath).Kind;
        return System.IO.Path.Combine(directory, NameOf(resultPath) + (kind == ResultKind.Conform ? ConformSuffix + ".json" : ""));
    }

    /// <summary>
    /// Keeps a result as a baseline, atomically, with its Markdown report when one sits next to
    /// it. A run result joins its machine class's history folder as <c>&lt;run_id&gt;.json</c>,
    /// and the oldest runs beyond <paramref name="keep"/> are removed (only files named after
    /// their own run id); a conformance result replaces <c>&lt;name&gt;.conform.json</c>. Refuses
    /// to replace an existing file unless <paramref name="force"/>.
    /// </summary>
    /// <returns>The files written, then the files removed (prefixed "removed ").</returns>
    public static IReadOnlyList<string> Update(string resultPath, string directory, bool force, int keep = DefaultKeep)
    {
        if (keep < 1) throw new UsageException($"--keep must be at least 1, not {keep}");
        if (ResultInputs.Sniff(resultPath).Kind == ResultKind.Run)
            return UpdateHistory(resultPath, PathFor(resultPath, directory), force, keep);
        string target = PathFor(resultPath, directory);
        if (File.Exists(target) && !force)
            throw new UsageException($"{target} exists; use --force to replace the baseline");
        var written = new List<string>();
        AtomicFile.WriteAllText(target, InputFile.ReadText(resultPath));
        written.Add(target);
        string sourceMd = System.IO.Path.ChangeExtension(resultPath, ".md");
        if (File.Exists(sourceMd))
        {
            string targetMd = System.IO.Path.ChangeExtension(target, ".md");
            AtomicFile.WriteAllText(targetMd, InputFile.ReadText(sourceMd));
            written.Add(targetMd);
        }
        return written;
    }

    static IReadOnlyList<string> UpdateHistory(string resultPath, string folder, bool force, int keep)
    {
        var run = ResultInputs.ReadRun(resultPath);
        if (File.Exists(folder))
            throw new UsageException($"{folder}: a file where the baseline history folder belongs; move it away");
        Directory.CreateDirectory(folder);
        string target = System.IO.Path.Combine(folder, run.RunId + ".json");
        if (File.Exists(target) && !force)
            throw new UsageException($"{target} exists (this run is already in the history); use --force to replace it");
        var changed = new List<string>();
        AtomicFile.WriteAllText(target, InputFile.ReadText(resultPath));
        changed.Add(target);
        string sourceMd = System.IO.Path.ChangeExtension(resultPath, ".md");
        if (File.Exists(sourceMd))
        {
            string targetMd = System.IO.Path.ChangeExtension(target, ".md");
            AtomicFile.WriteAllText(targetMd, InputFile.ReadText(sourceMd));
            changed.Add(targetMd);
        }
        // The history: run results named after their own run id, newest last; nothing else is touched.
        var history = ResultInputs.ReadRunsIn(folder).Runs
            .Where(r => System.IO.Path.GetFileName(r.Path) == r.Run.RunId + ".json").ToList();
        foreach (var old in history.Take(Math.Max(0, history.Count - keep)))
        {
            File.Delete(old.Path);
            changed.Add("removed " + old.Path);
            string md = System.IO.Path.ChangeExtension(old.Path, ".md");
            if (File.Exists(md))
            {
                File.Delete(md);
                changed.Add("removed " + md);
            }
        }
        return changed;
    }

    static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (char ch in s.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_') sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        // "Intel(R) Xeon(R) CPU" → "intel-r-xeon-r-cpu": drop the trademark noise.
        return sb.ToString().Replace("-r-", "-", StringComparison.Ordinal).Replace("-tm-", "-", StringComparison.Ordinal).Trim('-');
    }
}

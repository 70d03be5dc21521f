using System.Text;
using IpcBench.Reports.Inputs;
using IpcBench.Util;

namespace IpcBench.Reports.Baselines;

/// <summary>
/// Committed baselines in <c>results/baselines/</c>, one per machine and kernel, named so a CI
/// job can find the baseline for the machine it runs on from its own result:
/// <c>&lt;cpu model&gt;-&lt;n&gt;cpu-&lt;kernel release&gt;</c>, e.g.
/// <c>amd-epyc-7763-64-core-processor-4cpu-6.8.0-1017-azure</c>. The host name is left out on
/// purpose: CI runners get a new one every job. Run results are stored as <c>&lt;name&gt;.json</c>,
/// conformance results as <c>&lt;name&gt;.conform.json</c>; a Markdown report next to the
/// result is copied along.
/// </summary>
public static class BaselineStore
{
    public const string ConformSuffix = ".conform";

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

    /// <summary>Where the baseline of <paramref name="resultPath"/> lives (or would live) in <paramref name="directory"/>.</summary>
    public static string PathFor(string resultPath, string directory)
    {
        var kind = ResultInputs.Sniff(resultPath).Kind;
        return System.IO.Path.Combine(directory, NameOf(resultPath) + (kind == ResultKind.Conform ? ConformSuffix : "") + ".json");
    }

    /// <summary>
    /// Copies a result (and its Markdown report, when one sits next to it) into
    /// <paramref name="directory"/> under its baseline name, atomically. Refuses to replace an
    /// existing baseline unless <paramref name="force"/>.
    /// </summary>
    public static IReadOnlyList<string> Update(string resultPath, string directory, bool force)
    {
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

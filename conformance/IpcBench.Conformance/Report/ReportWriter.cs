using System.Text;
using System.Text.Json;
using IpcBench.Util;

namespace IpcBench.Conformance.Report;

/// <summary>
/// Writes the JSON and Markdown reports, atomically, named by kernel release and C library
/// (<c>conform-&lt;kernel&gt;-&lt;libc&gt;-&lt;version&gt;.json/.md</c>) so reports of two kernels sit side by side
/// and diff line by line. The Markdown holds nothing that changes from run to run on the same
/// system (no times, no durations).
/// </summary>
public static class ReportWriter
{
    /// <summary>The file name stem for a report: <c>conform-6.8.0-45-generic-glibc-2.39</c>.</summary>
    public static string Stem(ConformReport r) =>
        "conform-" + Safe(r.Host.KernelRelease) + "-" + Safe(r.Host.Libc.Name) + "-" + Safe(r.Host.Libc.Version)
        + (r.Host.Rootfs is { } tree ? "-rootfs-" + Safe(Path.GetFileName(tree.TrimEnd('/')) is { Length: > 0 } n ? n : "root") : "");

    internal static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());

    public static string ToJson(ConformReport r) => JsonSerializer.Serialize(r, ConformJsonContext.Default.ConformReport) + "\n";

    /// <summary>Writes the requested formats into <paramref name="dir"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(ConformReport r, string dir, bool json = true, bool markdown = true) =>
        WriteFiles(dir, Stem(r), json ? () => ToJson(r) : null, markdown ? () => ToMarkdown(r) : null);

    /// <summary>Writes <c>stem.json</c> and/or <c>stem.md</c> atomically into <paramref name="dir"/>; returns the paths written.</summary>
    internal static IReadOnlyList<string> WriteFiles(string dir, string stem, Func<string>? json, Func<string>? markdown)
    {
        var written = new List<string>();
        foreach (var (ext, text) in new[] { (".json", json), (".md", markdown) })
        {
            if (text is null)
                continue;
            var p = Path.Combine(dir, stem + ext);
            AtomicFile.WriteAllText(p, text());
            written.Add(p);
        }
        return written;
    }

    public static string ToMarkdown(ConformReport r)
    {
        var sb = new StringBuilder();
        sb.Append("# Conformance: Linux ").Append(r.Host.KernelRelease).Append(", ").Append(r.Host.Libc.Name).Append(' ').Append(r.Host.Libc.Version).Append('\n');
        sb.Append('\n');
        sb.Append("- kernel release: `").Append(r.Host.KernelRelease).Append("`\n");
        sb.Append("- C library: ").Append(r.Host.Libc.Name).Append(' ').Append(r.Host.Libc.Version).Append('\n');
        sb.Append("- machine: ").Append(r.Host.Machine).Append('\n');
        if (r.Host.Distribution is { } d)
            sb.Append("- distribution: ").Append(d).Append('\n');
        sb.Append("- user: ").Append(r.Host.Root ? "root" : "unprivileged").Append(" (uid ").Append(r.Host.Uid).Append(")\n");
        if (r.Host.Rootfs is { } rootfs)
            sb.Append("- C library of the tree: `").Append(rootfs).Append("` (through its own dynamic loader)\n");
        if (r.Host.Guest is { } g)
        {
            sb.Append("- run in: ").Append(g.Emulator).Append(", ").Append(g.Accelerator).Append(", ").Append(g.Cpus).Append(" CPUs, ")
              .Append(g.MemoryMiB).Append(" MiB, started on Linux ").Append(g.HarnessKernelRelease).Append('\n');
            if (g.AcceleratorNote is { } why)
                sb.Append("- no KVM: ").Append(Line(why)).Append('\n');
            sb.Append("- kernel: ").Append(g.Package ?? g.Source).Append('\n');
        }
        sb.Append("- schema: ").Append(r.Schema).Append(" v").Append(r.Version).Append(" (results/schema/conform-v1.md)\n");
        sb.Append('\n');

        sb.Append("## Targets\n\n");
        sb.Append("| target | kind | available | pass | linux-specific | unsupported | fail | note |\n");
        sb.Append("|---|---|---|---:|---:|---:|---:|---|\n");
        foreach (var t in r.Targets)
        {
            var s = r.Summary.PerTarget.FirstOrDefault(p => p.Target == t.Name);
            sb.Append("| ").Append(t.Name).Append(" | ").Append(t.Kind).Append(" | ").Append(t.Available ? "yes" : "no")
              .Append(" | ").Append(s?.Pass ?? 0).Append(" | ").Append(s?.LinuxSpecific ?? 0).Append(" | ").Append(s?.Unsupported ?? 0)
              .Append(" | ").Append(s?.Fail ?? 0).Append(" | ").Append(Cell(t.Reason ?? "")).Append(" |\n");
        }
        sb.Append('\n');
        sb.Append("Total: ").Append(r.Summary.Cases).Append(" cases, ").Append(r.Summary.Cells).Append(" cells: ")
          .Append(r.Summary.Pass).Append(" pass, ").Append(r.Summary.LinuxSpecific).Append(" linux-specific, ")
          .Append(r.Summary.Unsupported).Append(" unsupported, ").Append(r.Summary.Fail).Append(" fail.\n\n");

        sb.Append("## Matrix\n\n");
        sb.Append("`·` = no cell (no in-process check for that case).\n\n");
        sb.Append("| case | ").Append(string.Join(" | ", r.Targets.Select(t => t.Name))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(r.Targets.Select(_ => "---|"))).Append('\n');
        foreach (var c in r.Cases)
        {
            sb.Append("| ").Append(c.Id);
            foreach (var t in r.Targets)
                sb.Append(" | ").Append(c.Results.FirstOrDefault(x => x.Target == t.Name)?.Verdict ?? "·");
            sb.Append(" |\n");
        }
        sb.Append('\n');

        if (r.Differences is { } diffs)
        {
            sb.Append("## Differences from ").Append(r.ComparedWith ?? "another kernel").Append("\n\n");
            if (diffs.Count == 0)
                sb.Append("None: every cell both kernels can run has the same verdict.\n");
            foreach (var x in diffs)
                sb.Append("- `").Append(x.Case).Append("` [").Append(x.Target).Append("]: ").Append(x.Verdict).Append(" here, ").Append(x.OtherVerdict)
                  .Append(" on ").Append(x.OtherKernel).Append(". ").Append(Line(x.Explanation)).Append('\n');
            sb.Append('\n');
        }

        sb.Append("## Failures\n\n");
        var fails = r.Cases.SelectMany(c => c.Results.Where(x => x.Verdict == "fail").Select(x => (c, x))).ToList();
        if (fails.Count == 0)
            sb.Append("None.\n");
        foreach (var (c, x) in fails)
            sb.Append("- `").Append(c.Id).Append("` [").Append(x.Target).Append("]: ").Append(Line(x.Reason)).Append(" — ").Append(c.Reference).Append('\n');
        sb.Append('\n');

        sb.Append("## Unsupported\n\n");
        var unsupported = r.Cases.SelectMany(c => c.Results.Where(x => x.Verdict == "unsupported").Select(x => (c, x))).ToList();
        if (unsupported.Count == 0)
            sb.Append("None.\n");
        foreach (var (c, x) in unsupported)
            sb.Append("- `").Append(c.Id).Append("` [").Append(x.Target).Append("]: ").Append(Line(x.Reason)).Append('\n');
        sb.Append('\n');

        sb.Append("## Linux-specific behaviour checked\n\n");
        var linux = r.Cases.Where(c => c.DepartsFrom is not null).ToList();
        if (linux.Count == 0)
            sb.Append("None.\n");
        foreach (var c in linux)
            sb.Append("- `").Append(c.Id).Append("`: ").Append(c.Reference).Append(". Departs from ").Append(c.DepartsFrom).Append('\n');
        sb.Append('\n');

        sb.Append("## References\n\n");
        sb.Append("| case | checks | expected |\n|---|---|---|\n");
        foreach (var c in r.Cases)
            sb.Append("| ").Append(c.Id).Append(" | ").Append(Cell(c.Reference)).Append(" | ").Append(Cell(c.Expected)).Append(" |\n");
        return sb.ToString();
    }

    static string Line(string? s) => (s ?? "").Replace('\n', ' ').Replace('\r', ' ');

    static string Cell(string s) => Line(s).Replace("|", "\\|");
}

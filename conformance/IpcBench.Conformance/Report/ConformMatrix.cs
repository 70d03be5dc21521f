using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IpcBench.Util;

namespace IpcBench.Conformance.Report;

/// <summary>
/// Several kernels' conform reports as one matrix (case x kernel x ABI), the cases whose verdict
/// differs between kernels on some ABI first. Written by `conform --kernel A --kernel B ...`
/// (results/schema/conform-matrix-v1.md).
/// </summary>
public sealed record ConformMatrix
{
    public const string SchemaName = "conform-matrix";
    /// <summary>The cell's kernel cannot run that ABI at all.</summary>
    public const string Unavailable = "unavailable";
    /// <summary>The case needs the host (a cross-ABI exchange with the managed side): not run in a guest.</summary>
    public const string HostOnly = "host-only";
    public string Schema { get; init; } = SchemaName;
    public int Version { get; init; } = 1;
    public required DateTimeOffset GeneratedUtc { get; init; }
    /// <summary>The kernels, in column order; each row has one cell per kernel and target.</summary>
    public required IReadOnlyList<MatrixKernel> Kernels { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Rows whose verdict differs between kernels come first; then catalogue order.</summary>
    public required IReadOnlyList<MatrixRow> Rows { get; init; }

    /// <summary>Builds the matrix; reports keep their order (the first is K1).</summary>
    public static ConformMatrix Build(IReadOnlyList<ConformReport> reports)
    {
        var kernels = reports.Select((r, i) => new MatrixKernel
        {
            Label = $"K{i + 1}",
            KernelRelease = r.Host.KernelRelease,
            Machine = r.Host.Machine,
            RunOn = r.Host.Guest is { } g ? $"{g.Emulator} ({g.Accelerator})" : "host",
            Libc = $"{r.Host.Libc.Name} {r.Host.Libc.Version}",
        }).ToList();
        var targets = reports.SelectMany(r => r.Targets.Select(t => t.Name)).Distinct().ToList();
        var available = reports.Select(r => r.Targets.Where(t => t.Available).Select(t => t.Name).ToHashSet()).ToList();
        var caseOrder = reports.SelectMany(r => r.Cases.Select(c => c.Id)).Distinct().ToList();
        var rows = caseOrder.Select(id =>
        {
            var cells = new List<MatrixCell>();
            for (var k = 0; k < reports.Count; k++)
            {
                var c = reports[k].Cases.FirstOrDefault(x => x.Id == id);
                foreach (var t in targets)
                {
                    var r = c?.Results.FirstOrDefault(x => x.Target == t);
                    cells.Add(new MatrixCell
                    {
                        Kernel = kernels[k].Label, Target = t,
                        Verdict = r is null ? null
                            : !available[k].Contains(t) ? Unavailable
                            : r.Reason?.StartsWith(Guest.GuestSuite.HostOnly, StringComparison.Ordinal) == true ? HostOnly
                            : r.Verdict,
                        Reason = r?.Reason,
                    });
                }
            }
            // Differs: on one ABI, two kernels that can run it disagree.
            var differs = targets.Any(t => cells.Where(x => x.Target == t && x.Verdict is not (null or Unavailable or HostOnly))
                .Select(x => x.Verdict).Distinct().Count() > 1);
            return new MatrixRow { Case = id, Differs = differs, Cells = cells };
        }).ToList();
        return new ConformMatrix
        {
            GeneratedUtc = DateTimeOffset.UtcNow, Kernels = kernels, Targets = targets,
            Rows = rows.Where(r => r.Differs).Concat(rows.Where(r => !r.Differs)).ToList(),
        };
    }

    /// <summary><c>conform-matrix-&lt;release&gt;+&lt;release&gt;...</c></summary>
    public string Stem => "conform-matrix-" + string.Join('+', Kernels.Select(k => ReportWriter.Safe(k.KernelRelease)));

    public string ToJson() => JsonSerializer.Serialize(this, MatrixJsonContext.Default.ConformMatrix) + "\n";

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Conformance matrix: ").Append(string.Join(", ", Kernels.Select(k => k.KernelRelease))).Append("\n\n");
        sb.Append("| kernel | release | machine | run on | C library |\n|---|---|---|---|---|\n");
        foreach (var k in Kernels)
            sb.Append("| ").Append(k.Label).Append(" | `").Append(k.KernelRelease).Append("` | ").Append(k.Machine).Append(" | ").Append(k.RunOn).Append(" | ").Append(k.Libc).Append(" |\n");
        var differing = Rows.Count(r => r.Differs);
        sb.Append('\n').Append(differing).Append(" of ").Append(Rows.Count).Append(" cases differ between kernels on some ABI (listed first). ");
        sb.Append("`n/a`: the kernel cannot run that ABI; `host`: the case needs the host's managed side (cross-ABI), not run in a guest; `-`: no cell.\n\n");
        sb.Append("| case | differs |");
        foreach (var k in Kernels)
        foreach (var t in Targets)
            sb.Append(' ').Append(k.Label).Append(' ').Append(t).Append(" |");
        sb.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---|", Kernels.Count * Targets.Count))).Append('\n');
        foreach (var r in Rows)
        {
            sb.Append("| ").Append(r.Case).Append(" | ").Append(r.Differs ? "**yes**" : "").Append(" |");
            foreach (var c in r.Cells)
                sb.Append(' ').Append(c.Verdict switch { null => "-", Unavailable => "n/a", HostOnly => "host", "fail" => "**fail**", var v => v }).Append(" |");
            sb.Append('\n');
        }
        var reasons = Rows.Where(r => r.Differs).SelectMany(r => r.Cells.Where(c => c.Verdict is not ("pass" or null or Unavailable or HostOnly) && c.Reason is not null).Select(c => (r.Case, c))).ToList();
        if (reasons.Count > 0)
        {
            sb.Append("\n## Reasons of the differing cells\n\n");
            foreach (var (id, c) in reasons)
                sb.Append("- `").Append(id).Append("` ").Append(c.Kernel).Append(' ').Append(c.Target).Append(" (").Append(c.Verdict).Append("): ")
                  .Append(c.Reason!.Replace('\n', ' ')).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes the requested formats into <paramref name="dir"/>; returns the paths written.</summary>
    public IReadOnlyList<string> Write(string dir, bool json = true, bool markdown = true) =>
        ReportWriter.WriteFiles(dir, Stem, json ? ToJson : null, markdown ? ToMarkdown : null);
}

public sealed record MatrixKernel
{
    /// <summary>K1, K2...: the column group in the Markdown.</summary>
    public required string Label { get; init; }
    public required string KernelRelease { get; init; }
    public required string Machine { get; init; }
    /// <summary>"host", or the emulator and accelerator of a guest run.</summary>
    public required string RunOn { get; init; }
    public required string Libc { get; init; }
}

public sealed record MatrixRow
{
    public required string Case { get; init; }
    /// <summary>Two kernels that can both run some ABI give this case different verdicts there.</summary>
    public required bool Differs { get; init; }
    /// <summary>Kernel-major, then target order.</summary>
    public required IReadOnlyList<MatrixCell> Cells { get; init; }
}

public sealed record MatrixCell
{
    public required string Kernel { get; init; }
    public required string Target { get; init; }
    /// <summary>pass, linux-specific, unsupported, fail; "unavailable" when that kernel cannot run the target; "host-only" for a case a guest cannot run; null when there is no cell.</summary>
    public string? Verdict { get; init; }
    public string? Reason { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConformMatrix))]
public sealed partial class MatrixJsonContext : JsonSerializerContext;

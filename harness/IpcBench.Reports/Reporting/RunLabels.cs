using System.Globalization;
using IpcBench.Results;

namespace IpcBench.Reports.Reporting;

/// <summary>What tells runs apart in a legend or on a time axis.</summary>
public enum LabelBy
{
    /// <summary>Whatever differs: kernel, commit, host, else the start time.</summary>
    Auto,
    Commit,
    Kernel,
    Host,
    Date,
    RunId,
}

/// <summary>Short labels for several runs: by what differs between them (kernel, commit, host), else by start time.</summary>
public static class RunLabels
{
    public static IReadOnlyList<string> For(IReadOnlyList<RunResult> runs, LabelBy by = LabelBy.Auto)
    {
        if (runs.Count == 0) return [];
        if (by != LabelBy.Auto)
            return MakeUnique(runs.Select(r => One(r, by)).ToList());
        var parts = new List<Func<RunResult, string>>();
        if (Differs(runs, r => r.Environment.KernelRelease)) parts.Add(r => One(r, LabelBy.Kernel));
        if (Differs(runs, r => r.Environment.GitCommit)) parts.Add(r => One(r, LabelBy.Commit));
        if (Differs(runs, r => r.Environment.Hostname)) parts.Add(r => One(r, LabelBy.Host));
        if (parts.Count == 0) parts.Add(r => One(r, runs.Count == 1 ? LabelBy.Kernel : LabelBy.Date));
        return MakeUnique(runs.Select(r => string.Join(" ", parts.Select(p => p(r)))).ToList());
    }

    public static LabelBy Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => LabelBy.Auto,
        "commit" => LabelBy.Commit,
        "kernel" => LabelBy.Kernel,
        "host" => LabelBy.Host,
        "date" => LabelBy.Date,
        "run" or "run-id" => LabelBy.RunId,
        _ => throw new IpcBench.Util.UsageException($"unknown label '{text}': expected auto, commit, kernel, host, date or run"),
    };

    static string One(RunResult r, LabelBy by) => by switch
    {
        LabelBy.Commit => r.Environment.GitCommit is { Length: > 0 } c ? c[..Math.Min(7, c.Length)] + (r.Environment.GitDirty == true ? "+" : "") : "no-commit",
        LabelBy.Kernel => r.Environment.KernelRelease ?? "kernel?",
        LabelBy.Host => r.Environment.Hostname ?? "host?",
        LabelBy.Date => r.StartedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => r.RunId,
    };

    static bool Differs(IReadOnlyList<RunResult> runs, Func<RunResult, string?> f) => runs.Select(f).Distinct().Count() > 1;

    /// <summary>Equal labels get " #2", " #3" so legends stay unambiguous.</summary>
    static List<string> MakeUnique(List<string> labels)
    {
        var total = labels.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            string l = labels[i];
            if (total[l] < 2) continue;
            seen[l] = seen.GetValueOrDefault(l) + 1;
            labels[i] = $"{l} #{seen[l]}";
        }
        return labels;
    }
}

using IpcBench.Conformance.Report;

namespace IpcBench.Reports.Tests;

/// <summary>Conformance results built with the suite's own report model and written by its writer.</summary>
internal static class TestConform
{
    /// <summary>
    /// A result with the given cells: (case id, target, verdict[, reason]). Targets are listed in
    /// first-seen order and available unless named in <paramref name="unavailable"/>.
    /// </summary>
    public static string Json(IEnumerable<(string Case, string Target, string Verdict)> cells, string kernel = "6.8.0-45-generic",
        IEnumerable<string>? unavailable = null, int version = 1)
    {
        var list = cells.ToList();
        var down = (unavailable ?? []).ToHashSet();
        var targets = list.Select(c => c.Target).Concat(down).Distinct()
            .Select(t => new TargetSection
            {
                Name = t, Kind = t is "managed" or "mono-posix" ? "managed" : "probe", Available = !down.Contains(t),
                Reason = down.Contains(t) ? "not built: install gcc-multilib" : null,
            })
            .ToList();
        var cases = list.GroupBy(c => c.Case)
            .Select(g => new CaseSection
            {
                Id = g.Key, Interface = g.Key.Split('.')[0], Reference = "POSIX something", Expected = "it works",
                Results = g.Select(c => new CellSection
                {
                    Target = c.Target, Verdict = c.Verdict,
                    Reason = c.Verdict == "pass" ? null : $"{c.Verdict} because of {c.Case}",
                    DurationMs = 1.5,
                }).ToList(),
            })
            .ToList();
        int Count(string verdict) => list.Count(c => c.Verdict == verdict);
        var report = new ConformReport
        {
            Version = version,
            Tool = "ipcbench 0.1.0",
            GeneratedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DurationSeconds = 12.5,
            Host = new HostSection
            {
                KernelRelease = kernel, KernelVersion = "#1 SMP", Machine = "x86_64",
                Libc = new LibcSection { Name = "glibc", Version = "2.39" }, Distribution = "Ubuntu 24.04.1 LTS",
                Uid = 1001, Root = false,
            },
            Targets = targets,
            Summary = new SummarySection
            {
                Cases = cases.Count, Cells = list.Count, Pass = Count("pass"), LinuxSpecific = Count("linux-specific"),
                Unsupported = Count("unsupported"), Fail = Count("fail"), PerTarget = [],
            },
            Cases = cases,
        };
        return ReportWriter.ToJson(report);
    }
}

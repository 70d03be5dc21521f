using System.Reflection;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Report;

/// <summary>Turns outcomes into a <see cref="ConformReport"/>.</summary>
public static class ReportBuilder
{
    public static ConformReport Build(
        IReadOnlyList<ConformanceCase> cases, IReadOnlyList<string> targets, IReadOnlyList<CaseOutcome> outcomes,
        IReadOnlyList<Abi> abis, HostFacts host, TimeSpan duration)
    {
        var byCase = outcomes.GroupBy(o => o.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var caseSections = cases.Select(c => new CaseSection
        {
            Id = c.Id,
            Interface = c.Interface.Key(),
            Reference = c.Reference,
            DepartsFrom = c.DepartsFrom,
            Expected = c.Expected.Description,
            Results = targets
                .Select(t => byCase.GetValueOrDefault(c.Id)?.FirstOrDefault(o => o.Target == t))
                .OfType<CaseOutcome>()
                .Select(o => new CellSection
                {
                    Target = o.Target,
                    Verdict = o.Verdict.Word(),
                    Reason = o.Reason,
                    Observation = o.Observation?.ToJson(),
                    DurationMs = Math.Round(o.Duration.TotalMilliseconds, 1),
                })
                .ToList(),
        }).ToList();

        var targetSections = targets.Select(t =>
        {
            var abi = abis.FirstOrDefault(a => a.Name == t);
            return abi is not null
                ? new TargetSection { Name = t, Kind = "probe", Available = abi.Available, Reason = abi.UnavailableReason, Probe = abi.ProbePath }
                : new TargetSection
                {
                    Name = t, Kind = "managed", Available = true,
                    Reason = t == Targets.Managed ? "x86-64, in process, through IpcBench.Interop" : "x86-64, in process, through Mono.Posix.NETStandard",
                };
        }).ToList();

        int Count(IEnumerable<CaseOutcome> os, Verdict v) => os.Count(o => o.Verdict == v);
        return new ConformReport
        {
            Tool = "ipcbench " + (typeof(ReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown"),
            GeneratedUtc = DateTimeOffset.UtcNow,
            DurationSeconds = Math.Round(duration.TotalSeconds, 2),
            Host = new HostSection
            {
                KernelRelease = host.KernelRelease,
                KernelVersion = host.KernelVersion,
                Machine = host.Machine,
                Libc = new LibcSection { Name = host.LibcName, Version = host.LibcVersion },
                Distribution = host.Distribution,
                Uid = host.Uid,
                Root = host.IsRoot,
            },
            Targets = targetSections,
            Summary = new SummarySection
            {
                Cases = cases.Count,
                Cells = outcomes.Count,
                Pass = Count(outcomes, Verdict.Pass),
                LinuxSpecific = Count(outcomes, Verdict.LinuxSpecific),
                Unsupported = Count(outcomes, Verdict.Unsupported),
                Fail = Count(outcomes, Verdict.Fail),
                PerTarget = targets.Select(t =>
                {
                    var os = outcomes.Where(o => o.Target == t).ToList();
                    return new TargetSummary
                    {
                        Target = t, Pass = Count(os, Verdict.Pass), LinuxSpecific = Count(os, Verdict.LinuxSpecific),
                        Unsupported = Count(os, Verdict.Unsupported), Fail = Count(os, Verdict.Fail),
                    };
                }).ToList(),
            },
            Cases = caseSections,
        };
    }
}

using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Engine;

/// <summary>
/// Turns what happened into a verdict. The rules, in order:
/// <list type="number">
/// <item>Unsupported before running: the ABI is unavailable; the kernel is older than the case's
/// minimum; the case needs root and we are not; the case does not apply to this ABI.</item>
/// <item>Fail when the probe crashed, hung, printed garbage or left an object behind (the reason names which).</item>
/// <item>Unsupported when the observation is the case's "feature missing" signature (e.g. ENOSYS).</item>
/// <item>Fail when the observation does not meet the expectation (the reason says what differed).</item>
/// <item>Fail when the observation holds a fact the expectation never read (neither judged nor
/// declared <see cref="Expectation.Irrelevant"/>): a fact nobody judges is a check that cannot fail.</item>
/// <item>LinuxSpecific when the case checks a documented Linux departure from POSIX; Pass otherwise.</item>
/// </list>
/// </summary>
public static class Judge
{
    /// <summary>Why the case cannot run on this target here, or null when it can.</summary>
    public static string? Precondition(ConformanceCase c, string target, Abi? abi, HostFacts host)
    {
        if (abi is { Available: false })
            return abi.UnavailableReason;
        if (c.MinKernel is { } min && host.Kernel < min)
            return $"needs Linux {min} or later; this kernel is {host.KernelRelease}";
        if (c.NeedsRoot is { } why && !host.IsRoot)
            return $"needs root ({why}); running as uid {host.Uid}";
        if (abi is not null && c.NotOn?.Invoke(abi) is { } notHere)
            return notHere;
        if (Targets.IsManaged(target))
        {
            if (target == Targets.Managed && c.Managed is null || target == Targets.MonoPosix && c.MonoPosix is null)
                return null; // not applicable: handled by the caller (no cell)
        }
        return null;
    }

    /// <summary>The verdict of a probe run.</summary>
    public static CaseOutcome FromProbe(ConformanceCase c, string target, ProbeResult r)
    {
        if (!r.Ok || r.Observation is null)
            return Fail(c, target, r.Problem ?? "probe gave no observation", r.Observation, r.Duration);
        var outcome = FromObservation(c, target, r.Observation, r.Duration);
        if (r.Leftovers.Count > 0)
            return outcome with
            {
                Verdict = Verdict.Fail,
                Reason = $"the probe left behind {string.Join(", ", r.Leftovers)} (removed)" + (outcome.Reason is null ? "" : $"; {outcome.Reason}"),
            };
        return outcome;
    }

    /// <summary>The verdict of an observation (probe, managed or cross-ABI).</summary>
    public static CaseOutcome FromObservation(ConformanceCase c, string target, Observation obs, TimeSpan duration)
    {
        // The probe's own account of why it could not observe (CASES.md, "outcome").
        if (obs.Str("outcome") is { } outcome && outcome != "done")
        {
            var step = obs.Str("setup_step");
            var errno = obs.Str("setup_errno");
            if (outcome == "setup_error" && step == "drop_privileges")
                return Unsupported(c, target, $"the probe could not drop privileges to uid 65534 for this permission case ({errno}); it needs CAP_SETUID/CAP_SETGID when run as root") with { Observation = obs, Duration = duration };
            if (outcome == "setup_error" && errno == "ENOSYS")
                return Unsupported(c, target, $"the kernel lacks {step} (ENOSYS)") with { Observation = obs, Duration = duration };
            var why = outcome switch
            {
                "setup_error" => $"the probe could not set the case up: {step} failed with {errno}",
                "timeout" => "the probe's 5 s watchdog fired: the behaviour under test blocked",
                "crashed" => $"the probe crashed: {obs.Str("crash_signal") ?? "a signal"} outside a guarded access",
                _ => $"the probe reported outcome '{outcome}'",
            };
            return Fail(c, target, why, obs, duration);
        }
        if (!Targets.IsManaged(target) && c.Exchange is null && obs.Str("abi") is { } abi && abi != target)
            return Fail(c, target, $"the probe says it is built for {abi}, not {target} (wrong binary in native/{target}/)", obs, duration);
        if (c.UnsupportedWhen is { } u && u.When.Mismatch(obs) is null)
            return new CaseOutcome { CaseId = c.Id, Target = target, Verdict = Verdict.Unsupported, Reason = u.Why, Observation = obs, Duration = duration };
        var tracked = obs.Tracking(out var reads);
        var mismatch = c.Expected.Mismatch(tracked);
        var unread = Unread(obs, reads);
        if (unread.Count > 0)
            mismatch = (mismatch is null ? "" : mismatch + "; ")
                + $"facts the expectation does not judge (judge them or declare them irrelevant): {string.Join(", ", unread)}";
        if (mismatch is not null)
            return Fail(c, target, Guest.KernelChanges.NoteFor(c.Id, obs.Str("kernel"), obs.Str("kernel_machine")) is { } known
                ? $"{mismatch}; {known}" : mismatch, obs, duration);
        return c.DepartsFrom is { } posix && (c.DepartsOn is null || c.DepartsOn(obs))
            ? new CaseOutcome
            {
                CaseId = c.Id, Target = target, Verdict = Verdict.LinuxSpecific, Observation = obs, Duration = duration,
                Reason = $"Linux behaviour, departing from {posix}",
            }
            : new CaseOutcome { CaseId = c.Id, Target = target, Verdict = Verdict.Pass, Observation = obs, Duration = duration };
    }

    /// <summary>
    /// The header every probe line carries (native/ipcprobe/CASES.md, "Common fields"): context
    /// for the report, not facts about the behaviour, so no expectation has to read them.
    /// </summary>
    public static readonly IReadOnlySet<string> ContextFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "case", "abi", "uid", "gid", "dropped_privileges", "kernel", "kernel_machine", "libc", "personality", "pkeys",
        "off_t_bits", "time_t_bits", "long_bits", "page_size", "local_consts", "outcome",
    };

    /// <summary>The facts of an observation no expectation read (context fields aside, at any depth).</summary>
    public static IReadOnlyList<string> Unread(Observation obs, IReadOnlySet<string> reads) =>
        obs.LeafPaths()
            .Where(p => !ContextFields.Contains(p[(p.LastIndexOf('.') + 1)..]) && !reads.Contains(p))
            .ToList();

    public static CaseOutcome Unsupported(ConformanceCase c, string target, string why) =>
        new() { CaseId = c.Id, Target = target, Verdict = Verdict.Unsupported, Reason = why };

    public static CaseOutcome Fail(ConformanceCase c, string target, string why, Observation? obs = null, TimeSpan duration = default) =>
        new() { CaseId = c.Id, Target = target, Verdict = Verdict.Fail, Reason = why, Observation = obs, Duration = duration };
}

using System.Collections.Concurrent;
using System.Diagnostics;
using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Engine;

/// <summary>
/// Runs cases on targets and judges them. One engine per process is enough (<see cref="Shared"/>):
/// it discovers the ABIs once and runs each (case, ABI) probe once, so the managed checks compare
/// against the same x86-64 observation the probe fixture judged. Nothing is thrown out of
/// <see cref="RunAsync"/>: every problem becomes a failed (or unsupported) outcome.
/// </summary>
public sealed class ConformanceEngine
{
    readonly ConcurrentDictionary<(string Case, string Abi), Lazy<Task<ProbeResult>>> _probeRuns = new();
    readonly Dictionary<string, Abi> _abis;

    public ConformanceEngine(IReadOnlyList<Abi> abis, HostFacts host)
    {
        Abis = abis;
        Host = host;
        _abis = abis.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    static readonly Lazy<ConformanceEngine> LazyShared = new(() => new ConformanceEngine(AbiDiscovery.All(), HostFacts.Current));

    /// <summary>The engine of this process, over the discovered ABIs and the running host.</summary>
    public static ConformanceEngine Shared => LazyShared.Value;

    public IReadOnlyList<Abi> Abis { get; }
    public HostFacts Host { get; }

    public Abi? FindAbi(string name) => _abis.GetValueOrDefault(name);

    /// <summary>Does this case have a cell in this column (a managed column only for cases with a managed check).</summary>
    public static bool Applies(ConformanceCase c, string target) => target switch
    {
        Targets.Managed => c.Managed is not null,
        Targets.MonoPosix => c.MonoPosix is not null,
        _ => true,
    };

    /// <summary>Runs one case on one target and judges it; never throws (cancellation gives a failed outcome).</summary>
    public async Task<CaseOutcome> RunAsync(ConformanceCase c, string target, CancellationToken cancel = default)
    {
        try
        {
            if (Targets.IsManaged(target))
                return await RunManagedAsync(c, target, cancel).ConfigureAwait(false);
            var abi = FindAbi(target);
            if (abi is null)
                return Judge.Fail(c, target, $"unknown ABI '{target}' (known: {string.Join(", ", Abi.Known)})");
            if (Judge.Precondition(c, target, abi, Host) is { } why)
                return Judge.Unsupported(c, target, why);
            if (c.Exchange is not null)
                return await RunExchangeAsync(c, abi, cancel).ConfigureAwait(false);
            if (abi.ProbeCases.Count > 0 && !abi.ProbeCases.Contains(c.Id))
                return Judge.Fail(c, target, $"ipcprobe ({abi.Name}) does not know case '{c.Id}' (not in its --list)");
            var r = await ProbeAsync(c, abi, cancel).ConfigureAwait(false);
            return Judge.FromProbe(c, target, r);
        }
        catch (Exception e)
        {
            // The suite itself never crashes: a bug in a check is a failed case naming it.
            return Judge.Fail(c, target, $"the suite failed running this case: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The probe run of a case on an ABI, run once per engine and shared by every caller.</summary>
    public Task<ProbeResult> ProbeAsync(ConformanceCase c, Abi abi, CancellationToken cancel = default)
    {
        var lazy = _probeRuns.GetOrAdd((c.Id, abi.Name), _ => new Lazy<Task<ProbeResult>>(
            () => ProbeSession.RunCaseAsync(abi, c.Id, c.Timeout, cancel)));
        var task = lazy.Value;
        // A cancelled run is not worth keeping: the next caller runs the probe again.
        _ = task.ContinueWith(t =>
        {
            if (t.Result.End == ProbeEnd.Cancelled)
                _probeRuns.TryRemove(new KeyValuePair<(string, string), Lazy<Task<ProbeResult>>>((c.Id, abi.Name), lazy));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    async Task<CaseOutcome> RunManagedAsync(ConformanceCase c, string target, CancellationToken cancel)
    {
        var check = target == Targets.Managed ? c.Managed : c.MonoPosix;
        if (check is null)
            return Judge.Unsupported(c, target, "no in-process check for this case (death tests run in the probe only)");
        if (Judge.Precondition(c, target, null, Host) is { } why)
            return Judge.Unsupported(c, target, why);

        var sw = Stopwatch.StartNew();
        Observation obs;
        // Managed checks use non-blocking calls, or block only until their own helper thread releases them
        // (the blocked-pipe checks); the timeout is only a guard against a bug.
        // Permission cases run as root on a dedicated thread whose own credentials drop to 65534.
        var run = c.ManagedNeedsUnprivileged && Host.IsRoot
            ? UnprivilegedThread.RunAsync(check)
            : Task.Run(() => check(), CancellationToken.None);
        try
        {
            obs = await run.WaitAsync(c.Timeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Judge.Fail(c, target, $"the in-process check hung: no result within {c.Timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            return Judge.Fail(c, target, "the in-process check was cancelled (test timeout or interrupt)");
        }
        catch (UnprivilegedThread.CannotDropException e)
        {
            return Judge.Unsupported(c, target, e.Message);
        }
        catch (Exception e)
        {
            return Judge.Fail(c, target, $"the in-process check threw {e.GetType().Name}: {e.Message}");
        }
        var outcome = Judge.FromObservation(c, target, obs, sw.Elapsed);

        // It must agree with the probe, field by field, on every field the managed check reports.
        var x64 = FindAbi(Abi.X86_64);
        if (x64 is null || !x64.Available)
            return outcome with { Reason = Join(outcome.Reason, "no x86_64 probe to compare with") };
        var probe = await ProbeAsync(c, x64, cancel).ConfigureAwait(false);
        if (probe.Observation is null)
            return outcome with { Reason = Join(outcome.Reason, $"not compared with the x86_64 probe, which gave no observation ({probe.Problem})") };
        var diffs = obs.Disagreements(probe.Observation, obs.FieldNames.Where(ComparedWithProbe));
        if (diffs.Count > 0)
            return outcome with
            {
                Verdict = Verdict.Fail,
                Reason = Join($"disagrees with the x86_64 probe: {string.Join("; ", diffs)}", outcome.Verdict == Verdict.Fail ? outcome.Reason : null),
            };
        return outcome;
    }

    async Task<CaseOutcome> RunExchangeAsync(ConformanceCase c, Abi abi, CancellationToken cancel)
    {
        var sw = Stopwatch.StartNew();
        Observation obs;
        try
        {
            obs = await c.Exchange!(abi, c.Timeout, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Judge.Fail(c, abi.Name, "the exchange was cancelled (test timeout or interrupt)");
        }
        catch (CrossAbiException e)
        {
            return Judge.Fail(c, abi.Name, e.Message, e.Observation, sw.Elapsed);
        }
        catch (IOException e) // a system call of the managed side failed, e.g. ENOSPC on a full /dev/shm
        {
            return Judge.Fail(c, abi.Name, e.Message, null, sw.Elapsed);
        }
        return Judge.FromObservation(c, abi.Name, obs, sw.Elapsed);
    }

    /// <summary>
    /// Runs every (case, target) cell of a selection, <paramref name="parallelism"/> at a time, and
    /// returns the outcomes in catalogue order (cases) and column order (targets).
    /// </summary>
    public async Task<IReadOnlyList<CaseOutcome>> RunAllAsync(
        IReadOnlyList<ConformanceCase> cases, IReadOnlyList<string> targets, int parallelism,
        Action<CaseOutcome>? progress = null, CancellationToken cancel = default)
    {
        var cells = cases.SelectMany(c => targets.Where(t => Applies(c, t)).Select(t => (Case: c, Target: t))).ToList();
        var results = new CaseOutcome[cells.Count];
        // Probes first in the queue, the managed checks (which reuse the x86_64 probe run) after.
        var order = Enumerable.Range(0, cells.Count).OrderBy(i => Targets.IsManaged(cells[i].Target) ? 1 : 0).ToList();
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = CancellationToken.None },
            async (i, _) =>
            {
                var outcome = await RunAsync(cells[i].Case, cells[i].Target, cancel).ConfigureAwait(false);
                results[i] = outcome;
                progress?.Invoke(outcome);
            }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// The fields a managed check must report exactly as the probe did: every call result, errno,
    /// flag and count. Not compared: payload bytes (<c>*_hex</c>: each side writes its own, and the
    /// expectation checks written against seen on each side), addresses, times.
    /// </summary>
    public static bool ComparedWithProbe(string field) =>
        !field.EndsWith("_hex", StringComparison.Ordinal) && !field.EndsWith("_addr", StringComparison.Ordinal)
        && !field.EndsWith("_ns", StringComparison.Ordinal) && field != "elapsed_ms";

    static string? Join(string? a, string? b) => a is null ? b : b is null ? a : $"{a}; {b}";
}

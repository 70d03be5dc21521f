using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Probe;

/// <summary>How a probe run ended, before any judgement of what it observed.</summary>
public enum ProbeEnd
{
    /// <summary>Exited normally and printed exactly one JSON object line.</summary>
    Observed,
    /// <summary>Could not be started (missing, not executable, exec format error).</summary>
    NotStarted,
    /// <summary>Died from a signal, or exited with a failure status without an observation.</summary>
    Crashed,
    /// <summary>Did not finish within the case timeout and was killed (with its children).</summary>
    Hung,
    /// <summary>Finished, but its output was not one JSON object line.</summary>
    Garbage,
    /// <summary>The run was cancelled from outside (test timeout, Ctrl+C); the probe was killed.</summary>
    Cancelled,
}

/// <summary>One run of <c>ipcprobe CASE</c>: how it ended, what it printed, what it observed.</summary>
public sealed record ProbeResult
{
    public required ProbeEnd End { get; init; }
    /// <summary>The observation when <see cref="End"/> is <see cref="ProbeEnd.Observed"/>.</summary>
    public Observation? Observation { get; init; }
    /// <summary>Exit status (128+N when killed by signal N), or null when it never exited on its own.</summary>
    public int? ExitStatus { get; init; }
    /// <summary>Standard output as printed (at most 64 KiB kept).</summary>
    public string Stdout { get; init; } = "";
    /// <summary>The last lines of standard error (free text diagnostics).</summary>
    public string StderrTail { get; init; } = "";
    /// <summary>What went wrong, in one line, when it did not end <see cref="ProbeEnd.Observed"/>.</summary>
    public string? Problem { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>Named objects or files the probe left behind (found and removed by the runner).</summary>
    public IReadOnlyList<string> Leftovers { get; init; } = [];

    public bool Ok => End == ProbeEnd.Observed;
}

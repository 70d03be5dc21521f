using System.ComponentModel;
using System.Diagnostics;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Guest;

/// <summary>Runs the system tools a guest run needs (apt-get, dpkg-deb, tar), bounded, with one-line errors.</summary>
internal static class ToolRun
{
    public sealed record Result(int Status, string Stdout, string StderrTail)
    {
        public string LastLine => StderrTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit status {Status}";
    }

    public static async Task<Result> RunAsync(string tool, IReadOnlyList<string> args, string? cwd, TimeSpan timeout, CancellationToken cancel)
    {
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        if (cwd is not null)
        {
            // ProbeRunner has no working directory: run from the folder through env -C.
            args = ["-C", cwd, tool, .. args];
            tool = "env";
        }
        var r = await ProbeRunner.RunAsync(Which(tool), args, timeout, cancel, env).ConfigureAwait(false);
        cancel.ThrowIfCancellationRequested();
        if (r.End == ProbeEnd.NotStarted)
            throw new GuestException($"{tool} is not installed ({r.Problem})");
        return new Result(r.ExitStatus ?? -1, r.Stdout, r.StderrTail);
    }

    public static Process Start(ProcessStartInfo psi)
    {
        try
        {
            return Process.Start(psi) ?? throw new GuestException($"{psi.FileName} could not be started");
        }
        catch (Win32Exception e)
        {
            throw new GuestException($"{psi.FileName} could not be started: {e.Message}");
        }
    }

    public static void Kill(Process p) => ProbeRunner.Kill(p);

    /// <summary>The full path of a tool on PATH, or the bare name (then starting it reports it missing).</summary>
    public static string Which(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p))
                return p;
        }
        return tool;
    }
}

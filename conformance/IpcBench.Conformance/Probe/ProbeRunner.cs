using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// Runs <c>ipcprobe CASE</c> in a fresh process and reads its one JSON line. Every run is bounded
/// by a timeout; a probe that hangs is killed with its children; a crash, a hang, a failure to
/// start or output that is not one JSON object becomes a <see cref="ProbeResult"/> naming what
/// happened. Nothing is thrown out of <see cref="RunAsync"/>.
/// </summary>
public static class ProbeRunner
{
    const int MaxStdout = 64 * 1024;
    const int MaxStderrTail = 2 * 1024;

    /// <summary>
    /// Runs one probe. <paramref name="args"/> follow the program name (usually just the case id);
    /// <paramref name="onStart"/> learns the probe's pid once it runs.
    /// </summary>
    public static async Task<ProbeResult> RunAsync(
        string program, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken cancel = default,
        IReadOnlyDictionary<string, string>? environment = null, Action<int>? onStart = null)
    {
        var started = Stopwatch.StartNew();
        var what = $"{Path.GetFileName(program)} {string.Join(' ', args)}".Trim();
        Process? process = null;
        try
        {
            var psi = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            psi.Environment["LC_ALL"] = "C";
            if (environment is not null)
                foreach (var (k, v) in environment)
                    psi.Environment[k] = v;

            try
            {
                process = Process.Start(psi);
            }
            catch (Win32Exception e)
            {
                return new ProbeResult
                {
                    End = ProbeEnd.NotStarted,
                    Problem = $"{what} could not be started: {e.Message}" + ExecHint(e.NativeErrorCode),
                    Duration = started.Elapsed,
                };
            }
            if (process is null)
                return new ProbeResult { End = ProbeEnd.NotStarted, Problem = $"{what} could not be started", Duration = started.Elapsed };
            onStart?.Invoke(process.Id);

            // The probe reads nothing: close its standard input so nothing waits on a terminal.
            try { process.StandardInput.Close(); } catch (IOException) { }

            var stdoutTask = DrainAsync(process.StandardOutput.BaseStream, MaxStdout, keepTail: false);
            var stderrTask = DrainAsync(process.StandardError.BaseStream, MaxStderrTail, keepTail: true);

            var hung = false;
            var cancelled = false;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                deadline.CancelAfter(timeout);
                try
                {
                    await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    cancelled = cancel.IsCancellationRequested;
                    hung = !cancelled;
                    Kill(process);
                    // After SIGKILL the exit is immediate; still bound the wait.
                    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { }
                }
            }

            // A child of the probe that outlived it may still hold the pipes open: do not wait for it forever.
            var stdout = await WithinAsync(stdoutTask, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var stderr = await WithinAsync(stderrTask, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var duration = started.Elapsed;
            int? status = process.HasExited ? process.ExitCode : null;

            if (hung)
                return new ProbeResult
                {
                    End = ProbeEnd.Hung, Stdout = stdout, StderrTail = stderr, Duration = duration,
                    Problem = $"{what} hung: no result within {timeout.TotalSeconds:0.#} s; killed it and its children" + StderrNote(stderr),
                };
            if (cancelled)
                return new ProbeResult
                {
                    End = ProbeEnd.Cancelled, Stdout = stdout, StderrTail = stderr, Duration = duration,
                    Problem = $"{what} was cancelled after {duration.TotalSeconds:0.#} s (test timeout or interrupt); killed it",
                };
            return Interpret(what, status ?? -1, stdout, stderr, duration);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Win32Exception or UnauthorizedAccessException)
        {
            if (process is not null)
                Kill(process);
            return new ProbeResult
            {
                End = ProbeEnd.Crashed, Duration = started.Elapsed,
                Problem = $"{what}: the runner lost the process ({e.GetType().Name}: {e.Message})",
            };
        }
        finally
        {
            // Process.Dispose does not close standard streams read in sync mode: close them here, or
            // every probe run leaks two pipes until a GC (and an unprivileged user soon hits
            // /proc/sys/fs/pipe-user-pages-soft, which shrinks every new pipe to 2 pages).
            if (process is not null)
            {
                CloseQuietly(process, p => p.StandardOutput);
                CloseQuietly(process, p => p.StandardError);
                process.Dispose();
            }
        }
    }

    /// <summary>The case ids <c>ipcprobe --list</c> prints (first word of each line), or why it could not list them.</summary>
    public static async Task<(IReadOnlySet<string> Cases, string? Problem)> RunListAsync(string program, TimeSpan timeout, CancellationToken cancel = default)
    {
        var r = await RunAsync(program, ["--list"], timeout, cancel).ConfigureAwait(false);
        if (r.End is ProbeEnd.NotStarted or ProbeEnd.Hung or ProbeEnd.Cancelled)
            return (new HashSet<string>(), r.Problem);
        if (r.ExitStatus != 0)
            return (new HashSet<string>(), $"ipcprobe --list failed: exit status {r.ExitStatus}{StderrNote(r.StderrTail)}");
        var cases = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0])
            .ToHashSet(StringComparer.Ordinal);
        return cases.Count == 0
            ? (cases, "ipcprobe --list printed no case ids")
            : (cases, null);
    }

    /// <summary>Judges how the process ended and what it printed (not what it observed).</summary>
    internal static ProbeResult Interpret(string what, int status, string stdout, string stderr, TimeSpan duration)
    {
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Signals.FromExitStatus(status) is { } sig)
            return new ProbeResult
            {
                End = ProbeEnd.Crashed, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration,
                Problem = $"{what} crashed: killed by {sig} (exit status {status})" + OutputNote(lines) + StderrNote(stderr),
            };
        if (status != 0)
            return new ProbeResult
            {
                End = ProbeEnd.Crashed, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration,
                Problem = $"{what} failed: exit status {status}" + OutputNote(lines) + StderrNote(stderr),
            };
        if (lines.Length == 0)
            return new ProbeResult
            {
                End = ProbeEnd.Garbage, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration,
                Problem = $"{what} printed nothing on standard output (exit status 0)" + StderrNote(stderr),
            };
        if (lines.Length > 1)
            return new ProbeResult
            {
                End = ProbeEnd.Garbage, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration,
                Problem = $"{what} printed garbage: {lines.Length} lines instead of one JSON line, starting {Quote(lines[0])}",
            };
        var obs = Observation.TryParse(lines[0], out var error);
        if (obs is null)
            return new ProbeResult
            {
                End = ProbeEnd.Garbage, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration,
                Problem = $"{what} printed garbage: {error}: {Quote(lines[0])}",
            };
        return new ProbeResult { End = ProbeEnd.Observed, Observation = obs, ExitStatus = status, Stdout = stdout, StderrTail = stderr, Duration = duration };
    }

    static void CloseQuietly(Process p, Func<Process, StreamReader> stream)
    {
        try
        {
            stream(p).Dispose();
        }
        catch (InvalidOperationException)
        {
            // Never started: no stream.
        }
    }

    /// <summary>Kills a process and its children; nothing when it is already gone.</summary>
    internal static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>Reads a stream to its end, keeping at most <paramref name="cap"/> bytes (the head or the tail).</summary>
    static async Task<string> DrainAsync(Stream s, int cap, bool keepTail)
    {
        var kept = new MemoryStream();
        var buf = new byte[8192];
        var dropped = false;
        try
        {
            int n;
            while ((n = await s.ReadAsync(buf).ConfigureAwait(false)) > 0)
            {
                if (keepTail)
                {
                    kept.Write(buf, 0, n);
                    if (kept.Length > cap * 2)
                    {
                        var tail = kept.ToArray()[^cap..];
                        kept.SetLength(0);
                        kept.Write(tail);
                        dropped = true;
                    }
                }
                else if (kept.Length < cap)
                {
                    kept.Write(buf, 0, (int)Math.Min(n, cap - kept.Length));
                    dropped |= kept.Length >= cap;
                }
                else
                {
                    dropped = true;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process.
        }
        var bytes = kept.ToArray();
        if (keepTail && bytes.Length > cap)
            bytes = bytes[^cap..];
        var text = Encoding.UTF8.GetString(bytes);
        return dropped ? (keepTail ? "..." + text : text + "...") : text;
    }

    static async Task<string> WithinAsync(Task<string> t, TimeSpan limit)
    {
        var done = await Task.WhenAny(t, Task.Delay(limit)).ConfigureAwait(false);
        return done == t ? await t.ConfigureAwait(false) : "(output still held open by a child of the probe)";
    }

    static string Quote(string s)
    {
        var printable = new string(s.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return "'" + printable + (s.Length > 120 ? "...'" : "'");
    }

    static string OutputNote(string[] lines) => lines.Length == 0 ? "" : $"; stdout: {Quote(lines[0])}";

    static string StderrNote(string stderr)
    {
        var last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is null ? "" : $"; stderr: {Quote(last)}";
    }

    static string ExecHint(int errno) => errno switch
    {
        8 => " (ENOEXEC: the kernel cannot run this binary format; for i686, 32-bit compat is switched off: CONFIG_IA32_EMULATION or ia32_emulation=)",
        2 => " (not found: build with scripts/build.sh)",
        13 => " (not executable)",
        _ => "",
    };
}

using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace IpcBench.Orchestration;

/// <summary>A cell failed: which peer, at which step, and why, in one line.</summary>
public sealed class CellFailedException(string message) : Exception(message);

/// <summary>
/// One running peer and its control channel (stdin/stdout lines, docs/protocol.md).
/// Every read has a deadline on silence: a PROGRESS line of the peer starts it again. A peer that
/// dies or stays silent turns into a CellFailedException naming the role, the peer and the tail of
/// its standard error; a stopped peer (SIGSTOP) is named as stopped, whichever peer noticed first.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    readonly Process _process;
    readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>();
    readonly StringBuilder _stderr = new();
    readonly string _label;

    public int Pid => _process.Id;

    PeerProcess(Process process, string label)
    {
        _process = process;
        _label = label;
    }

    /// <summary>Starts a peer. <paramref name="label"/> names it in errors, e.g. "server (native x86_64)".</summary>
    public static PeerProcess Start(PeerLaunch launch, IEnumerable<string> args, string label)
    {
        var psi = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in launch.Prefix.Concat(args))
            psi.ArgumentList.Add(a);
        foreach (var (name, value) in launch.Environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        var process = new Process { StartInfo = psi };
        var peer = new PeerProcess(process, label);
        process.OutputDataReceived += (_, e) => peer._lines.Writer.TryWrite(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (peer._stderr)
            {
                peer._stderr.AppendLine(e.Data);
                if (peer._stderr.Length > 8192) peer._stderr.Remove(0, peer._stderr.Length - 4096);
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CellFailedException($"{label}: cannot start {launch.FileName}: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public void Send(string line)
    {
        try
        {
            _process.StandardInput.Write(line + "\n");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            throw Failure($"exited before it could be sent {line}");
        }
    }

    /// <summary>Reads the next control line; throws when the peer errs, dies or is silent past the deadline.</summary>
    public string Expect(string keyword, TimeSpan timeout, CancellationToken cancel) =>
        ExpectAsync(keyword, timeout, cancel).GetAwaiter().GetResult();

    /// <summary>
    /// Waits for the same keyword from two peers at once and fails as soon as either fails, so a
    /// peer that dies does not leave the harness waiting on its partner's timeout.
    /// </summary>
    public static (string First, string Second) ExpectBoth(PeerProcess first, PeerProcess second, string keyword, TimeSpan timeout, CancellationToken cancel)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var a = first.ExpectAsync(keyword, timeout, cts.Token);
        var b = second.ExpectAsync(keyword, timeout, cts.Token);
        try
        {
            var done = Task.WhenAny(a, b).GetAwaiter().GetResult();
            if (done.IsFaulted)
                done.GetAwaiter().GetResult();
            return (a.GetAwaiter().GetResult(), b.GetAwaiter().GetResult());
        }
        catch (CellFailedException e)
        {
            // The partner of a stopped peer times out too, and may say so first: blame the stopped one.
            foreach (var p in new[] { first, second })
            {
                if (p.IsStopped())
                    throw new CellFailedException($"{p._label} is stopped (state T in /proc/{p.Pid}/stat: SIGSTOP or a debugger); {e.Message}");
            }
            throw;
        }
        finally
        {
            cts.Cancel();
        }
    }

    async Task<string> ExpectAsync(string keyword, TimeSpan timeout, CancellationToken cancel)
    {
        string? line;
        try
        {
            line = await NextLineAsync(timeout, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            if (IsStopped())
                throw Failure($"is stopped (state T in /proc/{Pid}/stat: SIGSTOP or a debugger) and sent no {keyword} within {timeout.TotalSeconds:0.#} s");
            throw Failure($"sent no {keyword} and no progress within {timeout.TotalSeconds:0.#} s (hung?)");
        }
        if (line is null)
        {
            try
            {
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw Failure($"closed its output before {keyword}");
            }
            throw Failure($"{DescribeExit()} before {keyword}");
        }
        if (line.StartsWith(Protocol.ControlProtocol.Error, StringComparison.Ordinal))
            throw new CellFailedException($"{_label}: {line[5..].Trim()}");
        if (!line.StartsWith(keyword, StringComparison.Ordinal))
            throw Failure($"sent '{Truncate(line)}' where {keyword} was expected");
        return line;
    }

    /// <summary>
    /// The next control line other than PROGRESS (null at end of output). PROGRESS says the peer is alive and moving,
    /// so the deadline bounds silence, not the whole step: <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/> without any line.
    /// </summary>
    async Task<string?> NextLineAsync(TimeSpan timeout, CancellationToken cancel)
    {
        while (true)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            cts.CancelAfter(timeout);
            string? line;
            try
            {
                line = await _lines.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                // A harness that was not scheduled for a while may find lines waiting when its timer fires: they count.
                if (!_lines.Reader.TryRead(out line))
                    throw new TimeoutException();
            }
            if (line is null || !line.StartsWith(Protocol.ControlProtocol.Progress + " ", StringComparison.Ordinal))
                return line;
        }
    }

    /// <summary>Waits for a clean exit after DONE; a peer that lingers is killed.</summary>
    public void WaitExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw Failure($"did not exit within {timeout.TotalSeconds:0.#} s after DONE");
        }
        _process.WaitForExit();
        if (_process.ExitCode != 0)
            throw Failure(DescribeExit());
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    public void Dispose()
    {
        Kill();
        // Process.Dispose leaves a redirected stdin open once it was used (the caller owns it) until a
        // GC finalizes it: close it now, so a finished cell holds no pipe descriptor.
        try
        {
            _process.StandardInput.Dispose();
        }
        catch (IOException) { } // the flush hit a peer already gone; the descriptor is closed regardless
        catch (InvalidOperationException) { } // never started
        _process.Dispose();
    }

    /// <summary>Whether the peer is stopped: state 'T' (or 't', traced) in /proc/&lt;pid&gt;/stat.</summary>
    public bool IsStopped()
    {
        try
        {
            if (_process.HasExited)
                return false;
            string stat = File.ReadAllText($"/proc/{Pid}/stat");
            // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'T' or 't';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
        }
    }

    string DescribeExit()
    {
        int code = _process.ExitCode;
        // .NET reports a death by signal N as 128 + N.
        return code > 128 && code < 128 + 65
            ? $"was killed by signal {code - 128} ({SignalName(code - 128)})"
            : $"exited with status {code}";
    }

    static string SignalName(int sig) => sig switch
    {
        2 => "SIGINT", 6 => "SIGABRT", 7 => "SIGBUS", 9 => "SIGKILL", 11 => "SIGSEGV",
        13 => "SIGPIPE", 15 => "SIGTERM", _ => $"signal {sig}",
    };

    CellFailedException Failure(string what)
    {
        string tail;
        lock (_stderr) tail = _stderr.ToString().Trim();
        var last = tail.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        return new CellFailedException(last is null ? $"{_label} {what}" : $"{_label} {what}; stderr: {Truncate(last)}");
    }

    static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "...";
}

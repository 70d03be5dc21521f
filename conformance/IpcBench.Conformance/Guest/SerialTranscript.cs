using System.Globalization;
using System.Text;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// Reads the guest's serial console line by line: the frames native/guestinit writes
/// (<c>@@IPCBENCH KERNEL|OUT|ERR|LEFT|END|DONE|FATAL ...</c>, docs/kernel-validation.md) and,
/// for the reason of a failed boot, the last lines of everything else (kernel messages).
/// </summary>
public sealed class SerialTranscript
{
    public const string Marker = "@@IPCBENCH ";
    const int TailLines = 15;

    /// <summary>What one case printed in the guest and how it ended.</summary>
    public sealed class CaseFrames
    {
        public StringBuilder Stdout { get; } = new();
        public StringBuilder Stderr { get; } = new();
        public List<string> Leftovers { get; } = [];
        /// <summary>A payload line whose length did not match: something wrote into it on the console.</summary>
        public string? Garbled { get; set; }
        public int? Status { get; set; }
        public TimeSpan Duration { get; set; }
        public bool Hung { get; set; }
        public bool Ended => Status is not null;
    }

    readonly Dictionary<long, CaseFrames> _cases = [];
    readonly Queue<string> _tail = new();

    public string? KernelRelease { get; private set; }
    public string? Machine { get; private set; }
    public string? KernelVersion { get; private set; }
    /// <summary>What the guest's /tmp (the probes' TMPDIR) is: "ext4 /dev/nvme0n1" or "tmpfs (why)".</summary>
    public string? TmpFilesystem { get; private set; }
    /// <summary>guestinit ran its whole list (DONE).</summary>
    public bool Done { get; private set; }
    /// <summary>guestinit could not go on (FATAL: a mount, the case list...).</summary>
    public string? Fatal { get; private set; }
    public long Bytes { get; private set; }
    /// <summary>The kernel's "Kernel panic - not syncing: ..." line, when it panicked.</summary>
    public string? Panic { get; private set; }

    /// <summary>The last console lines (kernel messages and frames), oldest first, for a failure's reason.</summary>
    public string Tail => _tail.Count == 0 ? "(the console printed nothing)" : string.Join(" | ", _tail);

    public CaseFrames? Case(long seq) => _cases.GetValueOrDefault(seq);

    public void Feed(string rawLine)
    {
        Bytes += rawLine.Length + 1;
        var line = rawLine.TrimEnd('\r', '\n');
        if (line.Trim().Length > 0)
        {
            _tail.Enqueue(line.Length > 200 ? line[..200] + "..." : line);
            while (_tail.Count > TailLines)
                _tail.Dequeue();
        }
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            // The stack dump after it pushes the panic's own line out of the tail: keep it apart.
            if (Panic is null && line.Contains("Kernel panic", StringComparison.Ordinal))
                Panic = line.Trim();
            return;
        }
        var rest = line[(at + Marker.Length)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var kind = space < 0 ? rest : rest[..space];
        var args = space < 0 ? "" : rest[(space + 1)..];
        switch (kind)
        {
            case "KERNEL":
                var parts = args.Split('|', 3);
                KernelRelease = parts[0];
                Machine = parts.Length > 1 ? parts[1] : null;
                KernelVersion = parts.Length > 2 ? parts[2] : null;
                break;
            case "TMP":
                TmpFilesystem = args;
                break;
            case "DONE":
                Done = true;
                break;
            case "FATAL":
                Fatal = args;
                break;
            case "OUT" or "ERR":
                Payload(kind, args);
                break;
            case "LEFT":
                if (SplitSeq(args) is var (seq, text))
                    Get(seq).Leftovers.Add(text);
                break;
            case "END":
                End(args);
                break;
        }
    }

    CaseFrames Get(long seq)
    {
        if (!_cases.TryGetValue(seq, out var c))
            _cases[seq] = c = new CaseFrames();
        return c;
    }

    static (long Seq, string Text)? SplitSeq(string args)
    {
        var sp = args.IndexOf(' ', StringComparison.Ordinal);
        return sp > 0 && long.TryParse(args.AsSpan(0, sp), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (seq, args[(sp + 1)..])
            : null;
    }

    void Payload(string kind, string args)
    {
        if (SplitSeq(args) is not var (seq, rest))
            return;
        var c = Get(seq);
        var sp = rest.IndexOf(' ', StringComparison.Ordinal);
        var lenText = sp < 0 ? rest : rest[..sp];
        var text = sp < 0 ? "" : rest[(sp + 1)..];
        // The length counts bytes; the console carries ASCII (the probe escapes the rest).
        if (!int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out var len) || len != Encoding.UTF8.GetByteCount(text))
        {
            c.Garbled ??= $"a {kind} line of {lenText} bytes arrived as {Encoding.UTF8.GetByteCount(text)}: '{Shorten(text)}'";
            return;
        }
        (kind == "OUT" ? c.Stdout : c.Stderr).Append(text).Append('\n');
    }

    void End(string args)
    {
        var f = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            return;
        var c = Get(seq);
        c.Status = status;
        c.Duration = TimeSpan.FromMilliseconds(ms);
        c.Hung = f[3] == "hung";
    }

    /// <summary>The probe run of one planned case, in the host runner's terms, so the same judge reads it.</summary>
    public ProbeResult ResultOf(GuestCase planned, string consoleNote)
    {
        var what = $"ipcprobe {planned.CaseId} ({planned.Abi}, in the guest)";
        var c = Case(planned.Seq);
        if (c is null || !c.Ended)
            return new ProbeResult
            {
                End = ProbeEnd.Crashed,
                Problem = $"{what} never finished: the guest stopped first ({consoleNote})",
            };
        ProbeResult r;
        if (c.Garbled is { } g)
            r = new ProbeResult { End = ProbeEnd.Garbage, Duration = c.Duration, Problem = $"{what}: its output was garbled on the serial console ({g})" };
        else if (c.Hung)
            r = new ProbeResult
            {
                End = ProbeEnd.Hung, Duration = c.Duration, Stdout = c.Stdout.ToString(), StderrTail = c.Stderr.ToString(),
                Problem = $"{what} hung: no result within {planned.Timeout.TotalSeconds:0.#} s; guestinit killed its process group",
            };
        else
            r = ProbeRunner.Interpret(what, c.Status!.Value, c.Stdout.ToString(), c.Stderr.ToString(), c.Duration);
        return c.Leftovers.Count == 0 ? r : r with { Leftovers = c.Leftovers.Select(l => l + " (in the guest)").ToList() };
    }

    static string Shorten(string s) => s.Length > 80 ? s[..80] + "..." : s;
}

/// <summary>One line of the guest's case list: sequence number, ABI, case, time limit.</summary>
public sealed record GuestCase(long Seq, string Abi, string CaseId, TimeSpan Timeout);

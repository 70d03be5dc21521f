using System.Globalization;
using System.Text;
using IpcBench.Util;
using static IpcBench.Interop.Interop;

namespace IpcBench.Orchestration;

/// <summary>
/// The queue names a run is about to create, written to a file "names" in its own private folder
/// before each queue exists: where queues cannot be listed (no /dev/mqueue mount, not root),
/// `ipcbench clean` reads a dead run's journal and checks those exact names (mq_open without
/// O_CREAT, owner from fstat, mq_unlink). Lines: "mq /NAME" (a queue), "probe PID TOKEN" (a
/// conformance probe, whose names follow from both, <see cref="ToolNames.ProbeObjectNames"/>).
/// </summary>
public static class NameJournal
{
    public const string FileName = "names";

    /// <summary>Longest journal read back (a run's worth of names; anything longer is not ours).</summary>
    const int MaxBytes = 1 << 20;

    /// <summary>Records a queue name (with the slash) before it is created.</summary>
    public static void Queue(DirectoryHandle dir, string name) => Append(dir, "mq " + name);

    /// <summary>Records a probe's pid and name token once it runs.</summary>
    public static void Probe(DirectoryHandle dir, int pid, string token) =>
        Append(dir, $"probe {pid.ToString(CultureInfo.InvariantCulture)} {token}");

    static void Append(DirectoryHandle dir, string line)
    {
        using var fd = OpenAt(dir.Fd, FileName, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0x180);
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        int done = 0;
        while (done < bytes.Length)
            done += Write(fd, bytes.AsSpan(done));
    }

    /// <summary>The queue names (without the slash) a journal in <paramref name="dir"/> names; none when there is no journal.</summary>
    public static List<string> Queues(DirectoryHandle dir)
    {
        var names = new List<string>();
        string text;
        try
        {
            using var fd = OpenAt(dir.Fd, FileName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            var st = FStat(fd);
            if (!st.IsRegular || st.Size > MaxBytes)
                return names;
            var buf = new byte[st.Size];
            int got = 0, n;
            while (got < buf.Length && (n = Read(fd, buf.AsSpan(got))) > 0)
                got += n;
            text = Encoding.UTF8.GetString(buf, 0, got);
        }
        catch (IOException)
        {
            return names;
        }
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (f.Length == 2 && f[0] == "mq" && f[1].StartsWith('/'))
                names.Add(f[1][1..]);
            else if (f.Length == 3 && f[0] == "probe" && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                     && f[2].Length == 16 && f[2].All(Uri.IsHexDigit))
                names.AddRange(ToolNames.ProbeObjectNames(pid, f[2]));
        }
        return names;
    }
}

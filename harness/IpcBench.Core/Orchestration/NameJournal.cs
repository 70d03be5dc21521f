using System.Globalization;
using System.Text;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Orchestration;

/// <summary>
/// The queue names a run is about to create, written to a journal file in its own private folder
/// before each queue exists ("names", or "&lt;cell&gt;.names" for one cell, removed with the cell's
/// queues): where queues cannot be listed (no /dev/mqueue mount, not root), `ipcbench clean`
/// reads a dead run's journals and checks those exact names (mq_open without O_CREAT, owner from
/// fstat, mq_unlink). Lines: "mq /NAME" (a queue), "probe PID TOKEN" (a conformance probe, whose
/// names follow from both, <see cref="ToolNames.ProbeObjectNames"/>).
/// </summary>
public static class NameJournal
{
    public const string FileName = "names";
    public const string Suffix = ".names";

    /// <summary>Longest journal read back (a run's worth of names; anything longer is not ours).</summary>
    const int MaxBytes = 1 << 20;

    /// <summary>Records a queue name (with the slash) in the journal <paramref name="file"/> before the queue is created.</summary>
    public static void Queue(DirectoryHandle dir, string file, string name) => Append(dir, file, "mq " + name);

    /// <summary>Records a probe's pid and name token once it runs.</summary>
    public static void Probe(DirectoryHandle dir, int pid, string token) =>
        Append(dir, FileName, $"probe {pid.ToString(CultureInfo.InvariantCulture)} {token}");

    static void Append(DirectoryHandle dir, string file, string line)
    {
        using var fd = OpenAt(dir.Fd, file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0x180);
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        int done = 0;
        while (done < bytes.Length)
            done += Write(fd, bytes.AsSpan(done));
    }

    /// <summary>The queue names (without the slash) the journals in <paramref name="dir"/> name; none when there is no journal.</summary>
    public static List<string> Queues(DirectoryHandle dir)
    {
        var names = new List<string>();
        List<string> entries;
        try
        {
            entries = dir.Entries();
        }
        catch (IOException)
        {
            return names;
        }
        foreach (var file in entries.Where(e => e == FileName || e.EndsWith(Suffix, StringComparison.Ordinal)))
            Parse(ReadSmall(dir, file), names);
        return names;
    }

    static string ReadSmall(DirectoryHandle dir, string file)
    {
        try
        {
            using var fd = OpenAt(dir.Fd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            var st = FStat(fd);
            if (!st.IsRegular || st.Size > MaxBytes)
                return "";
            var buf = new byte[st.Size];
            int got = 0, n;
            while (got < buf.Length && (n = Read(fd, buf.AsSpan(got))) > 0)
                got += n;
            return Encoding.UTF8.GetString(buf, 0, got);
        }
        catch (IOException)
        {
            return "";
        }
    }

    static void Parse(string text, List<string> names)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (f.Length == 2 && f[0] == "mq" && f[1].StartsWith('/'))
                names.Add(f[1][1..]);
            else if (f.Length == 3 && f[0] == "probe" && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                     && f[2].Length == 16 && f[2].All(Uri.IsHexDigit))
                names.AddRange(ToolNames.ProbeObjectNames(pid, f[2]));
        }
    }
}

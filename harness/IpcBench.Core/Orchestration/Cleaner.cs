namespace IpcBench.Orchestration;

/// <summary>One leftover that `ipcbench clean` found, and what happened to it.</summary>
public sealed record Leftover(string Kind, string Path, int OwnerPid, bool Removed, string? Error);

/// <summary>
/// Finds and removes what crashed runs left behind: run directories in the temporary folder,
/// shared-memory objects in /dev/shm and message queues in /dev/mqueue whose names start with
/// "ipcbench-&lt;pid&gt;-", and only those whose owning process is gone. A live run's objects are
/// never touched.
/// </summary>
public static class Cleaner
{
    public const string Prefix = "ipcbench-";

    public sealed record Places(string TempDir, string ShmDir, string MqueueDir);

    public static Places Default => new(System.IO.Path.GetTempPath(), "/dev/shm", "/dev/mqueue");

    /// <summary>Why queues cannot be listed, when /dev/mqueue is not mounted; null otherwise.</summary>
    public static string? MqueueUnavailable(Places places) =>
        Directory.Exists(places.MqueueDir) && Directory.EnumerateFileSystemEntries(places.MqueueDir).Any() || IsMqueueMounted(places.MqueueDir)
            ? null
            : $"message queues cannot be listed: {places.MqueueDir} is not an mqueue mount (as root: mount -t mqueue none {places.MqueueDir})";

    public static List<Leftover> Clean(Places places, bool dryRun)
    {
        var found = new List<Leftover>();
        Scan(found, "directory", places.TempDir, dryRun, isDir: true);
        Scan(found, "shared memory", places.ShmDir, dryRun, isDir: false);
        Scan(found, "message queue", places.MqueueDir, dryRun, isDir: false);
        return found;
    }

    /// <summary>The pid in "ipcbench-&lt;pid&gt;-...", or null for a name that is not ours.</summary>
    public static int? OwnerPid(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = name.AsSpan(Prefix.Length);
        int dash = rest.IndexOf('-');
        if (dash <= 0) return null;
        return int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;
    }

    /// <summary>
    /// A run is alive when its pid exists and that process started before the object was made;
    /// a pid reused by a later process does not keep a crashed run's leftovers alive.
    /// </summary>
    public static bool IsRunAlive(int pid, DateTime objectCreatedUtc)
    {
        var started = ProcessStartUtc(pid);
        return started is not null && started.Value <= objectCreatedUtc.AddSeconds(2);
    }

    /// <summary>Start time of a process from /proc/&lt;pid&gt;/stat (field 22, in USER_HZ = 100 ticks since boot).</summary>
    internal static DateTime? ProcessStartUtc(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: fields restart after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture);
            var btime = File.ReadLines("/proc/stat").First(l => l.StartsWith("btime ", StringComparison.Ordinal));
            var boot = DateTime.UnixEpoch.AddSeconds(long.Parse(btime[6..], System.Globalization.CultureInfo.InvariantCulture));
            return boot.AddSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    static void Scan(List<Leftover> found, string kind, string dir, bool dryRun, bool isDir)
    {
        if (!Directory.Exists(dir)) return;
        IEnumerable<string> entries;
        try
        {
            entries = isDir ? Directory.EnumerateDirectories(dir, Prefix + "*") : Directory.EnumerateFiles(dir, Prefix + "*");
            entries = entries.ToList();
        }
        catch (UnauthorizedAccessException) { return; }
        foreach (var path in entries)
        {
            var pid = OwnerPid(System.IO.Path.GetFileName(path));
            if (pid is null || IsRunAlive(pid.Value, CreatedUtc(path, isDir))) continue;
            string? error = null;
            if (!dryRun)
            {
                try
                {
                    if (isDir) Directory.Delete(path, recursive: true);
                    else File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error = e.Message;
                }
            }
            found.Add(new Leftover(kind, path, pid.Value, !dryRun && error is null, error));
        }
    }

    // The change time is set when the object is made and is not moved by touch; the earliest of
    // the times is a safe stand-in for the creation time.
    static DateTime CreatedUtc(string path, bool isDir)
    {
        var info = isDir ? (FileSystemInfo)new DirectoryInfo(path) : new FileInfo(path);
        var t = info.CreationTimeUtc;
        if (info.LastWriteTimeUtc < t) t = info.LastWriteTimeUtc;
        return t;
    }

    static bool IsMqueueMounted(string dir)
    {
        try
        {
            return File.ReadLines("/proc/self/mounts").Any(l =>
            {
                var f = l.Split(' ');
                return f.Length > 2 && f[1] == dir && f[2] == "mqueue";
            });
        }
        catch (IOException) { return false; }
    }
}

namespace IpcBench.Tests.Orchestration;

/// <summary>What a run with a given owner pid may have left: run directories, shm objects, queues, FIFOs.</summary>
internal static class Leftovers
{
    public static List<string> Of(int ownerPid)
    {
        var prefix = $"ipcbench-{ownerPid}-";
        var found = new List<string>();
        foreach (var dir in new[] { Path.GetTempPath(), "/dev/shm", "/dev/mqueue" })
        {
            if (Directory.Exists(dir))
                found.AddRange(Directory.EnumerateFileSystemEntries(dir, prefix + "*"));
        }
        return found;
    }

    /// <summary>
    /// The .NET runtime's debugger FIFOs and diagnostic socket of a process (in the temporary
    /// folder), which only a clean exit removes.
    /// </summary>
    public static List<string> RuntimeFiles(int pid) =>
        [.. Directory.EnumerateFileSystemEntries(Path.GetTempPath(), $"clr-debug-pipe-{pid}-*"),
         .. Directory.EnumerateFileSystemEntries(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*")];

    /// <summary>Pids of the live children of a process (from /proc/*/stat's ppid field).</summary>
    public static List<int> Children(int parent)
    {
        var kids = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent && fields[0] != "Z")
                    kids.Add(pid);
            }
            catch (IOException) { }
        }
        return kids;
    }

    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
    }
}

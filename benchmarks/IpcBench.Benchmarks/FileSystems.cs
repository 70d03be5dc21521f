namespace IpcBench.Benchmarks;

/// <summary>Which file system holds a path, from /proc/self/mountinfo (the longest mount point that contains it).</summary>
internal static class FileSystems
{
    public static string TypeOf(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/') + "/";
        string best = "", type = "unknown";
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "36 35 98:0 /root /mnt/point options ... - fstype source superoptions"; spaces in paths are \040.
            string[] f = line.Split(' ');
            int dash = Array.IndexOf(f, "-");
            if (f.Length < 5 || dash < 0 || dash + 1 >= f.Length)
                continue;
            string mount = f[4].Replace("\\040", " ", StringComparison.Ordinal).TrimEnd('/') + "/";
            if (full.StartsWith(mount, StringComparison.Ordinal) && mount.Length >= best.Length)
            {
                best = mount;
                type = f[dash + 1];
            }
        }
        return type;
    }
}

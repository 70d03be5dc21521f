using System.Globalization;

namespace IpcBench.Measurement;

/// <summary>Reads the scheduler's per-task statistics file (/proc/&lt;pid&gt;/sched, kernels with scheduler debugging).</summary>
public static class SchedStat
{
    /// <summary>se.nr_migrations of <paramref name="path"/>; null when the kernel does not show it.</summary>
    public static long? Migrations(string path)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("se.nr_migrations", StringComparison.Ordinal)) continue;
                return long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }
}

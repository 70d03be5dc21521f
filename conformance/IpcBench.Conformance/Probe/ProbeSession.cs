using System.Text.RegularExpressions;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// One probe run of a case with its leftovers checked: the probe gets a fresh TMPDIR (mode 1777,
/// so a child that dropped to uid 65534 can make its private directory there too), and after it
/// exits, that directory must be empty and no /dev/shm or /dev/mqueue entry named
/// <c>ipcprobe-&lt;pid&gt;-...</c> of a dead process may remain. Whatever is found is removed and reported.
/// </summary>
public static partial class ProbeSession
{
    static readonly string Root = Path.Combine(Path.GetTempPath(), $"ipcbench-{Environment.ProcessId}-probes");
    static int s_counter;

    [GeneratedRegex(@"^ipcprobe-(\d+)-")]
    private static partial Regex ProbeName();

    public static async Task<ProbeResult> RunCaseAsync(Abi abi, string caseId, TimeSpan timeout, CancellationToken cancel)
    {
        string? tmp = null;
        try
        {
            tmp = MakeTempDir();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without a private TMPDIR the probe uses /tmp; leftovers there are still its own business.
        }
        var env = tmp is null ? null : new Dictionary<string, string> { ["TMPDIR"] = tmp };
        var result = await ProbeRunner.RunAsync(abi.ProbePath, [caseId], timeout, cancel, env).ConfigureAwait(false);
        var leftovers = new List<string>();
        if (tmp is not null)
            leftovers.AddRange(RemoveTempDir(tmp));
        leftovers.AddRange(SweepDeadProbeObjects());
        return leftovers.Count == 0 ? result : result with { Leftovers = leftovers };
    }

    static string MakeTempDir()
    {
        Directory.CreateDirectory(Root);
        if (OperatingSystem.IsWindows())
            throw new IOException("the probes run on Linux only");
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var dir = Path.Combine(Root, Interlocked.Increment(ref s_counter).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0x3ff); // 01777, like /tmp
        return dir;
    }

    static IEnumerable<string> RemoveTempDir(string dir)
    {
        var found = new List<string>();
        try
        {
            foreach (var e in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
                found.Add(e);
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        // Only the top-level entries name what was left; their contents go with them.
        return found.Where(f => Path.GetDirectoryName(f) == dir).Select(f => $"{f} (temporary file or directory)");
    }

    /// <summary>Removes /dev/shm and /dev/mqueue entries of probes that are no longer running, and says which.</summary>
    public static IReadOnlyList<string> SweepDeadProbeObjects()
    {
        var found = new List<string>();
        foreach (var (dir, kind) in new[] { ("/dev/shm", "shared memory object"), ("/dev/mqueue", "message queue") })
        {
            if (!Directory.Exists(dir))
                continue;
            IEnumerable<string> entries;
            try
            {
                entries = Directory.EnumerateFiles(dir, "ipcprobe-*").ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var path in entries)
            {
                var m = ProbeName().Match(Path.GetFileName(path));
                if (!m.Success || !int.TryParse(m.Groups[1].ValueSpan, out var pid) || Directory.Exists($"/proc/{pid}"))
                    continue;
                // Listed while its probe was alive, and the probe may have removed it and exited since:
                // only a name still there after its owner is gone is a leftover.
                if (!File.Exists(path))
                    continue;
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
                found.Add($"{path} ({kind})");
            }
        }
        return found;
    }

    /// <summary>Removes this process's probe TMPDIR root (called at the end of a run).</summary>
    public static void Cleanup()
    {
        try
        {
            if (Directory.Exists(Root))
                Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

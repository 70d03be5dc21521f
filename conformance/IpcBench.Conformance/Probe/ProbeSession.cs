using IpcBench.Orchestration;
using IpcBench.Util;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// One probe run of a case with its leftovers checked. The probes of a run share a workspace made
/// fresh in the temporary folder ("ipcbench-&lt;pid&gt;-probes-&lt;16 random hex&gt;", mode 0711 so a
/// probe's child that dropped to uid 65534 can reach its own folder); each probe gets a fresh,
/// unpredictably named folder in it as TMPDIR (mode 01777 like /tmp, set through the folder's
/// descriptor), and a random token for its object names (<see cref="ToolNames.ProbeTokenVariable"/>).
/// Nothing is reused, nothing is reached through a link, nothing is chmod'ed by path. After the
/// probe exits its folder must be empty, and no shared-memory object or queue of a dead probe in
/// the exact probe format may remain (its own queues are checked by name, so also where queues
/// cannot be listed). Whatever is found and belongs to this user is removed and reported.
/// </summary>
public static class ProbeSession
{
    static readonly Lock Gate = new();
    static DirectoryHandle? s_temp;
    static DirectoryHandle? s_workspace;

    /// <summary>The workspace of this process's current conform run, made on first use (null when none exists).</summary>
    public static string? WorkspacePath
    {
        get { lock (Gate) return s_workspace?.Path; }
    }

    public static async Task<ProbeResult> RunCaseAsync(Abi abi, string caseId, TimeSpan timeout, CancellationToken cancel)
    {
        var (caseDir, listQueues) = NewCaseDirectory();
        var token = DirectoryHandle.RandomToken();
        var env = new Dictionary<string, string> { [ToolNames.ProbeTokenVariable] = token };
        if (caseDir is not null)
            env["TMPDIR"] = caseDir.Path;
        // Without a private TMPDIR the probe makes its own mkdtemp folder in /tmp.
        int pid = 0;
        var result = await ProbeRunner.RunAsync(abi.ProbePath, [caseId], timeout, cancel, env, p =>
        {
            pid = p;
            Journal(p, token);
        }).ConfigureAwait(false);
        var leftovers = new List<string>();
        if (caseDir is not null)
            leftovers.AddRange(RemoveCaseDirectory(caseDir));
        var known = pid > 0 ? ToolNames.ProbeObjectNames(pid, token) : [];
        var sweep = Cleaner.SweepProbeObjects(Cleaner.Default, listQueues, known);
        leftovers.AddRange(sweep.Leftovers.Select(l => $"{l.Path} ({l.Kind})"));
        return leftovers.Count == 0 ? result : result with { Leftovers = leftovers };
    }

    /// <summary>
    /// A fresh folder for one probe, in the workspace (made now if this is the run's first probe). Says
    /// whether this sweep should list every queue: always where /dev/mqueue is mounted; through a
    /// private mount (root) only with the first probe of a run, for what older runs left.
    /// </summary>
    static (DirectoryHandle? Dir, bool ListQueues) NewCaseDirectory()
    {
        bool first = false;
        DirectoryHandle? dir = null;
        try
        {
            lock (Gate)
            {
                if (s_workspace is null)
                {
                    first = true;
                    s_temp = DirectoryHandle.OpenTemp();
                    s_workspace = s_temp.CreateFresh(ToolNames.DirectoryPrefix(ToolNames.ProbesKind), 0x1C9); // 0711
                }
                dir = s_workspace.CreateFresh("case-", 0x3FF); // 01777
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return (dir, first || QueueListing.IsMqueueMount(Cleaner.Default.MqueueDir));
    }

    /// <summary>Records a probe's pid and token in the workspace, so `clean` can check its queues by name after a killed run.</summary>
    static void Journal(int pid, string token)
    {
        try
        {
            lock (Gate)
                if (s_workspace is not null)
                    NameJournal.Probe(s_workspace, pid, token);
        }
        catch (IOException)
        {
            // Without the record only a listing of the queues finds them.
        }
    }

    /// <summary>Removes a probe's folder through descriptors; names what the probe left in it.</summary>
    static List<string> RemoveCaseDirectory(DirectoryHandle dir)
    {
        var name = Path.GetFileName(dir.Path);
        var found = new List<string>();
        using (dir)
        {
            try
            {
                found.AddRange(dir.Entries().Select(e => $"{Path.Combine(dir.Path, e)} (temporary file or directory)"));
                lock (Gate)
                    s_workspace?.RemoveTree(name);
            }
            catch (IOException)
            {
                // Removed with the workspace at the end of the run.
            }
        }
        return found;
    }

    /// <summary>Removes the probes' workspace (at the end of a run); the next run makes a new one.</summary>
    public static void Cleanup()
    {
        lock (Gate)
        {
            if (s_workspace is null || s_temp is null)
                return;
            try
            {
                s_temp.RemoveTree(Path.GetFileName(s_workspace.Path));
            }
            catch (IOException)
            {
                // Left for `ipcbench clean`: its name carries this pid.
            }
            s_workspace.Dispose();
            s_temp.Dispose();
            s_workspace = null;
            s_temp = null;
        }
    }
}

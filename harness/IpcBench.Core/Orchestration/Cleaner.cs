using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Orchestration;

/// <summary>One leftover that `ipcbench clean` found, and what happened to it.</summary>
public sealed record Leftover(string Kind, string Path, int OwnerPid, bool Removed, string? Error);

/// <summary>What a sweep found: leftovers, lookalikes it left alone, and what it could not look at.</summary>
public sealed record SweepResult(IReadOnlyList<Leftover> Leftovers, int LeftAlone, string? QueueProblem);

/// <summary>
/// Finds and removes what dead runs left behind, and nothing else. An entry is touched only when
/// all of these hold: its name is in one of the tool's exact formats (<see cref="ToolNames"/>);
/// it belongs to the invoking uid (lstat without following links, or fstat on a queue's
/// descriptor); it is of the kind the tool makes (a directory, a regular file, a queue; never a
/// link); and the process named in it is gone (a pid reused by a later process does not count).
/// Directories are emptied through descriptors (openat O_NOFOLLOW, unlinkat), never by path. The
/// .NET runtime's debugger FIFOs and diagnostics socket of a process are removed only when that
/// dead process is known to have been ipcbench: a leftover of the tool's own carries its pid.
/// Queues are listed where that is possible (<see cref="QueueListing"/>); the queues a dead run
/// journaled in its folder (<see cref="NameJournal"/>) are checked by name in any case.
/// </summary>
public static class Cleaner
{
    public const string Prefix = ToolNames.Prefix;

    public sealed record Places(string TempDir, string ShmDir, string MqueueDir);

    public static Places Default => new(Path.TrimEndingDirectorySeparator(Path.GetTempPath()), "/dev/shm", "/dev/mqueue");

    /// <summary>Everything `ipcbench clean` removes: run and probe directories, shm objects, queues, runtime endpoints of dead ipcbench processes.</summary>
    public static SweepResult Clean(Places places, bool dryRun)
    {
        var sweep = new Sweep(dryRun);
        sweep.Entries(places.TempDir, "directory", ToolNames.DirectoryPid, isDirectory: true);
        sweep.Entries(places.ShmDir, "shared memory", AnyObjectPid, isDirectory: false);
        var (names, problem) = QueueListing.List(places.MqueueDir);
        // The queues dead runs journaled are checked by name whether or not queues can be listed.
        sweep.Queues(sweep.Journaled.Union(names ?? []), AnyObjectPid);
        sweep.RuntimeEndpoints(places.TempDir);
        return sweep.Result(problem);
    }

    /// <summary>
    /// The conformance sweep: dead probes' objects in /dev/shm and among the queues (listed when
    /// <paramref name="listQueues"/>), plus the queues named in <paramref name="knownQueues"/>
    /// (a just-finished probe's, checked by name whether or not queues can be listed).
    /// </summary>
    public static SweepResult SweepProbeObjects(Places places, bool listQueues, IEnumerable<string> knownQueues)
    {
        var sweep = new Sweep(dryRun: false);
        sweep.Entries(places.ShmDir, "shared memory object", ToolNames.ProbeObjectPid, isDirectory: false);
        string? problem = null;
        var queues = new HashSet<string>(knownQueues, StringComparer.Ordinal);
        if (listQueues)
        {
            (var names, problem) = QueueListing.List(places.MqueueDir);
            queues.UnionWith(names ?? []);
        }
        sweep.Queues(queues, ToolNames.ProbeObjectPid);
        return sweep.Result(problem);
    }

    static int? AnyObjectPid(string name) => ToolNames.ObjectPid(name) ?? ToolNames.ProbeObjectPid(name);

    /// <summary>The pid in a name of the tool's (directory, object, probe object), or null.</summary>
    public static int? OwnerPid(string name) => ToolNames.DirectoryPid(name) ?? AnyObjectPid(name);

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

    /// <summary>One pass: the rules above, applied to directory entries and queues.</summary>
    sealed class Sweep(bool dryRun)
    {
        readonly uint _uid = GetEUid();
        readonly List<Leftover> _found = [];
        readonly HashSet<int> _deadTools = [];
        int _leftAlone;

        /// <summary>Queue names read from the journals of the dead runs' folders this pass removed.</summary>
        public List<string> Journaled { get; } = [];

        public SweepResult Result(string? queueProblem) => new(_found, _leftAlone, queueProblem);

        public void Entries(string place, string kind, Func<string, int?> pidOf, bool isDirectory)
        {
            DirectoryHandle dir;
            try
            {
                dir = DirectoryHandle.OpenBase(place);
            }
            catch (IOException)
            {
                return; // no such place here (no /dev/shm)
            }
            using (dir)
            {
                foreach (var name in ListOrEmpty(dir))
                {
                    if (pidOf(name) is not { } pid || dir.LStat(name) is not { } st)
                        continue;
                    if (st.Uid != _uid || (isDirectory ? !st.IsDirectory : !st.IsRegular))
                    {
                        _leftAlone++; // another user's lookalike, or a link or device under our name: never touched
                        continue;
                    }
                    if (IsRunAlive(pid, QueueListing.EarliestTime(st)))
                        continue;
                    _deadTools.Add(pid);
                    if (isDirectory)
                        ReadJournal(dir, name);
                    Remove(kind, Path.Combine(place, name), pid, () =>
                    {
                        if (!isDirectory)
                            return dir.TryUnlink(name);
                        dir.RemoveTree(name);
                        return true;
                    });
                }
            }
        }

        public void Queues(IEnumerable<string> names, Func<string, int?> pidOf)
        {
            foreach (var name in names)
            {
                if (pidOf(name) is not { } pid)
                    continue;
                // Only the owner or root may unlink a queue, so the owner seen here cannot change before mq_unlink.
                try
                {
                    var (state, created) = QueueListing.Inspect("/" + name);
                    if (state == QueueListing.QueueState.NotOwned)
                        _leftAlone++;
                    if (state != QueueListing.QueueState.Present || IsRunAlive(pid, created))
                        continue;
                    _deadTools.Add(pid);
                    Remove("message queue", "/" + name, pid, () => QueueListing.TryUnlink("/" + name));
                }
                catch (IOException e)
                {
                    _found.Add(new Leftover("message queue", "/" + name, pid, false, e.Message));
                }
            }
        }

        /// <summary>The runtime's endpoints of processes this pass found dead with tool leftovers.</summary>
        public void RuntimeEndpoints(string place)
        {
            if (_deadTools.Count == 0)
                return;
            using var dir = DirectoryHandle.OpenBase(place);
            foreach (var name in ListOrEmpty(dir))
            {
                if (ToolNames.RuntimeEndpointPid(name) is not { } pid || !_deadTools.Contains(pid) || dir.LStat(name) is not { } st)
                    continue;
                var type = st.Mode & S_IFMT;
                if (st.Uid != _uid || (type != S_IFIFO && type != S_IFSOCK))
                {
                    _leftAlone++;
                    continue;
                }
                if (IsRunAlive(pid, QueueListing.EarliestTime(st)))
                    continue;
                Remove(".NET runtime endpoint", Path.Combine(place, name), pid, () => dir.TryUnlink(name));
            }
        }

        void ReadJournal(DirectoryHandle parent, string name)
        {
            try
            {
                using var dir = parent.OpenChild(name);
                Journaled.AddRange(NameJournal.Queues(dir));
            }
            catch (IOException)
            {
                // Not openable (a race with its own removal): nothing journaled to check.
            }
        }

        /// <summary>
        /// Removes a leftover and records it. <paramref name="remove"/> says false when the object had already
        /// vanished: its owner removed it as it finished (a probe of a parallel run exits between our listing and
        /// our liveness check), so it was not left over and is not reported.
        /// </summary>
        void Remove(string kind, string path, int pid, Func<bool> remove)
        {
            string? error = null;
            if (!dryRun)
            {
                try
                {
                    if (!remove())
                        return;
                }
                catch (IOException e)
                {
                    error = e.Message;
                }
            }
            _found.Add(new Leftover(kind, path, pid, !dryRun && error is null, error));
        }

        static List<string> ListOrEmpty(DirectoryHandle dir)
        {
            try
            {
                return dir.Entries();
            }
            catch (IOException)
            {
                return [];
            }
        }
    }
}

using System.Globalization;
using IpcBench.Interop;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Orchestration;

/// <summary>
/// The POSIX message queues of this IPC namespace, and the one safe way to remove one. Queues can
/// only be listed through an mqueue file system: the mounted /dev/mqueue when there is one; as
/// root without it, a private mount made for the occasion (a dedicated thread unshares its mount
/// namespace, makes every mount private, mounts mqueue on a fresh directory, lists it, and the
/// namespace ends with the thread: nothing is ever mounted where anyone else sees it); otherwise
/// they cannot be listed, and only queues whose exact names are known can be checked.
/// </summary>
public static class QueueListing
{
    /// <summary>The queue names (without the slash), or null and why they cannot be listed.</summary>
    public static (IReadOnlyList<string>? Names, string? Problem) List(string mqueueDir)
    {
        if (IsMqueueMount(mqueueDir))
        {
            try
            {
                using var dir = DirectoryHandle.OpenBase(mqueueDir);
                return (dir.Entries(), null);
            }
            catch (IOException e)
            {
                return (null, $"message queues cannot be listed: {e.Message}");
            }
        }
        if (GetEUid() != 0)
            return (null, $"message queues cannot be listed: {mqueueDir} is not an mqueue mount, and only root can mount a private one; "
                + "the queues dead runs recorded in their folders are checked by name");
        return ListThroughPrivateMount();
    }

    /// <summary>Whether <paramref name="dir"/> is an mqueue mount in this process's mount namespace.</summary>
    public static bool IsMqueueMount(string dir)
    {
        try
        {
            return File.ReadLines("/proc/self/mounts").Any(l =>
            {
                var f = l.Split(' ');
                return f.Length > 2 && f[1] == dir && f[2] == "mqueue";
            });
        }
        catch (IOException)
        {
            return false;
        }
    }

    static (IReadOnlyList<string>? Names, string? Problem) ListThroughPrivateMount()
    {
        List<string>? names = null;
        string? problem = null;
        using var temp = DirectoryHandle.OpenTemp();
        DirectoryHandle point;
        try
        {
            point = temp.CreateFresh(ToolNames.DirectoryPrefix(ToolNames.MqueueKind), 0x1C0);
        }
        catch (IOException e)
        {
            return (null, $"message queues cannot be listed: no mount point: {e.Message}");
        }
        using (point)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    names = ListInPrivateNamespace(point);
                }
                catch (IOException e)
                {
                    problem = $"message queues cannot be listed through a private mqueue mount: {e.Message}";
                }
            }, 256 * 1024)
            { IsBackground = true, Name = "private mqueue mount" };
            thread.Start();
            thread.Join();
            try
            {
                temp.RemoveTree(Path.GetFileName(point.Path));
            }
            catch (IOException)
            {
                // Left to `ipcbench clean` (its name carries this pid).
            }
        }
        return (names, problem);
    }

    /// <summary>Runs on a thread of its own, which ends right after: its mount namespace goes with it.</summary>
    static List<string> ListInPrivateNamespace(DirectoryHandle point)
    {
        if (UnshareRaw(CLONE_NEWNS) != 0)
            throw Error("unshare", "CLONE_NEWNS", LastErrno);
        if (MountRaw(null, "/", null, MS_REC | MS_PRIVATE, 0) != 0)
            throw Error("mount", "/ private", LastErrno);
        // The held descriptor belongs to the old namespace's mount: look the directory up again in the new
        // one, check it is the same one this process made, and mount on it through the new descriptor.
        using var here = DirectoryHandle.OpenBase(point.Path, noFollow: true);
        var (made, found) = (FStat(point.Fd), FStat(here.Fd));
        if (made.Dev != found.Dev || made.Ino != found.Ino)
            throw new IOException($"{point.Path} is no longer the directory this process made");
        string target = "/proc/thread-self/fd/" + here.Fd.Fd.ToString(CultureInfo.InvariantCulture);
        if (MountRaw("mqueue", target, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0) != 0)
            throw Error("mount", "mqueue", LastErrno);
        try
        {
            // The held descriptor still names the directory under the mount; a new lookup sees the mount.
            using var mounted = DirectoryHandle.OpenBase(point.Path);
            return mounted.Entries();
        }
        finally
        {
            UMount2Raw(point.Path, MNT_DETACH);
        }
    }

    /// <summary>What <see cref="Inspect"/> found.</summary>
    public enum QueueState { Absent, NotOwned, Present }

    /// <summary>
    /// Whether the queue <paramref name="name"/> (with the slash) exists and belongs to this process's
    /// uid, and when it was made: opened without O_CREAT (nothing is created), the owner read with
    /// fstat on the descriptor (on Linux an mqueue descriptor is an fd). A queue this user cannot
    /// open, or another user's, is <see cref="QueueState.NotOwned"/>.
    /// </summary>
    public static (QueueState State, DateTime CreatedUtc) Inspect(string name)
    {
        int q;
        while ((q = MqOpenRaw(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1 && LastErrno == Errno.EINTR) { }
        if (q == -1)
            return (LastErrno == Errno.ENOENT ? QueueState.Absent : QueueState.NotOwned, default);
        Stat st;
        using (var mq = new SafeMqDescriptor(q))
            st = FStat(mq);
        return st.Uid == GetEUid() ? (QueueState.Present, EarliestTime(st)) : (QueueState.NotOwned, default);
    }

    /// <summary>mq_unlink; a queue already gone is not an error. Only the owner or root may unlink one.</summary>
    public static void Unlink(string name) => TryUnlink(name);

    /// <summary>mq_unlink: true when it removed the queue, false when it was already gone.</summary>
    public static bool TryUnlink(string name)
    {
        if (MqUnlinkRaw(name) == 0)
            return true;
        if (LastErrno == Errno.ENOENT)
            return false;
        throw Error("mq_unlink", name, LastErrno);
    }

    /// <summary>The earlier of change and modification time: a safe stand-in for when an object was made.</summary>
    internal static DateTime EarliestTime(Stat st)
    {
        static DateTime At(TimeSpec t) => DateTime.UnixEpoch.AddSeconds(t.Seconds).AddTicks(t.Nanoseconds / 100);
        var c = At(st.CTime);
        var m = At(st.MTime);
        return c < m ? c : m;
    }
}

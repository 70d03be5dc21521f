using System.Globalization;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Orchestration;

/// <summary>
/// The open-file limit (<c>ulimit -n</c>, RLIMIT_NOFILE) checked before any work, so a low limit
/// is one line and exit 2 instead of a runtime fatal error halfway through a run. The .NET runtime
/// keeps two descriptors per loaded assembly (about 80 once a command is going, measured), a
/// managed peer is such a process too (about 50), and a running cell adds the two peers' stdio
/// pipes and its transport objects; a finished cell gives all of its own back (PeerProcess.Dispose).
/// </summary>
public static class DescriptorBudget
{
    /// <summary>Below this no command works reliably: the runtime itself runs out loading assemblies.</summary>
    public const int Minimum = 128;

    /// <summary>One cell at a time: two peers' stdin/stdout/stderr pipes (both ends while spawning), transport objects, the samples file.</summary>
    public const int PerCell = 16;

    /// <summary>Assemblies still to load (two descriptors each), thread pool and timer handles, the result files.</summary>
    public const int RuntimeReserve = 32;

    /// <summary>The soft limit, or null when unlimited.</summary>
    public static long? SoftLimit()
    {
        var l = GetRLimit(RLIMIT_NOFILE);
        return l.Current >= long.MaxValue ? null : (long)l.Current;
    }

    /// <summary>Descriptors this process holds now (/proc/self/fd, less the one listing it).</summary>
    public static int OpenNow() => Math.Max(0, Directory.GetFileSystemEntries("/proc/self/fd").Length - 1);

    /// <summary>What `ipcbench run` needs from here: what is open, one running cell, and the runtime's reserve.</summary>
    public static long RunNeeds() => Math.Max(Minimum, OpenNow() + PerCell + RuntimeReserve);

    /// <summary>Refuses with one line when the limit is below <paramref name="needed"/>; <paramref name="what"/> says for what.</summary>
    public static void Require(long needed, string what)
    {
        if (SoftLimit() is long limit && limit < needed)
            throw new UsageException(
                $"the open-file limit (ulimit -n) is {limit.ToString(CultureInfo.InvariantCulture)}; {what} needs about {needed.ToString(CultureInfo.InvariantCulture)} " +
                $"(the .NET runtime holds two per loaded assembly, each running cell {PerCell}): raise it, e.g. ulimit -n 1024");
    }
}

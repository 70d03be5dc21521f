using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int RUSAGE_SELF = 0;
    public const int RUSAGE_CHILDREN = -1;
    public const int RUSAGE_THREAD = 1;

    /// <summary>getrusage(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getrusage", SetLastError = true)]
    public static partial int GetRUsageRaw(int who, RUsage* usage);

    /// <summary>getrusage(2); failure throws.</summary>
    public static RUsage GetRUsage(int who = RUSAGE_SELF)
    {
        RUsage u;
        int r;
        do r = GetRUsageRaw(who, &u); while (RetryOrThrow(r, "getrusage"));
        return u;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int RLIMIT_NOFILE = 7;
    public const int RLIMIT_MEMLOCK = 8;
    public const int RLIMIT_MSGQUEUE = 12;

    /// <summary>getrlimit(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimitRaw(int resource, RLimit* limit);

    /// <summary>getrlimit(2); failure throws.</summary>
    public static RLimit GetRLimit(int resource)
    {
        RLimit l;
        int r;
        do r = GetRLimitRaw(resource, &l); while (RetryOrThrow(r, "getrlimit"));
        return l;
    }
}

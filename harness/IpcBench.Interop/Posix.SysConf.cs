using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int _SC_CLK_TCK = 2;
    public const int _SC_OPEN_MAX = 4;
    public const int _SC_PAGESIZE = 30;
    public const int _SC_NPROCESSORS_CONF = 83;
    public const int _SC_NPROCESSORS_ONLN = 84;

    /// <summary>sysconf(3): raw (-1 with errno unchanged means "no limit").</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sysconf", SetLastError = true)]
    public static partial long SysConfRaw(int name);

    /// <summary>sysconf(_SC_PAGESIZE).</summary>
    public static int PageSize => (int)SysConfRaw(_SC_PAGESIZE);
}

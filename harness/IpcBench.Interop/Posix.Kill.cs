using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGBUS = 7;
    public const int SIGSEGV = 11;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;

    /// <summary>kill(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "kill", SetLastError = true)]
    public static partial int KillRaw(int pid, int signal);

    /// <summary>kill(2); failure throws.</summary>
    public static void Kill(int pid, int signal)
    {
        int r;
        do r = KillRaw(pid, signal); while (RetryOrThrow(r, "kill", "pid " + pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Liveness by kill(pid, 0): true when the process exists (EPERM: exists, not ours).</summary>
    public static bool IsProcessAlive(int pid) => pid > 0 && (KillRaw(pid, 0) == 0 || LastErrno == Errno.EPERM);
}

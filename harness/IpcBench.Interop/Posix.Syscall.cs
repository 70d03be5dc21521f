using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>x86-64 system call numbers used through <see cref="SyscallRaw"/>.</summary>
    public static class SysNo
    {
        public const long SetGroups = 116;
        public const long SetResUid = 117;
        public const long SetResGid = 119;
    }

    /// <summary>
    /// <c>long syscall(long number, ...)</c> with three integer arguments: the raw system call,
    /// without the C library's wrapper. Used where the wrapper does more than the call, e.g.
    /// glibc's setresuid() changes the credentials of every thread, the raw call only those of the
    /// calling thread (x86-64: integer arguments only, so the variadic call is safe).
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    public static partial long SyscallRaw(long number, long a, long b, long c);

    /// <summary>
    /// Gives the calling thread only (not the process) uid/gid 65534-style unprivileged credentials:
    /// no supplementary groups, effective gid and uid as given (real and saved ids unchanged, so the
    /// effective capabilities are dropped). Meant for a dedicated thread that ends afterwards.
    /// Returns 0, or the errno of the step that failed.
    /// </summary>
    public static int DropThreadCredentials(uint uid, uint gid)
    {
        if (SyscallRaw(SysNo.SetGroups, 0, 0, 0) == -1)
            return LastErrno;
        if (SyscallRaw(SysNo.SetResGid, -1, gid, -1) == -1)
            return LastErrno;
        if (SyscallRaw(SysNo.SetResUid, -1, uid, -1) == -1)
            return LastErrno;
        return 0;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>SYS_futex on x86-64.</summary>
    public const long SYS_futex = 202;
    public const int FUTEX_WAIT = 0;
    public const int FUTEX_WAKE = 1;
    public const int FUTEX_PRIVATE_FLAG = 128;

    /// <summary>
    /// syscall(2) with six fixed long arguments: glibc's <c>syscall</c> reads its variadic arguments from the argument
    /// registers like a normal call, so a fixed prototype is sound on x86-64.
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "syscall", SetLastError = true)]
    public static partial long SyscallRaw(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /// <summary>
    /// Shared FUTEX_WAIT (no private flag: the word may live in a MAP_SHARED mapping): sleeps while <c>*word == expected</c>,
    /// at most <paramref name="timeout"/> (relative; null: no bound). Returns 0 when woken, or the errno:
    /// EAGAIN (the word differed), ETIMEDOUT, EINTR (the caller re-checks; no retry here). Other errors throw.
    /// </summary>
    public static int FutexWait(uint* word, uint expected, TimeSpec* timeout)
    {
        long r = SyscallRaw(SYS_futex, (long)word, FUTEX_WAIT, expected, (long)timeout, 0, 0);
        if (r == 0)
            return 0;
        int e = LastErrno;
        if (e == Errno.EAGAIN || e == Errno.ETIMEDOUT || e == Errno.EINTR)
            return e;
        throw new PosixException("futex", "FUTEX_WAIT", e);
    }

    /// <summary>Shared FUTEX_WAKE of up to <paramref name="count"/> waiters on <paramref name="word"/>: the number woken.</summary>
    public static int FutexWake(uint* word, int count)
    {
        long r;
        do r = SyscallRaw(SYS_futex, (long)word, FUTEX_WAKE, count, 0, 0, 0); while (RetryOrThrow(r, "futex", "FUTEX_WAKE"));
        return (int)r;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static partial class Posix
{
    /// <summary>errno of the last <c>SetLastError</c> call on this thread.</summary>
    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>
    /// The choke point: call after every raw call that returns -1 on failure.
    /// Returns false on success, true when the call was interrupted (EINTR) and must be repeated;
    /// any other failure throws a <see cref="PosixException"/> naming <paramref name="call"/> and <paramref name="detail"/>.
    /// </summary>
    /// <example><c>int fd; do fd = OpenRaw(path, flags, mode); while (RetryOrThrow(fd, "open", path));</c></example>
    public static bool RetryOrThrow(long result, string call, string? detail = null)
    {
        if (result != -1)
            return false;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EINTR)
            return true;
        throw new PosixException(call, detail, errno);
    }

    /// <summary>As <see cref="RetryOrThrow(long, string, string?)"/>, the detail being a file descriptor (formatted only on failure).</summary>
    public static bool RetryOrThrow(long result, string call, SafeHandle fd)
    {
        if (result != -1)
            return false;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EINTR)
            return true;
        throw new PosixException(call, "fd " + fd.DangerousGetHandle().ToString(), errno);
    }

    /// <summary>The <see cref="PosixException"/> for errno <paramref name="errno"/>, to throw (no EINTR handling).</summary>
    public static PosixException Error(string call, string? detail, int errno) => new(call, detail, errno);
}

/// <summary>
/// A failed system call: the call, what it was applied to, the errno number and its name.
/// Message: <c>shm_open(/x): EEXIST (File exists)</c>.
/// </summary>
internal sealed class PosixException : IOException
{
    public PosixException(string call, string? detail, int errno)
        : base(Format(call, detail, errno))
    {
        Call = call;
        Detail = detail;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The C function, e.g. <c>shm_open</c>.</summary>
    public string Call { get; }

    /// <summary>What it was applied to (a path, a name, "fd 5"), or null.</summary>
    public string? Detail { get; }

    /// <summary>errno value (Linux numbering).</summary>
    public int Errno { get; }

    /// <summary>Symbolic errno, e.g. <c>EEXIST</c>.</summary>
    public string ErrnoName => Posix.Errno.Name(Errno);

    private static string Format(string call, string? detail, int errno)
        => $"{call}{(detail is null ? "" : "(" + detail + ")")}: {Posix.Errno.Name(errno)} ({Marshal.GetPInvokeErrorMessage(errno)})";
}

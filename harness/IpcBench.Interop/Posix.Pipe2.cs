using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>pipe2(2): raw; <paramref name="fds"/> points to two ints (read end, write end).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2Raw(int* fds, int flags);

    /// <summary>pipe2(2) with <paramref name="flags"/> (O_CLOEXEC, O_NONBLOCK, O_DIRECT): both ends owned.</summary>
    public static void Pipe2(int flags, out SafeFileDescriptor readEnd, out SafeFileDescriptor writeEnd)
    {
        int* fds = stackalloc int[2];
        int r;
        do r = Pipe2Raw(fds, flags); while (RetryOrThrow(r, "pipe2"));
        readEnd = new SafeFileDescriptor(fds[0]);
        writeEnd = new SafeFileDescriptor(fds[1]);
    }
}

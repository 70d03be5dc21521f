using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>fchmod(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChModRaw(SafeFileDescriptor fd, uint mode);

    /// <summary>fchmod(2): sets the exact mode of the open file, whatever the umask; failure throws.</summary>
    public static void FChMod(SafeFileDescriptor fd, uint mode)
    {
        int r;
        do r = FChModRaw(fd, mode); while (RetryOrThrow(r, "fchmod", fd));
    }
}

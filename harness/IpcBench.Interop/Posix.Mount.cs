using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int CLONE_NEWNS = 0x00020000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_PRIVATE = 0x40000;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_NOEXEC = 0x8;
    public const int MNT_DETACH = 2;

    /// <summary>unshare(2): raw. CLONE_NEWNS in a multi-threaded process affects the calling thread only.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "unshare", SetLastError = true)]
    public static partial int UnshareRaw(int flags);

    /// <summary>mount(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MountRaw(string? source, string target, string? fsType, ulong flags, nint data);

    /// <summary>umount2(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UMount2Raw(string target, int flags);
}

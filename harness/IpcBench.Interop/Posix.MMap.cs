using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int PROT_NONE = 0;
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int PROT_EXEC = 4;
    public const int MAP_SHARED = 0x01;
    public const int MAP_PRIVATE = 0x02;
    public const int MAP_SHARED_VALIDATE = 0x03;
    public const int MAP_FIXED = 0x10;
    public const int MAP_ANONYMOUS = 0x20;
    public const int MAP_NORESERVE = 0x4000;
    public const int MAP_POPULATE = 0x8000;
    public const int MAP_FIXED_NOREPLACE = 0x100000;

    /// <summary><c>MAP_FAILED</c>, i.e. <c>(void*)-1</c>.</summary>
    public static readonly void* MAP_FAILED = (void*)-1;

    /// <summary>mmap(2): raw (64-bit off_t); returns <see cref="MAP_FAILED"/> on failure.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mmap", SetLastError = true)]
    public static partial void* MMapRaw(void* address, nuint length, int prot, int flags, int fd, long offset);

    /// <summary>mmap(2) of <paramref name="fd"/> (null: anonymous, fd -1); the mapping is owned by the returned region.</summary>
    public static MappedRegion MMap(nuint length, int prot, int flags, SafeFileDescriptor? fd, long offset = 0)
    {
        bool added = false;
        try
        {
            fd?.DangerousAddRef(ref added);
            int n = fd is null ? -1 : fd.Fd;
            void* p;
            do p = MMapRaw(null, length, prot, flags, n, offset); while (RetryOrThrow((long)p, "mmap", fd is null ? "anonymous" : fd.ToString()));
            return new MappedRegion(p, length);
        }
        finally
        {
            if (added)
                fd!.DangerousRelease();
        }
    }
}

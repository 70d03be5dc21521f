using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFSOCK = 0xC000;

    /// <summary><c>struct stat</c> as the x86-64 kernel and glibc lay it out (144 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Stat
    {
        public ulong Dev;
        public ulong Ino;
        public ulong NLink;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        private int _pad0;
        public ulong RDev;
        public long Size;
        public long BlkSize;
        public long Blocks;
        public TimeSpec ATime;
        public TimeSpec MTime;
        public TimeSpec CTime;
        private fixed long _reserved[3];

        public readonly bool IsFifo => (Mode & S_IFMT) == S_IFIFO;
        public readonly bool IsRegular => (Mode & S_IFMT) == S_IFREG;
        public readonly bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;
        /// <summary>The permission bits (and set-id/sticky bits).</summary>
        public readonly uint Permissions => Mode & 0xFFF;
    }

    /// <summary><c>int fstat(int fd, struct stat *st)</c>; exported by glibc since 2.33 (before, only __fxstat).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fstat", SetLastError = true)]
    public static partial int FStatRaw(SafeFileDescriptor fd, Stat* st);

    /// <summary>fstat of a message-queue descriptor (an fd of the mqueue file system on Linux: st_uid is the queue's owner).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fstat", SetLastError = true)]
    public static partial int FStatRaw(SafeMqDescriptor mq, Stat* st);

    /// <summary>fstat of a message-queue descriptor, EINTR retried, errors thrown.</summary>
    public static Stat FStat(SafeMqDescriptor mq)
    {
        Stat st;
        int r;
        do r = FStatRaw(mq, &st); while (RetryOrThrow(r, "fstat", mq));
        return st;
    }

    /// <summary>fstat, EINTR retried, errors thrown.</summary>
    public static Stat FStat(SafeFileDescriptor fd)
    {
        Stat st;
        int r;
        do r = FStatRaw(fd, &st); while (RetryOrThrow(r, "fstat", fd));
        return st;
    }
}

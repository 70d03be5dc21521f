using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary><c>struct timespec</c> (x86-64: two longs).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;

        public TimeSpec(long seconds, long nanoseconds) { Seconds = seconds; Nanoseconds = nanoseconds; }

        public static TimeSpec FromMilliseconds(long ms) => new(ms / 1000, ms % 1000 * 1_000_000);

        public readonly long TotalNanoseconds => Seconds * 1_000_000_000 + Nanoseconds;
    }

    /// <summary><c>struct timeval</c> (x86-64: two longs).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly long TotalNanoseconds => Seconds * 1_000_000_000 + Microseconds * 1000;
    }

    /// <summary><c>struct mq_attr</c> (x86-64: four longs + four reserved longs, 64 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MqAttr
    {
        public long Flags;
        public long MaxMsg;
        public long MsgSize;
        public long CurMsgs;
        public fixed long Reserved[4];
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    /// <summary><c>struct rusage</c> (x86-64, 144 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals;
        public long NVcsw;
        public long NIvcsw;
    }

    /// <summary><c>struct rlimit</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;

        /// <summary><c>RLIM_INFINITY</c>.</summary>
        public const ulong Infinity = ulong.MaxValue;
    }

    /// <summary><c>cpu_set_t</c>: 1024 CPUs, 128 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CpuSet
    {
        public const int MaxCpus = 1024;
        public fixed ulong Bits[MaxCpus / 64];

        public void Set(int cpu)
        {
            if ((uint)cpu >= MaxCpus)
                throw new ArgumentOutOfRangeException(nameof(cpu), cpu, "CPU number must be in 0..1023");
            Bits[cpu / 64] |= 1UL << (cpu % 64);
        }

        public readonly bool IsSet(int cpu) => (uint)cpu < MaxCpus && (Bits[cpu / 64] & (1UL << (cpu % 64))) != 0;
    }

    /// <summary><c>struct sockaddr_un</c> (110 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrUn
    {
        public const int PathCapacity = 108;
        public ushort Family;
        public fixed byte Path[PathCapacity];

        /// <summary>AF_UNIX address of <paramref name="path"/>; the UTF-8 path must leave room for the NUL (at most 107 bytes).</summary>
        public static SockAddrUn For(string path)
        {
            var a = new SockAddrUn { Family = (ushort)AF_UNIX };
            int n = System.Text.Encoding.UTF8.GetByteCount(path);
            if (n >= PathCapacity)
                throw new ArgumentException($"socket path is {n} bytes, at most {PathCapacity - 1} fit in sockaddr_un: {path}", nameof(path));
            System.Text.Encoding.UTF8.GetBytes(path, new Span<byte>(a.Path, PathCapacity));
            return a;
        }

        /// <summary>Length to pass to bind/connect: family + path + NUL.</summary>
        public static uint LengthFor(string path) => (uint)(sizeof(ushort) + System.Text.Encoding.UTF8.GetByteCount(path) + 1);
    }
}

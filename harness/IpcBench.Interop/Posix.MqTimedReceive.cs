using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_timedreceive(3): raw; <paramref name="deadline"/> is absolute CLOCK_REALTIME (null: block without bound).</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_timedreceive", SetLastError = true)]
    public static partial nint MqTimedReceiveRaw(SafeMqDescriptor mq, byte* buffer, nuint length, uint* priority, TimeSpec* deadline);

    /// <summary>
    /// mq_timedreceive(3) into <paramref name="buffer"/> (must be at least the queue's msgsize): the message length,
    /// or -1 on ETIMEDOUT (or EAGAIN on a non-blocking queue); EINTR retried; other failures throw.
    /// </summary>
    public static int MqTimedReceive(SafeMqDescriptor mq, Span<byte> buffer, out uint priority, TimeSpec* deadline)
    {
        uint prio = 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = MqTimedReceiveRaw(mq, p, (nuint)buffer.Length, &prio, deadline);
                if (n >= 0)
                {
                    priority = prio;
                    return (int)n;
                }
                int e = LastErrno;
                if (e == Errno.ETIMEDOUT || e == Errno.EAGAIN)
                {
                    priority = 0;
                    return -1;
                }
                RetryOrThrow(n, "mq_timedreceive", mq);
            }
        }
    }
}

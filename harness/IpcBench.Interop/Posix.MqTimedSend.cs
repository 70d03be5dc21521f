using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_timedsend(3): raw; <paramref name="deadline"/> is absolute CLOCK_REALTIME (null: block without bound).</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_timedsend", SetLastError = true)]
    public static partial int MqTimedSendRaw(SafeMqDescriptor mq, byte* message, nuint length, uint priority, TimeSpec* deadline);

    /// <summary>mq_timedsend(3): true when sent, false on ETIMEDOUT (or EAGAIN on a non-blocking queue); EINTR retried; other failures throw.</summary>
    public static bool MqTimedSend(SafeMqDescriptor mq, ReadOnlySpan<byte> message, uint priority, TimeSpec* deadline)
    {
        fixed (byte* p = message)
        {
            while (true)
            {
                int r = MqTimedSendRaw(mq, p, (nuint)message.Length, priority, deadline);
                if (r == 0)
                    return true;
                int e = LastErrno;
                if (e == Errno.ETIMEDOUT || e == Errno.EAGAIN)
                    return false;
                RetryOrThrow(r, "mq_timedsend", mq);
            }
        }
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>
    /// <c>int mq_setattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr)</c>:
    /// only O_NONBLOCK of <c>mq_flags</c> is taken from <paramref name="newAttr"/>.
    /// </summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_setattr", SetLastError = true)]
    public static partial int MqSetAttrRaw(SafeMqDescriptor mq, MqAttr* newAttr, MqAttr* oldAttr);

    /// <summary>mq_setattr, EINTR retried, errors thrown; returns the previous attributes.</summary>
    public static MqAttr MqSetAttr(SafeMqDescriptor mq, in MqAttr newAttr)
    {
        MqAttr old;
        int r;
        fixed (MqAttr* n = &newAttr)
        {
            do r = MqSetAttrRaw(mq, n, &old); while (RetryOrThrow(r, "mq_setattr", mq));
        }
        return old;
    }
}

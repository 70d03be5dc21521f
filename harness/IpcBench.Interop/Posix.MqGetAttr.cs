using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_getattr(3): raw.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_getattr", SetLastError = true)]
    public static partial int MqGetAttrRaw(SafeMqDescriptor mq, MqAttr* attr);

    /// <summary>mq_getattr(3); failure throws.</summary>
    public static MqAttr MqGetAttr(SafeMqDescriptor mq)
    {
        MqAttr a;
        int r;
        do r = MqGetAttrRaw(mq, &a); while (RetryOrThrow(r, "mq_getattr", mq));
        return a;
    }
}

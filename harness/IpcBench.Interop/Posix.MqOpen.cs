using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_open(3), open an existing queue: raw.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MqOpenRaw(string name, int flags);

    /// <summary>mq_open(3) with O_CREAT: raw; <paramref name="attr"/> may be null (system defaults).</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MqOpenRaw(string name, int flags, uint mode, MqAttr* attr);

    /// <summary>mq_open(3) of an existing queue; failure throws.</summary>
    public static SafeMqDescriptor MqOpen(string name, int flags)
    {
        int q;
        do q = MqOpenRaw(name, flags); while (RetryOrThrow(q, "mq_open", name));
        return new SafeMqDescriptor(q);
    }

    /// <summary>mq_open(3) creating (with O_CREAT, O_EXCL) a queue of <paramref name="attr"/>'s maxmsg and msgsize; failure throws.</summary>
    public static SafeMqDescriptor MqOpen(string name, int flags, uint mode, in MqAttr attr)
    {
        int q;
        fixed (MqAttr* a = &attr)
        {
            do q = MqOpenRaw(name, flags, mode, a); while (RetryOrThrow(q, "mq_open", name));
        }
        return new SafeMqDescriptor(q);
    }
}

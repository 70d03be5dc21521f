using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_unlink(3): raw.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MqUnlinkRaw(string name);

    /// <summary>mq_unlink(3); failure throws.</summary>
    public static void MqUnlink(string name)
    {
        int r;
        do r = MqUnlinkRaw(name); while (RetryOrThrow(r, "mq_unlink", name));
    }
}

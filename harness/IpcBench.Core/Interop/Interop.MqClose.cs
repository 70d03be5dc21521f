using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>mq_close(3): raw. Prefer disposing the <see cref="SafeMqDescriptor"/>.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_close", SetLastError = true)]
    public static partial int MqCloseRaw(int mqd);
}

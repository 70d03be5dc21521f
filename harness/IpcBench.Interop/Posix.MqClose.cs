using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mq_close(3): raw. Prefer disposing the <see cref="SafeMqDescriptor"/>.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "mq_close", SetLastError = true)]
    public static partial int MqCloseRaw(int mqd);
}

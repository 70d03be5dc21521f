using System.Reflection;
using System.Runtime.CompilerServices;
using IpcBench.Interop;
using IpcBench.Transports;

namespace IpcBench.Peer;

/// <summary>
/// Compiles, before RUN, the code a timed phase can reach for the first time only inside its window: a producer's wait
/// for a full ring, the futex calls, the progress report, a stream's partial-read path. With tiered compilation off
/// every first call is a full JIT on the measuring thread, hundreds of µs of CPU each; a short warm-up (small
/// <c>--warmup</c>, or a ring that fills only later) did not reach them, and DONE's <c>jit_window</c> showed 3-5 per cell.
/// Only what this peer's transport uses: compiling everything would cost every peer start tens of ms.
/// </summary>
internal static class PeerPrecompile
{
    const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>The system calls the transports make from their hot and wait paths.</summary>
    static readonly HashSet<string> PosixCalls = new(StringComparer.Ordinal)
    {
        nameof(Posix.FutexWait), nameof(Posix.FutexWake), nameof(Posix.SyscallRaw), nameof(Posix.PollRaw),
        nameof(Posix.ReadRaw), nameof(Posix.WriteRaw), nameof(Posix.MqTimedSend), nameof(Posix.MqTimedSendRaw),
        nameof(Posix.MqTimedReceive), nameof(Posix.MqTimedReceiveRaw), nameof(Posix.SchedYield),
    };

    public static void For(IMessageTransport? transport)
    {
        if (transport is not null)
            AllOf(transport.GetType());
        AllOf(typeof(Progress));
        RuntimeHelpers.RunClassConstructor(typeof(Deadlines).TypeHandle);
        AllOf(typeof(Deadlines));
        foreach (var m in typeof(Posix).GetMethods(Declared).Where(m => PosixCalls.Contains(m.Name)))
            Prepare(m);
    }

    static void AllOf(Type t)
    {
        foreach (var m in t.GetMethods(Declared))
            Prepare(m);
        foreach (var c in t.GetConstructors(Declared))
            Prepare(c);
    }

    static void Prepare(MethodBase m)
    {
        if (m.IsAbstract || m.ContainsGenericParameters || (m.MethodImplementationFlags & MethodImplAttributes.InternalCall) != 0)
            return;
        RuntimeHelpers.PrepareMethod(m.MethodHandle);
    }
}

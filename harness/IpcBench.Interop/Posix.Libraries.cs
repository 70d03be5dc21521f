using System.Reflection;
using System.Runtime.InteropServices;

namespace IpcBench.Interop;

/// <summary>
/// The project's own bindings to the C library, in the dotnet/runtime System.Native style:
/// one partial class, one file per call (<c>Posix.&lt;Call&gt;.cs</c>), <c>[LibraryImport]</c> with
/// <c>SetLastError = true</c> and UTF-8 strings.
/// </summary>
/// <remarks>
/// Pattern of every file (copy it to add a call):
/// <list type="bullet">
/// <item><c>&lt;Call&gt;Raw</c>: the bare <c>[LibraryImport]</c>, returns what C returns (-1 and errno on failure;
/// read errno with <see cref="LastErrno"/> right after the call).</item>
/// <item><c>&lt;Call&gt;</c>: the checked form: <c>do r = CallRaw(...); while (RetryOrThrow(r, "call", detail));</c>,
/// so EINTR is retried and any other errno becomes a <see cref="PosixException"/> in one place
/// (<see cref="RetryOrThrow(long, string, string?)"/>); fds come back owned by a <see cref="SafeFileDescriptor"/>.</item>
/// <item>Constants of a call live in its file; structs in <c>Posix.Structs.cs</c>; library names here.</item>
/// </list>
/// Layouts and constants are the x86-64 Linux ones (the managed peer is x86-64 only).
/// Internal, like everything in this assembly: IpcBench.Interop.csproj names the assemblies that may call it.
/// </remarks>
internal static unsafe partial class Posix
{
    /// <summary>Logical library names used in <c>[LibraryImport]</c>; resolved by <see cref="ResolveLibrary"/>.</summary>
    public static class Libraries
    {
        /// <summary>glibc (<c>libc.so.6</c>).</summary>
        public const string Libc = "libc";

        /// <summary>
        /// Where <c>shm_open</c> and <c>mq_*</c> live: <c>libc.so.6</c> on glibc &gt;= 2.34, <c>librt.so.1</c> before.
        /// </summary>
        public const string Rt = "rt";
    }

    private static IntPtr s_libc;
    private static IntPtr s_rt;

    // The one DllImport resolver of this assembly (an assembly can have only one): add names above.
    static Posix() => NativeLibrary.SetDllImportResolver(typeof(Posix).Assembly, ResolveLibrary);

    private static IntPtr ResolveLibrary(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        switch (name)
        {
            case Libraries.Libc:
                return LoadLibc();
            case Libraries.Rt:
                if (s_rt != IntPtr.Zero)
                    return s_rt;
                IntPtr libc = LoadLibc();
                if (libc != IntPtr.Zero && NativeLibrary.TryGetExport(libc, "shm_open", out _))
                    return s_rt = libc;
                if (NativeLibrary.TryLoad("librt.so.1", out IntPtr rt))
                    return s_rt = rt;
                return IntPtr.Zero;
            default:
                return IntPtr.Zero;
        }
    }

    private static IntPtr LoadLibc()
    {
        if (s_libc == IntPtr.Zero && NativeLibrary.TryLoad("libc.so.6", out IntPtr h))
            s_libc = h;
        return s_libc;
    }

    /// <summary>Which file <see cref="Libraries.Rt"/> resolved to ("libc.so.6" or "librt.so.1"), for diagnostics.</summary>
    public static string RtLibraryName
    {
        get
        {
            IntPtr h = ResolveLibrary(Libraries.Rt, typeof(Posix).Assembly, null);
            return h == IntPtr.Zero ? "(none)" : h == LoadLibc() ? "libc.so.6" : "librt.so.1";
        }
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Benchmarks;

/// <summary>
/// The same calls as the project's bindings, declared the classic way: <c>[DllImport]</c> with an int descriptor and
/// the marshalling stub generated at run time. Only the interop benchmarks use them.
/// </summary>
internal static unsafe class ClassicLibc
{
    private const string Libc = "libc.so.6";

#pragma warning disable SYSLIB1054 // the classic [DllImport] is what is being measured
#pragma warning disable CA5392 // an absolute soname: no search path involved
    [DllImport(Libc, EntryPoint = "getppid")]
    public static extern int GetPPid();

    [DllImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte* buffer, nuint count);

    [DllImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte* buffer, nuint count);
#pragma warning restore CA5392
#pragma warning restore SYSLIB1054
}

/// <summary>
/// The same calls through unmanaged function pointers resolved once with <see cref="NativeLibrary.GetExport"/>:
/// no stub beyond the GC transition, and no errno capture (read it with <see cref="Marshal.GetLastSystemError"/>
/// right after a failure).
/// </summary>
internal static unsafe class LibcFunctionPointers
{
    public static readonly delegate* unmanaged<int> GetPPid;
    public static readonly delegate* unmanaged<int, byte*, nuint, nint> Write;
    public static readonly delegate* unmanaged<int, byte*, nuint, nint> Read;

#pragma warning disable CA1810 // one library handle for the three exports
    static LibcFunctionPointers()
    {
        IntPtr libc = NativeLibrary.Load("libc.so.6");
        GetPPid = (delegate* unmanaged<int>)NativeLibrary.GetExport(libc, "getppid");
        Write = (delegate* unmanaged<int, byte*, nuint, nint>)NativeLibrary.GetExport(libc, "write");
        Read = (delegate* unmanaged<int, byte*, nuint, nint>)NativeLibrary.GetExport(libc, "read");
    }
#pragma warning restore CA1810
}

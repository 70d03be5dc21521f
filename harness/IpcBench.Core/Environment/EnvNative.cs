using System.Runtime.InteropServices;

namespace IpcBench.Env;

/// <summary>
/// The few libc calls environment capture needs, private to it (the transports' bindings live in
/// harness/IpcBench.Interop). Every wrapper returns null instead of throwing when the call or symbol is missing.
/// </summary>
internal static unsafe partial class EnvNative
{
    private const string Libc = "libc";

    /// <summary>Linux/glibc struct utsname: six char[65] fields.</summary>
    private const int UtsFieldLength = 65;
    private const int UtsFields = 6;

    /// <summary>RLIMIT_MSGQUEUE on Linux (all architectures).</summary>
    internal const int RlimitMsgqueue = 12;

    [LibraryImport(Libc, EntryPoint = "uname", SetLastError = true)]
    private static partial int UnameRaw(byte* buf);

    [LibraryImport(Libc, EntryPoint = "gnu_get_libc_version")]
    private static partial byte* GnuGetLibcVersionRaw();

    [LibraryImport(Libc, EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimitRaw(int resource, ulong* rlim);

    [LibraryImport(Libc, EntryPoint = "geteuid")]
    private static partial uint GetEUidRaw();

    /// <summary>uname(2): sysname, nodename, release, version, machine; null if the call fails.</summary>
    internal static (string Sysname, string Nodename, string Release, string Version, string Machine)? Uname()
    {
        try
        {
            byte* buf = stackalloc byte[UtsFieldLength * UtsFields + 64];
            new Span<byte>(buf, UtsFieldLength * UtsFields + 64).Clear();
            if (UnameRaw(buf) != 0)
                return null;
            string F(int i) => Marshal.PtrToStringUTF8((nint)(buf + i * UtsFieldLength)) ?? "";
            return (F(0), F(1), F(2), F(3), F(4));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>gnu_get_libc_version(); null when the C library is not glibc.</summary>
    internal static string? GlibcVersion()
    {
        try
        {
            byte* p = GnuGetLibcVersionRaw();
            return p == null ? null : Marshal.PtrToStringUTF8((nint)p);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>getrlimit(2) of <paramref name="resource"/>: (soft, hard), -1 for RLIM_INFINITY; null on failure.</summary>
    internal static (long Soft, long Hard)? GetRLimit(int resource)
    {
        if (nint.Size != 8)
            return null; // rlim_t is unsigned long; this build is 64-bit only
        try
        {
            ulong* rl = stackalloc ulong[2];
            if (GetRLimitRaw(resource, rl) != 0)
                return null;
            static long Conv(ulong v) => v == ulong.MaxValue || v > long.MaxValue ? -1 : (long)v;
            return (Conv(rl[0]), Conv(rl[1]));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    internal static uint? GetEUid()
    {
        try
        {
            return GetEUidRaw();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace IpcBench.Conformance.Model;

/// <summary>Which C library this process runs on, and the effective uid, without any P/Invoke declaration.</summary>
internal static class Libc
{
    /// <summary>("glibc", gnu_get_libc_version()), ("musl", version or "unknown"), or ("unknown", "unknown").</summary>
    public static unsafe (string Name, string Version) Identify()
    {
        try
        {
            if (NativeLibrary.TryLoad("libc.so.6", out var h) && NativeLibrary.TryGetExport(h, "gnu_get_libc_version", out var fn))
            {
                var p = ((delegate* unmanaged<nint>)fn)();
                if (Marshal.PtrToStringUTF8(p) is { Length: > 0 } v)
                    return ("glibc", v);
            }
            if (File.ReadLines("/proc/self/maps").Any(l => l.Contains("ld-musl", StringComparison.Ordinal)))
                return ("musl", "unknown");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException)
        {
        }
        return ("unknown", "unknown");
    }

    /// <summary>The effective uid, from /proc/self/status ("Uid: real effective saved fs").</summary>
    public static uint GetEuid()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            var fields = line[4..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return uint.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return uint.MaxValue;
        }
    }
}

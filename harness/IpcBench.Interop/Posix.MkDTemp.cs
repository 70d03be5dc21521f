using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mkdtemp(3): raw; <paramref name="template"/> is a NUL-terminated UTF-8 path ending in XXXXXX, rewritten in place.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdtemp", SetLastError = true)]
    public static partial byte* MkDTempRaw(byte* template);

    /// <summary>mkdtemp(3): creates a fresh 0700 directory from <paramref name="template"/> (ending in "XXXXXX"); returns its path.</summary>
    public static string MkDTemp(string template)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(template);
        byte[] buf = new byte[n + 1];
        System.Text.Encoding.UTF8.GetBytes(template, buf);
        fixed (byte* p = buf)
        {
            byte* r;
            do r = MkDTempRaw(p); while (r == null && RetryOrThrow(-1, "mkdtemp", template));
            return System.Text.Encoding.UTF8.GetString(p, n);
        }
    }
}

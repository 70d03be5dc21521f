using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace IpcBench.Orchestration;

/// <summary>
/// Whether the running kernel executes a built native program. A 64-bit kernel without IA-32
/// emulation (<c>ia32_emulation=0</c>, <c>CONFIG_IA32_EMULATION</c> off, or a hypervisor that runs
/// no 32-bit user code, as on PVM guests) refuses i686 programs with ENOEXEC. That is a property of
/// the kernel under test, not a build problem: callers report it as unavailable with this reason,
/// also on CI, where a program that was not built at all is a failure.
/// </summary>
public static class NativeExecution
{
    const int ENOEXEC = 8;

    static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    /// <summary>Why the kernel refuses to execute <paramref name="path"/>, or null when it starts (checked once per path).</summary>
    public static string? KernelRefuses(string path) => Cache.GetOrAdd(path, Try);

    static string? Try(string path)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            // Started and stopped at once: only execve's verdict matters here.
            using var p = Process.Start(psi);
            if (p is null)
                return null;
            try { p.Kill(); } catch (InvalidOperationException) { }
            p.WaitForExit();
            p.StandardInput.Close();
            p.StandardOutput.Close();
            p.StandardError.Close();
            return null;
        }
        catch (Win32Exception e) when (e.NativeErrorCode == ENOEXEC)
        {
            return "the running kernel does not execute 32-bit x86 programs (execve: ENOEXEC; "
                + "IA-32 emulation is off, e.g. ia32_emulation=0, or the hypervisor runs no 32-bit user code)";
        }
        catch (Win32Exception)
        {
            return null; // not found or not executable: the caller's own checks say so
        }
    }
}

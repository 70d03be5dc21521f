using System.Globalization;
using System.Runtime.InteropServices;
using IpcBench.Env;

namespace IpcBench.Conformance.Model;

/// <summary>The facts of the running system that verdicts and report keys depend on.</summary>
public sealed record HostFacts
{
    /// <summary><c>uname -r</c>, e.g. "6.8.0-45-generic".</summary>
    public required string KernelRelease { get; init; }
    /// <summary>The numeric part of the release, e.g. 6.8.0.</summary>
    public required Version Kernel { get; init; }
    /// <summary><c>uname -v</c>.</summary>
    public string? KernelVersion { get; init; }
    /// <summary><c>uname -m</c>.</summary>
    public required string Machine { get; init; }
    /// <summary>"glibc", "musl" or "unknown".</summary>
    public required string LibcName { get; init; }
    /// <summary>e.g. "2.39"; "unknown" when the C library does not say.</summary>
    public required string LibcVersion { get; init; }
    public string? Distribution { get; init; }
    public required uint Uid { get; init; }
    public bool IsRoot => Uid == 0;

    static readonly Lazy<HostFacts> Lazy = new(Read);

    /// <summary>The running host (read once).</summary>
    public static HostFacts Current => Lazy.Value;

    static HostFacts Read()
    {
        EnvironmentInfo? env = null;
        try
        {
            env = EnvironmentCapture.Capture();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or DllNotFoundException or EntryPointNotFoundException)
        {
        }
        var release = env?.KernelRelease ?? ReadProc("/proc/sys/kernel/osrelease") ?? "unknown";
        var (libcName, libcVersion) = env?.GlibcVersion is { } g ? ("glibc", g) : Libc.Identify();
        return new HostFacts
        {
            KernelRelease = release,
            Kernel = ParseKernel(release),
            KernelVersion = env?.KernelVersion ?? ReadProc("/proc/sys/kernel/version"),
            Machine = env?.Machine ?? MachineName(),
            LibcName = libcName,
            LibcVersion = libcVersion,
            Distribution = env?.Distribution,
            Uid = env?.UserId ?? Libc.GetEuid(),
        };
    }

    /// <summary>"6.8.0-45-generic" gives 6.8.0; anything unreadable gives 0.0.</summary>
    public static Version ParseKernel(string release)
    {
        var numeric = new string(release.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        var parts = numeric.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray();
        return parts.Length switch
        {
            0 => new Version(0, 0),
            1 => new Version(parts[0], 0),
            2 => new Version(parts[0], parts[1]),
            _ => new Version(parts[0], parts[1], parts[2]),
        };
    }

    /// <summary>
    /// The kernel's word size from its <c>uname -m</c> (the probe's <c>kernel_machine</c>): 32 for a native i386..i686
    /// kernel, 64 otherwise, also when unknown (the managed checks run in a 64-bit process, so on a 64-bit kernel).
    /// </summary>
    public static int KernelBits(string? machine) => machine is "i386" or "i486" or "i586" or "i686" ? 32 : 64;

    static string? ReadProc(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static string MachineName() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "i686",
        Architecture.Arm64 => "aarch64",
        var a => a.ToString().ToLowerInvariant(),
    };
}

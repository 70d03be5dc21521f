using IpcBench.Orchestration;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// Finds the ipcprobe binaries (native/&lt;abi&gt;/ipcprobe next to the assemblies, copied there by
/// native/native.targets; IPCBENCH_NATIVE_DIR overrides, as for the peers) and checks each one runs:
/// <c>ipcprobe --list</c> must exit 0 and print case ids. An i686 binary the kernel refuses
/// (32-bit compat switched off) becomes unavailable with that reason.
/// </summary>
public static class AbiDiscovery
{
    static readonly Lazy<Task<IReadOnlyList<Abi>>> Cached = new(() => DiscoverAsync(PeerLocator.NativeDirectory));

    /// <summary>The native folder: IPCBENCH_NATIVE_DIR, else native/ next to the assemblies.</summary>
    public static string NativeDirectory => PeerLocator.NativeDirectory;

    /// <summary>All known ABIs, available or not with the reason; computed once per process.</summary>
    public static IReadOnlyList<Abi> All() => Cached.Value.GetAwaiter().GetResult();

    /// <summary>Why i686 was not built (native/build/i686.unavailable, written by native/Makefile), or null.</summary>
    public static string? I686UnavailableFile(string? nativeDir = null)
    {
        var f = Path.Combine(nativeDir ?? NativeDirectory, "i686.unavailable");
        return File.Exists(f) ? File.ReadAllText(f).Trim() : null;
    }

    public static async Task<IReadOnlyList<Abi>> DiscoverAsync(string nativeDir)
    {
        var built = ReadAbisTxt(nativeDir);
        var tasks = Abi.Known.Select(name => DiscoverOneAsync(nativeDir, name, built)).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    static async Task<Abi> DiscoverOneAsync(string nativeDir, string name, IReadOnlySet<string>? built)
    {
        var probe = Path.Combine(nativeDir, name, "ipcprobe");
        if (!File.Exists(probe))
        {
            var why = name.StartsWith("i686", StringComparison.Ordinal) && I686UnavailableFile(nativeDir) is { } r
                ? r
                : built is not null && !built.Contains(name)
                    ? $"{name}: not built (native/build/abis.txt lists {string.Join(", ", built)})"
                    : $"{name}: no ipcprobe at {probe} (build with scripts/build.sh)";
            return new Abi { Name = name, ProbePath = probe, UnavailableReason = why };
        }

        if (NativeExecution.KernelRefuses(probe) is { } refused)
            return new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: {refused}", KernelRefuses = true };

        var list = await ProbeRunner.RunListAsync(probe, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (list.Problem is not null)
            return new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: {list.Problem}" };
        return new Abi { Name = name, ProbePath = probe, ProbeCases = list.Cases };
    }

    static IReadOnlySet<string>? ReadAbisTxt(string nativeDir)
    {
        var f = Path.Combine(nativeDir, "abis.txt");
        try
        {
            return File.Exists(f)
                ? File.ReadAllLines(f).Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

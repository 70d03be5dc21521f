using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// `conform --libc musl`: the probe linked statically against musl (native/build/x86_64-musl/,
/// built when musl-tools is installed), run on the host kernel, so the report judges musl's
/// wrappers (mq_*, shm_open, mmap64...) instead of glibc's. There is no i686 musl probe: Debian's
/// musl-tools targets the native architecture only, so those columns are unsupported with that reason.
/// </summary>
public static class MuslProbes
{
    public const string Folder = "x86_64-musl";

    public static async Task<(IReadOnlyList<Abi> Abis, string Version)> DiscoverAsync(string nativeDir)
    {
        var probe = Path.Combine(nativeDir, Folder, "ipcprobe");
        var versionFile = Path.Combine(nativeDir, Folder, "libc-version.txt");
        var version = File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : "unknown";
        Abi x64;
        if (!File.Exists(probe))
        {
            x64 = new Abi { Name = Abi.X86_64, ProbePath = probe, UnavailableReason = $"x86_64: no musl probe at {probe} (install musl-tools: scripts/deps.sh as root, then scripts/build.sh)" };
        }
        else
        {
            var list = await ProbeRunner.RunListAsync(probe, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            x64 = list.Problem is null
                ? new Abi { Name = Abi.X86_64, ProbePath = probe, ProbeCases = list.Cases }
                : new Abi { Name = Abi.X86_64, ProbePath = probe, UnavailableReason = $"x86_64 (musl): {list.Problem}" };
        }
        var abis = new List<Abi> { x64 };
        foreach (var name in Abi.Known.Where(n => n != Abi.X86_64))
            abis.Add(new Abi
            {
                Name = name, ProbePath = Path.Combine(nativeDir, name + "-musl", "ipcprobe"),
                UnavailableReason = $"{name}: no i686 musl toolchain here (Debian's musl-tools builds for the native architecture only)",
            });
        return (abis, version);
    }

    /// <summary>The host's facts with the C library under test replaced by musl.</summary>
    public static HostFacts Host(HostFacts host, string version) => host with { LibcName = "musl", LibcVersion = version };
}

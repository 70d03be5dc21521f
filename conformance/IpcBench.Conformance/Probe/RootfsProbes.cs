using System.Text.RegularExpressions;
using IpcBench.Conformance.Model;
using IpcBench.Orchestration;
using Mono.Unix;

namespace IpcBench.Conformance.Probe;

/// <summary>
/// `conform --rootfs DIR`: the dynamically linked probes run chrooted into a distribution tree (an
/// mmdebstrap or debootstrap result, an unpacked container image) on the host kernel, so the tree's
/// own dynamic loader, C library and librt serve every call. The chroot is made by the native host
/// tool rootfsexec in a private mount namespace (and, without root, a private user namespace mapping
/// only the caller's uid, so the probe runs as the caller as on the host): the host's /dev, /proc and
/// temporary folder are bound onto the same paths in the tree, since the kernel side of the cases
/// (/dev/shm, /dev/mqueue, the cases' TMPDIRs) is the host's. Nothing is mounted outside that
/// namespace. A tree whose C library is older than the one the probes were built with makes that ABI
/// unavailable with the loader's message; so does a machine without unprivileged user namespaces,
/// for a caller who is not root.
/// </summary>
public static partial class RootfsProbes
{
    static readonly (string Abi, string Triplet, string Loader)[] Layout =
    [
        (Abi.X86_64, "x86_64-linux-gnu", "ld-linux-x86-64.so.2"),
        (Abi.I686, "i386-linux-gnu", "ld-linux.so.2"),
        (Abi.I686Lfs, "i386-linux-gnu", "ld-linux.so.2"),
    ];

    [GeneratedRegex(@"version (\d+\.\d+(\.\d+)?)")]
    private static partial Regex LoaderVersion();

    public sealed record Tree(IReadOnlyList<Abi> Abis, string LibcVersion, string Distribution);

    /// <summary>Why DIR is not a distribution tree, or null.</summary>
    public static string? NotATree(string root) =>
        !Directory.Exists(root) ? $"--rootfs '{root}': no such folder"
        : OsRelease(root) is null ? $"--rootfs '{root}': not a distribution tree (no etc/os-release or usr/lib/os-release)"
        : null;

    /// <summary>
    /// Finds each ABI's loader in the tree, copies its probe into <paramref name="scratch"/> (a private folder in the
    /// temporary folder, which the chroot shows at the same path) and writes a launcher beside it.
    /// </summary>
    public static async Task<Tree> DiscoverAsync(string root, string nativeDir, string scratch)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the probes run on Linux only");
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var tmpRoot = Path.TrimEndingDirectorySeparator(Path.GetTempPath());
        var rootfsexec = Path.Combine(nativeDir, "x86_64", "rootfsexec");
        var abis = new List<Abi>();
        string? version = null;
        foreach (var (name, triplet, loaderName) in Layout)
        {
            var probe = Path.Combine(nativeDir, name, "ipcprobe");
            var libDirs = new[] { $"usr/lib/{triplet}", $"lib/{triplet}" }.Where(d => IsRealFolder(root, d)).Select(d => Path.Combine(root, d)).ToList();
            var loader = libDirs.Select(d => Path.Combine(d, loaderName)).FirstOrDefault(IsRegularFile);
            if (loader is null)
            {
                abis.Add(new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: the tree has no {triplet} C library ({loaderName} in usr/lib/{triplet})" });
                continue;
            }
            if (!File.Exists(probe))
            {
                abis.Add(new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: no ipcprobe at {probe} (build with scripts/build.sh)" });
                continue;
            }
            if (NativeExecution.KernelRefuses(probe) is { } refused)
            {
                abis.Add(new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: {refused}", KernelRefuses = true });
                continue;
            }
            if (!File.Exists(rootfsexec))
            {
                abis.Add(new Abi { Name = name, ProbePath = probe, UnavailableReason = $"{name}: no rootfsexec at {rootfsexec} (build with scripts/build.sh)" });
                continue;
            }
            if (!Path.GetFullPath(scratch).StartsWith(tmpRoot + "/", StringComparison.Ordinal))
                throw new ArgumentException($"--rootfs: the scratch folder {scratch} is not in the temporary folder {tmpRoot}, which is all the chroot shows");
            var launcher = Path.Combine(scratch, $"ipcprobe-{name}");
            var copy = launcher + ".bin";
            if (new[] { root, tmpRoot, rootfsexec, copy }.Any(p => p.Contains('\'', StringComparison.Ordinal)))
                throw new ArgumentException($"--rootfs '{root}': a path with a single quote cannot be launched");
            File.Copy(probe, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            File.WriteAllText(launcher,
                $"#!/bin/sh\n# ipcprobe ({name}) chrooted into {root}, on its C library\nexec '{rootfsexec}' '{root}' '{tmpRoot}' '{copy}' \"$@\"\n");
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var list = await ProbeRunner.RunListAsync(launcher, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            abis.Add(list.Problem is null
                ? new Abi { Name = name, ProbePath = launcher, ProbeCases = list.Cases }
                : new Abi { Name = name, ProbePath = launcher, UnavailableReason = $"{name} on the tree's C library: {list.Problem}" });
            if (version is null)
            {
                var v = await ProbeRunner.RunAsync(loader, ["--version"], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                version = LoaderVersion().Match(v.Stdout) is { Success: true } m ? m.Groups[1].Value : null;
            }
        }
        return new Tree(abis, version ?? "unknown", OsRelease(root) ?? "unknown");
    }

    /// <summary>The host's facts with the C library and distribution of the tree.</summary>
    public static HostFacts Host(HostFacts host, Tree tree, string root) =>
        host with { LibcName = "glibc", LibcVersion = tree.LibcVersion, Distribution = $"{tree.Distribution} (tree {Path.GetFullPath(root)})" };

    /// <summary>PRETTY_NAME of the tree's os-release (read without following links out of the tree).</summary>
    static string? OsRelease(string root)
    {
        foreach (var rel in new[] { "usr/lib/os-release", "etc/os-release" })
        {
            var p = Path.Combine(root, rel);
            if (!IsRealFolder(root, Path.GetDirectoryName(rel)!) || !IsRegularFile(p))
                continue;
            foreach (var line in File.ReadLines(p))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    return line["PRETTY_NAME=".Length..].Trim('"');
            }
        }
        return null;
    }

    // lstat: a link in the tree may point anywhere on the host; only real files and folders count.
    static bool IsRegularFile(string p)
    {
        try
        {
            var i = new UnixFileInfo(p);
            return i.Exists && i.IsRegularFile;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Every component of <paramref name="rel"/> under the root is a real folder (no link that could lead out of the tree).</summary>
    static bool IsRealFolder(string root, string rel)
    {
        var p = root;
        foreach (var part in rel.Split('/'))
        {
            p = Path.Combine(p, part);
            try
            {
                var i = new UnixFileInfo(p);
                if (!i.Exists || !i.IsDirectory || i.IsSymbolicLink)
                    return false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return false;
            }
        }
        return true;
    }
}

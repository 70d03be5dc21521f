using System.Diagnostics;
using System.Text.RegularExpressions;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using Mono.Unix;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// Turns what the user named after <c>--kernel</c> into a <see cref="KernelImage"/>: a kernel image
/// file, a <c>linux-image-*.deb</c>, or a package name <c>apt-get download</c> fetches. Packages and
/// the kernels taken out of them are kept in <see cref="CacheDirectory"/>, so a second run (and CI,
/// which caches that folder) downloads and unpacks nothing.
/// </summary>
public static partial class KernelSource
{
    static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.\-]+(:[a-z0-9]+)?$")]
    private static partial Regex PackageName();

    /// <summary>
    /// IPCBENCH_CACHE_DIR, else /var/cache/ipcbench as root, else $XDG_CACHE_HOME/ipcbench
    /// (~/.cache/ipcbench).
    /// </summary>
    public static string CacheDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("IPCBENCH_CACHE_DIR") is { Length: > 0 } d)
                return Path.GetFullPath(d);
            if (HostFacts.Current.IsRoot)
                return "/var/cache/ipcbench";
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            return Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "ipcbench");
        }
    }

    /// <summary>Refuses, before anything runs, what can be neither a file nor a package name.</summary>
    public static void Check(string spec)
    {
        if (!File.Exists(spec) && (spec.Contains('/', StringComparison.Ordinal) || !PackageName().IsMatch(spec)))
            throw new GuestException($"--kernel '{spec}': no such file, and not a package name", badInput: true);
        if (File.Exists(spec) && !spec.EndsWith(".deb", StringComparison.Ordinal))
            _ = FromImage(Path.GetFullPath(spec), spec, null);
    }

    /// <summary>Resolves <paramref name="spec"/>; <paramref name="scratch"/> is the run's private folder for a kernel taken out of a user's .deb.</summary>
    public static async Task<KernelImage> ResolveAsync(string spec, string scratch, CancellationToken cancel)
    {
        if (File.Exists(spec))
        {
            var full = Path.GetFullPath(spec);
            if (full.EndsWith(".deb", StringComparison.Ordinal))
            {
                var dir = Directory.CreateDirectory(Path.Combine(scratch, "kernel-" + Path.GetFileNameWithoutExtension(full))).FullName;
                var kernel = await ExtractKernelAsync(full, dir, cancel).ConfigureAwait(false);
                return FromImage(kernel, spec, await PackageOfAsync(full, cancel).ConfigureAwait(false));
            }
            return FromImage(full, spec, null);
        }
        Check(spec);
        var cache = OwnCacheFolder("kernels");
        var deb = FindCachedDeb(cache, spec) ?? await DownloadAsync(spec, cache, cancel).ConfigureAwait(false);
        var cachedKernel = Path.Combine(cache, Path.GetFileNameWithoutExtension(deb) + ".vmlinuz");
        if (!File.Exists(cachedKernel))
        {
            var tmp = Directory.CreateTempSubdirectory("ipcbench-kernel-").FullName;
            try
            {
                var k = await ExtractKernelAsync(deb, tmp, cancel).ConfigureAwait(false);
                File.Move(k, cachedKernel + ".part", overwrite: true);
                File.Move(cachedKernel + ".part", cachedKernel, overwrite: true);
            }
            finally
            {
                Directory.Delete(tmp, recursive: true);
            }
        }
        return FromImage(cachedKernel, spec, spec);
    }

    static KernelImage FromImage(string path, string source, string? package) =>
        KernelImage.Probe64Bit(path) is { } is64
            ? new KernelImage { Path = path, Is64Bit = is64, Source = source, Package = package }
            : throw new GuestException($"--kernel '{source}': {path} is not an x86 kernel image (no bzImage header)", badInput: true);

    /// <summary>A folder of the cache, made if missing, refused when someone else could write to it.</summary>
    public static string OwnCacheFolder(string sub)
    {
        if (OperatingSystem.IsWindows())
            throw new GuestException("guest runs need Linux");
        var root = CacheDirectory;
        var dir = Path.Combine(root, sub);
        try
        {
            foreach (var d in new[] { root, dir })
            {
                if (!Directory.Exists(d))
                    Directory.CreateDirectory(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                var info = new UnixFileInfo(d);
                // lstat: a symbolic link planted in place of the folder is refused, not followed.
                if (info.IsSymbolicLink || info.OwnerUserId != HostFacts.Current.Uid
                    || (info.FileAccessPermissions & (FileAccessPermissions.GroupWrite | FileAccessPermissions.OtherWrite)) != 0)
                    throw new GuestException($"cache folder {d} is not owned by uid {HostFacts.Current.Uid} alone (or is a link); remove it or set IPCBENCH_CACHE_DIR");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GuestException($"cannot use the cache folder {dir}: {e.Message} (set IPCBENCH_CACHE_DIR)");
        }
        return dir;
    }

    static string? FindCachedDeb(string cache, string spec)
    {
        var name = spec.Split(':')[0];
        var arch = spec.Contains(':', StringComparison.Ordinal) ? spec.Split(':')[1] : "*";
        return Directory.EnumerateFiles(cache, $"{name}_*_{arch}.deb").Order(StringComparer.Ordinal).LastOrDefault();
    }

    static async Task<string> DownloadAsync(string spec, string cache, CancellationToken cancel)
    {
        // Into a private folder first: a half-downloaded package never sits in the cache.
        var tmp = Directory.CreateTempSubdirectory("ipcbench-apt-").FullName;
        try
        {
            string[] args = HostFacts.Current.IsRoot
                ? ["-q", "-o", "APT::Sandbox::User=root", "download", spec]  // root's private folder: _apt cannot write there
                : ["-q", "download", spec];
            var r = await ToolRun.RunAsync("apt-get", args, tmp, ToolTimeout, cancel).ConfigureAwait(false);
            var deb = Directory.EnumerateFiles(tmp, "*.deb").FirstOrDefault();
            if (r.Status != 0 || deb is null)
                throw new GuestException($"apt-get download {spec} failed: {r.LastLine}" +
                    (spec.Contains("686", StringComparison.Ordinal) || spec.EndsWith(":i386", StringComparison.Ordinal)
                        ? " (i386 packages need the i386 architecture: run scripts/deps.sh --kernel as root)" : ""));
            var target = Path.Combine(cache, Path.GetFileName(deb));
            File.Move(deb, target, overwrite: true);
            return target;
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    static async Task<string?> PackageOfAsync(string deb, CancellationToken cancel)
    {
        var r = await ToolRun.RunAsync("dpkg-deb", ["-f", deb, "Package"], null, ToolTimeout, cancel).ConfigureAwait(false);
        return r.Status == 0 && r.Stdout.Trim() is { Length: > 0 } p ? p : null;
    }

    /// <summary>Takes only ./boot/vmlinuz-* out of the package (dpkg-deb --fsys-tarfile | tar), not its modules.</summary>
    static async Task<string> ExtractKernelAsync(string deb, string dir, CancellationToken cancel)
    {
        var dpkg = new ProcessStartInfo("dpkg-deb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        dpkg.ArgumentList.Add("--fsys-tarfile");
        dpkg.ArgumentList.Add(deb);
        var tar = new ProcessStartInfo("tar") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in new[] { "-x", "--no-same-owner", "--wildcards", "./boot/vmlinuz-*" })
            tar.ArgumentList.Add(a);
        using var p1 = ToolRun.Start(dpkg);
        using var p2 = ToolRun.Start(tar);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(ToolTimeout);
        try
        {
            var err1 = p1.StandardError.ReadToEndAsync(deadline.Token);
            var err2 = p2.StandardError.ReadToEndAsync(deadline.Token);
            await p1.StandardOutput.BaseStream.CopyToAsync(p2.StandardInput.BaseStream, deadline.Token).ConfigureAwait(false);
            p2.StandardInput.Close();
            await p1.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            await p2.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            if (p1.ExitCode != 0)
                throw new GuestException($"--kernel {deb}: dpkg-deb could not read it: {(await err1.ConfigureAwait(false)).Trim()}", badInput: true);
            _ = await err2.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            ToolRun.Kill(p1);
            ToolRun.Kill(p2);
            if (e is IOException)
                throw new GuestException($"--kernel {deb}: could not unpack it ({e.Message})");
            throw;
        }
        var boot = Path.Combine(dir, "boot");
        return (Directory.Exists(boot) ? Directory.EnumerateFiles(boot, "vmlinuz-*").FirstOrDefault() : null)
               ?? throw new GuestException($"--kernel {deb}: the package holds no /boot/vmlinuz-* (not a linux-image package)", badInput: true);
    }
}

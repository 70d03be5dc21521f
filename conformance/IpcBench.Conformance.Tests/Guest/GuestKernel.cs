using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Guest;

/// <summary>
/// The kernel the guest tests boot: IPCBENCH_TEST_KERNEL (an image, a .deb or a package name),
/// else Debian 12's 6.1 cloud kernel package, fetched once into the cache folder (CI caches it).
/// Without QEMU or the kernel the tests are skipped locally and fail on CI (CI=true).
/// </summary>
internal static class GuestKernel
{
    public const string DefaultPackage = "linux-image-6.1.0-47-cloud-amd64";

    public static string Spec => Environment.GetEnvironmentVariable("IPCBENCH_TEST_KERNEL") is { Length: > 0 } k ? k : DefaultPackage;

    static readonly Lazy<Task<(KernelImage? Kernel, string? Missing)>> Resolved = new(async () =>
    {
        if (ToolRun.Which("qemu-system-x86_64") == "qemu-system-x86_64")
            return (null, "qemu-system-x86_64 is not installed (scripts/deps.sh installs qemu-system-x86 as root)");
        var scratch = Directory.CreateTempSubdirectory("ipcbench-test-kernel-").FullName;
        try
        {
            var k = await KernelSource.ResolveAsync(Spec, scratch, CancellationToken.None);
            return k.Path.StartsWith(scratch, StringComparison.Ordinal)
                ? (null, "IPCBENCH_TEST_KERNEL must be an image or a package name (a .deb is unpacked into a per-run folder)")
                : (k, null);
        }
        catch (GuestException e)
        {
            return (null, $"kernel {Spec}: {e.Message}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    });

    /// <summary>The kernel, or the test is ignored (locally) or failed (CI) with what is missing.</summary>
    public static async Task<KernelImage> RequireAsync()
    {
        var (kernel, missing) = await Resolved.Value;
        if (kernel is not null)
            return kernel;
        if (Verdicts.OnCi)
            Assert.Fail($"CI=true and the guest tests cannot run: {missing}");
        Assert.Ignore(missing!);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Processes whose parent is this test process and whose name starts with qemu.</summary>
    public static IReadOnlyList<string> OurQemuChildren()
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var ppid = stat[(close + 2)..].Split(' ')[1];
                if (ppid == me && comm.StartsWith("qemu", StringComparison.Ordinal))
                    found.Add($"{Path.GetFileName(dir)} {comm}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException)
            {
            }
        }
        return found;
    }

    /// <summary>
    /// A progress callback that echoes the run's lines and records the private folder it names,
    /// so a test checks that very folder is gone (other runs' folders may come and go meanwhile).
    /// </summary>
    public sealed class Progress
    {
        public string? Folder { get; private set; }

        public void Line(string line)
        {
            TestContext.Progress.WriteLine(line);
            if (line.StartsWith("private folder ", StringComparison.Ordinal))
                Folder = line["private folder ".Length..];
        }
    }
}

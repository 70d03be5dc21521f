using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Guest;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Report;
using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>
/// `conform --rootfs`: the probes run on the C library of a minbase tree of this machine's own
/// release, made once with mmdebstrap (apt's own sources and settings) into the cache folder
/// (rootfs/&lt;codename&gt;-minbase), where CI keeps it between runs.
/// </summary>
[TestFixture]
[Category("Runner")]
[NonParallelizable]
public sealed class RootfsProbeTests
{
    static readonly string[] Cases = ["pipe.basic.roundtrip", "mq.open.create", "shm.name.double-slash", "fifo.perm.eacces"];

    static string Codename() =>
        File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))?["VERSION_CODENAME=".Length..].Trim('"') ?? "stable";

    static async Task<string> TreeAsync()
    {
        var tree = Path.Combine(KernelSource.CacheDirectory, "rootfs", Codename() + "-minbase");
        if (File.Exists(Path.Combine(tree, "usr/lib/os-release")))
            return tree;
        string? missing = null;
        if (ToolRun.Which("mmdebstrap") == "mmdebstrap")
            missing = "mmdebstrap is not installed (apt-get install mmdebstrap)";
        else if (!HostFacts.Current.IsRoot)
            missing = $"no tree at {tree}; make it as root: mmdebstrap --variant=minbase {Codename()} {tree}";
        else
        {
            var part = tree + ".part";
            if (Directory.Exists(part))
                Directory.Delete(part, recursive: true);
            KernelSource.OwnCacheFolder("rootfs");
            var r = await ToolRun.RunAsync("mmdebstrap", ["--variant=minbase", "--quiet", Codename(), part], null, TimeSpan.FromMinutes(15), CancellationToken.None);
            if (r.Status == 0)
                Directory.Move(part, tree);
            else
                missing = $"mmdebstrap failed: {r.LastLine}";
        }
        if (missing is null)
            return tree;
        if (Verdicts.OnCi)
            Assert.Fail($"CI=true and there is no tree for --rootfs: {missing}");
        Assert.Ignore(missing);
        return "";
    }

    [Test]
    public async Task The_probes_run_on_the_trees_c_library_and_the_report_names_the_distribution()
    {
        var tree = await TreeAsync();
        var scratch = Directory.CreateTempSubdirectory("ipcbench-rootfs-test-").FullName;
        try
        {
            var t = await RootfsProbes.DiscoverAsync(tree, AbiDiscovery.NativeDirectory, scratch);
            var x64 = t.Abis.Single(a => a.Name == Abi.X86_64);
            x64.Available.Should().BeTrue(x64.UnavailableReason);
            x64.ProbePath.Should().StartWith(scratch);
            File.ReadAllText(x64.ProbePath).Should().Contain("rootfsexec").And.Contain($"'{tree}'", "the probe runs chrooted into the tree");
            t.Distribution.Should().NotBe("unknown");

            var engine = new ConformanceEngine(t.Abis, RootfsProbes.Host(HostFacts.Current, t, tree));
            var report = await SuiteRun.RunAsync(engine, new SuiteOptions { Cases = Cases, Targets = [Abi.X86_64] });

            report.Host.Distribution.Should().Contain(t.Distribution).And.Contain(tree);
            report.Host.Libc.Version.Should().Be(t.LibcVersion);
            foreach (var c in report.Cases)
            {
                var cell = c.Results.Single();
                cell.Verdict.Should().BeOneOf(["pass", "linux-specific"], $"{c.Id}: {cell.Reason}");
                // gnu_get_libc_version() of the library the probe ran on: the tree's.
                cell.Observation!["libc"]!.GetValue<string>().Should().Be(t.LibcVersion);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// rootfsexec really chroots: inside, a folder made on the host outside the temporary folder (in /var/tmp) does not
    /// exist and the tree's own shell runs; the host's temporary folder and /dev/shm are there at the same paths. As root it needs a mount namespace only;
    /// dropped to uid 65534 (in a child process) it makes a user namespace and still runs as 65534.
    /// </summary>
    [Test]
    public async Task Rootfsexec_runs_a_program_inside_the_tree_as_the_caller()
    {
        var tree = await TreeAsync();
        var tool = Path.Combine(AbiDiscovery.NativeDirectory, "x86_64", "rootfsexec");
        File.Exists(tool).Should().BeTrue("native/Makefile builds it");
        var tmp = Path.TrimEndingDirectorySeparator(Path.GetTempPath());
        // The repository may itself be in the temporary folder (a CI clone in /tmp), which the chroot shows: the
        // marker lives where only the host has it.
        var marker = Directory.CreateDirectory(Path.Combine("/var/tmp", "ipcbench-rootfs-marker-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            string script = $"test ! -e '{marker}' && test -d '{tmp}' && test -d /dev/shm && id -u";
            var asCaller = await ToolRun.RunAsync(tool, [tree, tmp, "/bin/sh", "-c", script], null, TimeSpan.FromSeconds(30), CancellationToken.None);
            asCaller.Status.Should().Be(0, asCaller.LastLine);
            asCaller.Stdout.Trim().Should().Be(HostFacts.Current.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (HostFacts.Current.IsRoot)
            {
                var dropped = await ToolRun.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", tool, tree, tmp, "/bin/sh", "-c", script],
                    null, TimeSpan.FromSeconds(30), CancellationToken.None);
                if (dropped.Status == 125 && dropped.StderrTail.Contains("user namespaces", StringComparison.Ordinal))
                    Assert.Ignore($"this kernel refuses unprivileged user namespaces: {dropped.LastLine}");
                dropped.Status.Should().Be(0, dropped.LastLine);
                dropped.Stdout.Trim().Should().Be("65534");
            }
        }
        finally
        {
            Directory.Delete(marker);
        }
        // A tree without the folder the temporary folder must be bound onto is refused with one line, status 125.
        var bad = await ToolRun.RunAsync(tool, [tree, "/no-such-tmp-folder", "/bin/true"], null, TimeSpan.FromSeconds(30), CancellationToken.None);
        bad.Status.Should().Be(125);
        bad.LastLine.Should().Contain("no real folder");
    }

    [Test]
    public void A_folder_that_is_no_distribution_tree_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("ipcbench-not-a-tree-").FullName;
        try
        {
            RootfsProbes.NotATree(dir).Should().Contain("not a distribution tree");
            RootfsProbes.NotATree(Path.Combine(dir, "missing")).Should().Contain("no such folder");
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}

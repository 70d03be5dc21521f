using System.Diagnostics;
using IpcBench.Env;

namespace IpcBench.Tests.Env;

public class EnvironmentCaptureTests
{
    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }

    [Test]
    public void KernelReleaseIsUnameR() =>
        EnvironmentInfo.Capture().KernelRelease.Should().Be(Run("uname", "-r"));

    [Test]
    public void CapturesTheRealMachine()
    {
        var before = DateTimeOffset.UtcNow;
        var e = EnvironmentInfo.Capture("quick", "cross");
        var after = DateTimeOffset.UtcNow;
        e.Profile.Should().Be("quick");
        e.Placement.Should().Be("cross");
        e.Machine.Should().Be(Run("uname", "-m"));
        e.Hostname.Should().Be(Run("uname", "-n"));
        e.UserId.Should().Be(uint.Parse(Run("id", "-u"), System.Globalization.CultureInfo.InvariantCulture));
        e.IsRoot.Should().Be(e.UserId == 0);
        e.PageSize.Should().Be(System.Environment.SystemPageSize);
        e.CpusAvailable.Should().Be(System.Environment.ProcessorCount);
        e.CpuCount.Should().BeGreaterThanOrEqualTo(e.CpusAvailable);
        e.DotnetVersion.Should().StartWith(".NET ");
        e.ToolVersion.Should().NotBeNullOrEmpty();
        e.CapturedUtc.Should().BeOnOrAfter(before).And.BeOnOrBefore(after, "captured during the call");
        e.Pipe.DefaultCapacity.Should().Be(65536);
        if (File.Exists("/proc/sys/fs/pipe-max-size"))
            e.Pipe.MaxSize.Should().Be(long.Parse(File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim(), System.Globalization.CultureInfo.InvariantCulture));
        if (File.Exists("/proc/sys/fs/mqueue/msgsize_max"))
            e.Mqueue.MsgsizeMax.Should().BePositive();
        e.Mqueue.RlimitSoft.Should().NotBeNull();
        if (File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("model name"))
            e.CpuModel.Should().NotBeNullOrEmpty();
        if (File.Exists("/etc/os-release"))
            e.Distribution.Should().NotBeNullOrEmpty();
    }

    [Test]
    public void GlibcVersionMatchesConfstr()
    {
        // getconf GNU_LIBC_VERSION prints "glibc 2.36" on glibc systems.
        string conf;
        try { conf = Run("getconf", "GNU_LIBC_VERSION"); }
        catch (System.ComponentModel.Win32Exception) { Assert.Ignore("getconf not installed"); return; }
        if (!conf.StartsWith("glibc ", StringComparison.Ordinal))
            Assert.Ignore("not a glibc system");
        EnvironmentInfo.Capture().GlibcVersion.Should().Be(conf["glibc ".Length..]);
    }

    [Test]
    public void MissingFilesGiveNullsNotErrors()
    {
        string empty = Directory.CreateTempSubdirectory("ipcbench-env-empty-").FullName;
        try
        {
            var e = EnvironmentCapture.Capture(null, null, new EnvironmentCapture.Sources { Root = empty, UseNative = false, AskGit = false });
            e.KernelRelease.Should().BeNull();
            e.KernelVersion.Should().BeNull();
            e.Distribution.Should().BeNull();
            e.GlibcVersion.Should().BeNull();
            e.CpuModel.Should().BeNull();
            e.CpuCount.Should().BeNull();
            e.CpuGovernor.Should().BeNull();
            e.Clocksource.Should().BeNull();
            e.UserId.Should().BeNull();
            e.IsRoot.Should().BeNull();
            e.Pipe.MaxSize.Should().BeNull();
            e.Mqueue.Should().BeEquivalentTo(new MqueueLimits());
            e.Hostname.Should().NotBeNull("System.Environment.MachineName is the last resort");
            e.PageSize.Should().BePositive();
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Test]
    public void ReadsAFakeRoot()
    {
        string root = Directory.CreateTempSubdirectory("ipcbench-env-fake-").FullName;
        try
        {
            void Put(string path, string text)
            {
                string full = Path.Combine(root, path.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }
            Put("/usr/lib/os-release", "NAME=\"Fake\"\n# comment\nPRETTY_NAME=\"Fake \\\"Linux\\\" 1.0 \\$x\"\nID=fake\n");
            Put("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: X\nmodel name\t: Fake CPU @ 3.00GHz\n\nprocessor\t: 1\nmodel name\t: Fake CPU @ 3.00GHz\n");
            Put("/proc/sys/kernel/osrelease", "6.1.0-fake\n");
            Put("/proc/sys/kernel/hostname", "fakehost\n");
            Put("/proc/sys/fs/pipe-max-size", "1048576\n");
            Put("/proc/sys/fs/mqueue/msg_max", "10\n");
            Put("/proc/sys/fs/mqueue/msgsize_max", "8192\n");
            Put("/proc/sys/fs/mqueue/queues_max", "not a number\n");
            Put("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
            Put("/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");

            var e = EnvironmentCapture.Capture("p", "same", new EnvironmentCapture.Sources { Root = root, UseNative = false, AskGit = false });
            e.Distribution.Should().Be("Fake \"Linux\" 1.0 $x");
            e.CpuModel.Should().Be("Fake CPU @ 3.00GHz");
            e.CpuCount.Should().Be(2, "no /sys online list: count processor lines");
            e.KernelRelease.Should().Be("6.1.0-fake");
            e.Hostname.Should().Be("fakehost");
            e.Pipe.MaxSize.Should().Be(1048576);
            e.Mqueue.MsgMax.Should().Be(10);
            e.Mqueue.MsgsizeMax.Should().Be(8192);
            e.Mqueue.QueuesMax.Should().BeNull("an unparsable value is recorded as unknown");
            e.CpuGovernor.Should().Be("performance");
            e.Clocksource.Should().Be("tsc");

            Put("/sys/devices/system/cpu/online", "0-3,6\n");
            EnvironmentCapture.Capture(null, null, new EnvironmentCapture.Sources { Root = root, UseNative = false, AskGit = false })
                .CpuCount.Should().Be(5);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestCase("0", 1)]
    [TestCase("0-1", 2)]
    [TestCase("0-3,6,8-9", 7)]
    [TestCase("", null)]
    [TestCase("3-1", null)]
    [TestCase("x", null)]
    public void CpuLists(string list, int? expected) => EnvironmentCapture.ParseCpuList(list).Should().Be(expected);

    [Test]
    public void GitCommitFromTheEnvironmentVariableWins()
    {
        string? old = System.Environment.GetEnvironmentVariable(EnvironmentCapture.GitCommitVariable);
        try
        {
            System.Environment.SetEnvironmentVariable(EnvironmentCapture.GitCommitVariable, "feedface");
            EnvironmentCapture.Capture(null, null, new EnvironmentCapture.Sources { AskGit = false }).GitCommit.Should().Be("feedface");
        }
        finally
        {
            System.Environment.SetEnvironmentVariable(EnvironmentCapture.GitCommitVariable, old);
        }
    }

    [Test]
    public void GitOutsideARepositoryIsNull()
    {
        string dir = Directory.CreateTempSubdirectory("ipcbench-env-nogit-").FullName;
        try
        {
            EnvironmentCapture.Git.Describe(dir).Should().Be(((string?)null, (bool?)null));
            EnvironmentCapture.Git.Describe(Path.Combine(dir, "missing")).Should().Be(((string?)null, (bool?)null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

namespace IpcBench.Tests.Cli;

/// <summary>Every user mistake gets one clear line on standard error and exit status 2, never a stack trace.</summary>
[TestFixture]
[Category("Cli")]
[Parallelizable(ParallelScope.Children)]
public class BadInputTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [TestCase("unknown transport 'carrier-pigeon'", "run", "--transports", "carrier-pigeon")]
    [TestCase("zero", "run", "--sizes", "0")]
    [TestCase("12x", "run", "--sizes", "12x")]
    [TestCase("16-byte", "run", "--sizes", "8")]
    [TestCase("unknown peer", "run", "--peers", "managed-carrier")]
    [TestCase("malformed peer pair", "run", "--peers", "managed")]
    [TestCase("unknown placement", "run", "--placement", "diagonal")]
    [TestCase("unknown profile", "run", "--profile", "forever")]
    [TestCase("--timeout", "run", "--timeout", "0")]
    [TestCase("--count", "run", "--count", "-5")]
    [TestCase("unknown workload", "run", "--workloads", "bandwidth")]
    [TestCase("unknown wait strategy", "run", "--wait", "sleep")]
    [TestCase("Unrecognized", "run", "--frobnicate")]
    [TestCase("unknown command 'frobnicate'", "frobnicate")]
    [TestCase("no such file, and not a package name", "conform", "--kernel", "/no/such/vmlinuz")]
    [TestCase("not a package name", "conform", "--kernel", "Linux Image")]
    [TestCase("not an x86 kernel image", "conform", "--kernel", "/etc/os-release")]
    [TestCase("not a distribution tree", "conform", "--rootfs", "/proc/self")]
    [TestCase("unknown --libc 'bionic'", "conform", "--libc", "bionic")]
    [TestCase("cannot be combined with --kernel", "conform", "--kernel", "linux-image-x", "--libc", "musl")]
    [TestCase("unknown --accel 'warp'", "conform", "--kernel", "linux-image-x", "--accel", "warp")]
    [TestCase("--guest-timeout", "conform", "--kernel", "linux-image-x", "--guest-timeout", "1")]
    public void Bad_input_is_one_line_and_status_2(string expected, params string[] args)
    {
        var (exit, _, stderr) = CliProcess.Run(Timeout, args);

        exit.Should().Be(2, stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith("ipcbench: ").And.Contain(expected);
        stderr.Should().NotContain("   at ");
    }

    [Test]
    public void A_size_above_what_the_queue_carries_is_refused_with_the_limit()
    {
        // Above HARD_MSGSIZEMAX no capability helps; below it, without CAP_SYS_RESOURCE, msgsize_max refuses.
        long size = (16L << 20) + 1;

        var (exit, _, stderr) = CliProcess.Run(Timeout, "run", "--transports", "mq", "--sizes", size.ToString(System.Globalization.CultureInfo.InvariantCulture));

        exit.Should().Be(2, stderr);
        stderr.Trim().Should().Contain("msgsize_max").And.NotContain("\n");
    }

    [Test]
    public void A_missing_native_peer_is_named()
    {
        var psi = new System.Diagnostics.ProcessStartInfo(CliProcess.DotnetHost)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in new[] { "run", "--peers", "native-native" }) psi.ArgumentList.Add(a);
        psi.Environment["IPCBENCH_NATIVE_DIR"] = Path.Combine(Path.GetTempPath(), "no-such-native-dir");
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit(60_000).Should().BeTrue();

        p.ExitCode.Should().Be(2, stderr);
        stderr.Trim().Should().Contain("native ipcpeer for x86_64").And.NotContain("\n");
    }
}

using System.Diagnostics;
using System.Text.Json;
using IpcBench.Results;
using IpcBench.Tests.Orchestration;
using IpcBench.Tests.Results;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Cli;

/// <summary>
/// Faults of the machine, not of the tool: a full or tiny file system, RLIMIT_MSGQUEUE already
/// used. Each is a clear line, a skipped or failed cell with the figures, never a crash, and the
/// results are never lost. The small file systems are private tmpfs mounts in a private mount
/// namespace of the child (unshare -m), so the machine's real /dev/shm is untouched.
/// </summary>
[TestFixture]
[Category("Cli")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FaultTests
{
    static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(4);
    string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ipcbench-test-faults-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    static void RequireRoot()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("mounting a private tmpfs (unshare -m) needs root; as a normal user this fault cannot be staged");
    }

    /// <summary>
    /// ipcbench in a private mount namespace where <paramref name="mountPoint"/> is a tmpfs of
    /// <paramref name="size"/>, filled first when <paramref name="fill"/>; afterwards the shell lists what is
    /// left in the tmpfs ("left: ...") and the ipcbench pid ("pid: N") on stdout.
    /// </summary>
    static (int Exit, string Stdout, string Stderr) InTinyTmpfs(string mountPoint, string size, bool fill, params string[] args)
    {
        var psi = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "--propagation", "private", "sh", "-c",
                     "mount -t tmpfs -o size=$1,mode=1777 ipcbench-test \"$2\" || exit 99; " +
                     "if [ \"$3\" = fill ]; then dd if=/dev/zero of=\"$2/fill\" bs=4k 2>/dev/null; fi; m=\"$2\"; shift 3; " +
                     "\"$@\" & p=$!; wait $p; rc=$?; echo \"pid: $p\"; echo \"left: $(ls -A \"$m\" | grep -v '^fill$' | tr '\\n' ' ')\"; exit $rc",
                     "sh", size, mountPoint, fill ? "fill" : "no", CliProcess.DotnetHost, CliProcess.Dll })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Watchdog))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"hung: ipcbench {string.Join(' ', args)} in a private tmpfs");
        }
        p.WaitForExit();
        p.ExitCode.Should().NotBe(99, "the tmpfs could be mounted: " + stderr.Result);
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    static string Line(string stdout, string key) =>
        stdout.Split('\n').Single(l => l.StartsWith(key + ": ", StringComparison.Ordinal))[(key.Length + 2)..].Trim();

    [Test]
    public void A_shm_segment_that_does_not_fit_in_dev_shm_is_skipped_with_its_size_not_SIGBUS()
    {
        RequireRoot();
        var outDir = Path.Combine(_dir, "out");
        var (exit, stdout, stderr) = InTinyTmpfs("/dev/shm", "64k", fill: false, "run", "--transports", "shm", "--wait", "futex", "--sizes", "1M",
            "--peers", "native-native,managed-managed", "--workloads", "latency", "--count", "100", "--no-floors", "--out", outDir);

        exit.Should().Be(0, stderr);
        (stdout + stderr).Should().NotContain("SIGBUS").And.NotContain("   at ");
        Line(stdout, "left").Should().BeEmpty("nothing is left in /dev/shm");
        using var doc = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(outDir, "*.json").Single()));
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray().ToList();
        cells.Should().HaveCount(2);
        foreach (var cell in cells)
        {
            cell.GetProperty("status").GetString().Should().Be("skipped");
            cell.GetProperty("reason").GetString().Should().MatchRegex(@"^shm: the segment of \d+ bytes does not fit in /dev/shm \(free \d+ bytes; ENOSPC\)");
        }
    }

    [Test]
    public void Conform_on_a_full_dev_shm_fails_the_exchange_with_the_reason_and_leaves_nothing()
    {
        RequireRoot();
        var outDir = Path.Combine(_dir, "conform");
        var (exit, stdout, stderr) = InTinyTmpfs("/dev/shm", "64k", fill: true, "conform", "--case", "xabi.shm.managed-writes", "--abi", "x86_64",
            "--format", "json", "--out", outDir);

        exit.Should().Be(1, stderr);
        stdout.Should().MatchRegex(@"FAIL xabi\.shm\.managed-writes \[x86_64\]: the segment of \d+ bytes does not fit in /dev/shm \(free \d+ bytes; ENOSPC\)");
        (stdout + stderr).Should().NotContain("AccessViolation").And.NotContain("   at ");
        Directory.GetFiles(outDir, "conform-*.json").Should().ContainSingle("the report is written");
        Line(stdout, "left").Should().BeEmpty("no shm object is left in /dev/shm");
        Leftovers.Of(int.Parse(Line(stdout, "pid"), System.Globalization.CultureInfo.InvariantCulture)).Should().BeEmpty("no probe folder is left");
    }

    [Test]
    public void An_out_folder_on_a_full_file_system_is_refused_before_the_first_cell()
    {
        RequireRoot();
        var full = Path.Combine(_dir, "full");
        Directory.CreateDirectory(full);
        foreach (var args in new[]
        {
            new[] { "run", "--transports", "pipe", "--peers", "native-native", "--sizes", "64", "--out", full },
            ["conform", "--case", "mmap.", "--abi", "x86_64", "--out", full],
            ["run", "--transports", "pipe", "--peers", "native-native", "--sizes", "64", "--out", Path.Combine(full, "sub")],
        })
        {
            var (exit, stdout, stderr) = InTinyTmpfs(full, "16k", fill: true, args);
            exit.Should().Be(2, stderr);
            stderr.TrimEnd('\n').Should().StartWith("ipcbench: --out ").And.Contain("full").And.NotContain("\n");
            stdout.Should().NotContain("[1/", "refused before any cell");
            Line(stdout, "left").Should().BeEmpty("the probe file is removed");
        }
    }

    [Test]
    public void Results_that_cannot_be_written_where_asked_are_kept_in_a_private_folder()
    {
        var run = SampleRun.Create();
        var blocked = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocked, "");
        foreach (var where in new[] { Path.Combine(blocked, "out"), "/proc/ipcbench-no-such/out" })
        {
            var saved = ResultFiles.WriteOrKeep(run, where);
            try
            {
                saved.FailedDirectory.Should().Be(where);
                saved.Problem.Should().NotBeNullOrEmpty();
                var kept = Path.GetDirectoryName(saved.Files.Json)!;
                kept.Should().StartWith(Path.GetTempPath().TrimEnd('/') + "/ipcbench-results-");
                File.GetUnixFileMode(kept).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, "private to the user");
                ResultJson.Read(saved.Files.Json).RunId.Should().Be(run.RunId);
                File.Exists(saved.Files.Csv).Should().BeTrue();
                File.Exists(saved.Files.Markdown).Should().BeTrue();
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(saved.Files.Json)!, recursive: true);
            }
        }
    }

    [Test]
    public void Queues_the_user_already_holds_make_the_mq_cell_skipped_with_the_figures()
    {
        // Per-user accounting: a queue this user holds counts against the child's small RLIMIT_MSGQUEUE.
        // The child's limit (4000 bytes) passes the pre-check for 2 queues of 10 x 64 bytes, but not
        // what the held queue already takes, so mq_open says EMFILE.
        string held = $"/ipcbench-{Environment.ProcessId}-held";
        var attr = new MqAttr { MaxMsg = 10, MsgSize = 256 };
        using var q = MqOpen(held, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180, attr);
        try
        {
            var psi = new ProcessStartInfo("prlimit") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--msgqueue=4000:4000", CliProcess.DotnetHost, CliProcess.Dll, "run", "--transports", "mq", "--sizes", "64", "--peers", "native-native",
                         "--workloads", "latency", "--count", "100", "--no-floors", "--out", _dir })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit(Watchdog).Should().BeTrue("hung: the mq run did not end");
            p.WaitForExit();

            p.ExitCode.Should().Be(0, stderr.Result);
            using var doc = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(_dir, "*.json").Single()));
            var cell = doc.RootElement.GetProperty("cells").EnumerateArray().Single();
            cell.GetProperty("status").GetString().Should().Be("skipped");
            cell.GetProperty("reason").GetString().Should().Contain("RLIMIT_MSGQUEUE is 4000 bytes").And.Contain("EMFILE from mq_open")
                .And.MatchRegex(@"ulimit -q \d+");
            Leftovers.Of(p.Id).Should().BeEmpty();
        }
        finally
        {
            MqUnlinkRaw(held);
        }
    }
}

using System.Text.Json;
using IpcBench.Results;
using IpcBench.Tests.Orchestration;

namespace IpcBench.Tests.Cli;

/// <summary>`ipcbench ab`: a real, short run of this build against itself, both builds' peers interleaved round by round.</summary>
[TestFixture]
[Category("Cli")]
public class AbCommandTests
{
    string _out = "";

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("ipcbench-test-ab-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    [CancelAfter(240_000)]
    public void The_build_against_itself_runs_interleaved_and_compares()
    {
        AvailablePeers.Require(PeerInfo.Native());
        string build = AppContext.BaseDirectory;
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(200), "ab", "--baseline-build", build, "--current-build", build,
            "--transports", "pipe", "--peers", "native-native,managed-managed", "--workloads", "latency", "--sizes", "64",
            "--count", "100", "--repetitions", "5", "--seed", "7", "--format", "json", "--out", _out);

        // Same code on both sides: whatever the machine's noise, a flag here can only be noise, so
        // only the shape is asserted, with the exit status consistent with the verdict.
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        root.GetProperty("kind").GetString().Should().Be("ipcbench-compare");
        exit.Should().Be(root.GetProperty("exit_status").GetInt32(), stderr);
        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        cells.Should().HaveCount(2);
        foreach (var c in cells)
        {
            c.GetProperty("baseline").GetProperty("repetitions").GetArrayLength().Should().Be(5);
            c.GetProperty("current").GetProperty("repetitions").GetArrayLength().Should().Be(5);
            c.GetProperty("outcome").GetString().Should().NotBe("broken").And.NotBe("not-measured");
        }

        // Both runs are kept, each naming the build whose peers it ran, with the one seed they shared.
        foreach (var side in new[] { "baseline", "current" })
        {
            var json = Directory.GetFiles(Path.Combine(_out, side), "*.json").Should().ContainSingle().Subject;
            var run = ResultJson.Read(json);
            run.Settings.PeerBuild.Should().Be(Path.GetFullPath(build));
            run.Settings.Seed.Should().Be(7);
            run.Cells.Should().OnlyContain(c => c.Status == CellStatus.Ok);
        }
        stderr.Should().Contain("baseline (").And.Contain("current (");
    }

    [Test]
    public void A_missing_build_folder_is_refused_with_one_line()
    {
        var (exit, _, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "ab", "--baseline-build", Path.Combine(_out, "nope"),
            "--current-build", AppContext.BaseDirectory);
        exit.Should().Be(2);
        stderr.Trim().Should().EndWith("no such folder").And.NotContain("\n");
        var empty = Directory.CreateDirectory(Path.Combine(_out, "empty")).FullName;
        var r = CliProcess.Run(TimeSpan.FromSeconds(60), "ab", "--baseline-build", empty, "--current-build", AppContext.BaseDirectory, "--peers", "managed-managed");
        r.Exit.Should().Be(2);
        r.Stderr.Should().Contain("managed peer not found");
    }
}

using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>
/// The probe runner against fake probes: whatever a probe does — crash, hang, print garbage, leave
/// objects behind — the runner returns a result naming it, never throws, and kills what hangs.
/// </summary>
[TestFixture]
[Category("Runner")]
[Parallelizable(ParallelScope.All)]
public sealed class ProbeRunnerTests
{
    static readonly ConformanceCase AnyCase = new()
    {
        Id = "fake.case", Interface = CaseInterface.Pipe, Reference = "fake", Expected = Expectation.Equal("x", 1),
    };

    static Task<ProbeResult> Run(FakeProbe p, double timeoutSeconds = 10) =>
        ProbeRunner.RunAsync(p.Path, ["fake.case"], TimeSpan.FromSeconds(timeoutSeconds));

    [Test]
    public async Task OneJsonLineIsAnObservation()
    {
        using var p = new FakeProbe("""echo '{"case":"fake.case","x":1,"outcome":"done"}'""");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Observed);
        r.Observation!.Int("x").Should().Be(1);
        Judge.FromProbe(AnyCase, "x86_64", r).Verdict.Should().Be(Verdict.Pass);
    }

    [Test]
    public async Task GarbageIsAFailNamingIt()
    {
        using var p = new FakeProbe("echo 'Segmentation fault? no: just words'");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Garbage);
        var o = Judge.FromProbe(AnyCase, "x86_64", r);
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("printed garbage").And.Contain("not JSON").And.Contain("just words");
    }

    [Test]
    public async Task TwoLinesAreGarbage()
    {
        using var p = new FakeProbe("""echo '{"x":1}'; echo '{"x":2}'""");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Garbage);
        r.Problem.Should().Contain("2 lines");
    }

    [Test]
    public async Task AJsonValueThatIsNotAnObjectIsGarbage()
    {
        using var p = new FakeProbe("echo '[1,2,3]'");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Garbage);
        r.Problem.Should().Contain("an array");
    }

    [Test]
    public async Task NoOutputIsAFail()
    {
        using var p = new FakeProbe("exit 0");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Garbage);
        r.Problem.Should().Contain("printed nothing");
    }

    [Test]
    public async Task ACrashNamesTheSignal()
    {
        using var p = new FakeProbe("echo 'about to die' >&2; kill -SEGV $$");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Crashed);
        var o = Judge.FromProbe(AnyCase, "i686", r);
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("crashed").And.Contain("SIGSEGV").And.Contain("about to die");
    }

    [Test]
    public async Task AFailureExitStatusIsAFailEvenWithJson()
    {
        using var p = new FakeProbe("""echo '{"x":1}'; echo 'ipcprobe: unknown case' >&2; exit 2""");
        var r = await Run(p);
        r.End.Should().Be(ProbeEnd.Crashed);
        r.Problem.Should().Contain("exit status 2").And.Contain("unknown case");
    }

    [Test]
    public async Task AHangIsKilledWithItsChildren()
    {
        using var p = new FakeProbe("sleep 300 & echo $! > \"$(dirname \"$0\")/child.pid\"; sleep 300");
        var r = await Run(p, timeoutSeconds: 1);
        r.End.Should().Be(ProbeEnd.Hung);
        r.Problem.Should().Contain("hung").And.Contain("killed");
        Judge.FromProbe(AnyCase, "x86_64", r).Verdict.Should().Be(Verdict.Fail);

        var childPid = int.Parse(File.ReadAllText(Path.Combine(p.Dir, "child.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // The child was killed with the probe; give the kernel a moment to reap it (init adopts it).
        var gone = false;
        for (var i = 0; i < 50 && !gone; i++)
        {
            gone = !File.Exists($"/proc/{childPid}/stat") || File.ReadAllText($"/proc/{childPid}/stat").Contains(") Z ", StringComparison.Ordinal);
            if (!gone)
                await Task.Delay(100);
        }
        gone.Should().BeTrue("the hung probe's child {0} must be killed with it", childPid);
    }

    [Test]
    public async Task AMissingProbeIsNotStartedNotAnException()
    {
        var r = await ProbeRunner.RunAsync("/nonexistent/ipcprobe", ["x"], TimeSpan.FromSeconds(5));
        r.End.Should().Be(ProbeEnd.NotStarted);
        r.Problem.Should().Contain("could not be started");
    }

    [Test]
    public async Task ABinaryTheKernelCannotRunIsNotStarted()
    {
        using var p = new FakeProbe("");
        File.WriteAllBytes(p.Path, [0x7f, 0x45, 0x4c, 0x46, 9, 9, 9, 9]); // a broken ELF header
        var r = await ProbeRunner.RunAsync(p.Path, ["x"], TimeSpan.FromSeconds(5));
        r.End.Should().Be(ProbeEnd.NotStarted);
        r.Problem.Should().Contain("could not be started");
    }

    [Test]
    public async Task CancellationKillsTheProbe()
    {
        using var p = new FakeProbe("sleep 300");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var r = await ProbeRunner.RunAsync(p.Path, ["x"], TimeSpan.FromSeconds(60), cts.Token);
        r.End.Should().Be(ProbeEnd.Cancelled);
    }

    [Test]
    public async Task ListParsesOneIdPerLine()
    {
        using var p = new FakeProbe("printf 'a.b.c\\nd.e.f\\n'");
        var (cases, problem) = await ProbeRunner.RunListAsync(p.Path, TimeSpan.FromSeconds(5));
        problem.Should().BeNull();
        cases.Should().BeEquivalentTo(["a.b.c", "d.e.f"]);
    }

    [Test]
    public async Task ObjectsAndFilesLeftBehindFailTheCaseAndAreRemoved()
    {
        // Leaves a temporary file in $TMPDIR and a shared-memory object under a name of its own (pid and token), then exits.
        using var p = new FakeProbe("""
            touch "$TMPDIR/left-behind"
            touch "/dev/shm/ipcprobe-$$-$IPCPROBE_TOKEN-s"
            echo '{"case":"fake.case","x":1,"outcome":"done"}'
            """);
        var abi = new Abi { Name = "x86_64", ProbePath = p.Path };
        var r = await ProbeSession.RunCaseAsync(abi, "fake.case", TimeSpan.FromSeconds(10), CancellationToken.None);
        r.Leftovers.Should().Contain(l => l.Contains("left-behind", StringComparison.Ordinal));
        r.Leftovers.Should().Contain(l => l.Contains("/dev/shm/ipcprobe-", StringComparison.Ordinal));
        var o = Judge.FromProbe(AnyCase, "x86_64", r);
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("left behind");
        r.Leftovers.Should().Contain(l => l.Contains("/dev/shm/ipcprobe-", StringComparison.Ordinal) && l.EndsWith("-s (shared memory object)", StringComparison.Ordinal));
        var shm = r.Leftovers.Single(l => l.StartsWith("/dev/shm/", StringComparison.Ordinal)).Split(' ')[0];
        File.Exists(shm).Should().BeFalse("the runner removes what a probe leaves");
    }

    [Test]
    public void OutcomesOtherThanDoneAreNamed()
    {
        Observation Obs(string json) => Observation.TryParse(json, out _)!;
        Judge.FromObservation(AnyCase, "x86_64", Obs("""{"outcome":"timeout"}"""), default).Reason.Should().Contain("watchdog");
        Judge.FromObservation(AnyCase, "x86_64", Obs("""{"outcome":"crashed","crash_signal":"SIGBUS"}"""), default).Reason.Should().Contain("SIGBUS");
        var drop = Judge.FromObservation(AnyCase, "x86_64", Obs("""{"outcome":"setup_error","setup_step":"drop_privileges","setup_errno":"EPERM"}"""), default);
        drop.Verdict.Should().Be(Verdict.Unsupported);
        drop.Reason.Should().Contain("drop privileges");
        var setup = Judge.FromObservation(AnyCase, "x86_64", Obs("""{"outcome":"setup_error","setup_step":"mkdtemp","setup_errno":"ENOSPC"}"""), default);
        setup.Verdict.Should().Be(Verdict.Fail);
        setup.Reason.Should().Contain("mkdtemp").And.Contain("ENOSPC");
    }

    [Test]
    public void AProbeOfTheWrongAbiIsAFail()
    {
        var o = Judge.FromObservation(AnyCase, "i686", Observation.TryParse("""{"abi":"x86_64","x":1,"outcome":"done"}""", out _)!, default);
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("built for x86_64");
    }
}

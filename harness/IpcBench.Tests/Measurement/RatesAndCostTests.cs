using IpcBench.Measurement;

namespace IpcBench.Tests.Measurement;

public class RatesAndCostTests
{
    [Test]
    public void MegabytesAreTenToTheSixBytes()
    {
        ThroughputMath.MbPerS(1_000_000, 1_000_000_000).Should().Be(1.0);
        ThroughputMath.MbPerS(64_000, 1_000_000).Should().Be(64.0);
        ThroughputMath.MbPerS(1L << 30, 1_000_000_000).Should().BeApproximately(1073.741824, 1e-9);
        ThroughputMath.MsgPerS(500, 1_000_000).Should().Be(500_000.0);
    }

    [Test]
    public void ZeroElapsedIsRefused() =>
        FluentActions.Invoking(() => ThroughputMath.MbPerS(1, 0)).Should().Throw<ArgumentOutOfRangeException>();

    [Test]
    public void ThroughputRepetitionsMergeAsTotalOverTotal()
    {
        var a = new ThroughputAggregator();
        a.AddRepetition(bytes: 1_000_000, messages: 1000, elapsedNs: 1_000_000); // 1000 MB/s
        a.AddRepetition(bytes: 1_000_000, messages: 1000, elapsedNs: 3_000_000); // 333.3 MB/s
        a.RepetitionMbPerS.Should().HaveCount(2);
        a.RepetitionMbPerS[0].Should().Be(1000.0);
        a.RepetitionMbPerS[1].Should().BeApproximately(333.333, 0.001);
        var s = a.ToStats();
        s.MbPerS.Should().Be(500.0);
        s.MsgPerS.Should().Be(500_000.0);
        s.Bytes.Should().Be(2_000_000);
        s.Messages.Should().Be(2000);
        s.ElapsedNs.Should().Be(4_000_000);
    }

    [Test]
    public void CpuPerMessageAddsBothPeers()
    {
        var acc = new CellCostAccumulator();
        acc.AddRepetition(new PeerUsage(UtimeNs: 1000, StimeNs: 3000, Nvcsw: 10, Nivcsw: 1),
                          new PeerUsage(UtimeNs: 2000, StimeNs: 4000, Nvcsw: 10, Nivcsw: 0), messages: 10);
        acc.AddRepetition(new PeerUsage(1000, 3000, 10, 1), new PeerUsage(2000, 4000, 10, 2), messages: 10);
        acc.Both.Should().BeEquivalentTo(new { CpuUserNs = 300.0, CpuSysNs = 700.0, CpuNs = 1000.0, Vcsw = 2.0, Ivcsw = 0.2 });
        acc.Client.Should().BeEquivalentTo(new { CpuUserNs = 100.0, CpuSysNs = 300.0, CpuNs = 400.0, Vcsw = 1.0, Ivcsw = 0.1 });
        acc.Server.CpuNs.Should().Be(600.0);
        acc.Messages.Should().Be(20);
    }

    [Test]
    public void PeerUsageFromDoneFields()
    {
        var done = IpcBench.Protocol.DoneRecord.Parse("DONE messages=100 bytes=0 elapsed_ns=9 utime_ns=5 stime_ns=6 nvcsw=7 nivcsw=8");
        PeerUsage.FromDone(done).Should().Be(new PeerUsage(5, 6, 7, 8));
        FluentActions.Invoking(() => IpcBench.Protocol.DoneRecord.Parse("DONE messages=100 bytes=0 elapsed_ns=9 utime_ns=5 stime_ns=6 nvcsw=7"))
            .Should().Throw<FormatException>().WithMessage("*nivcsw*");
        FluentActions.Invoking(() => IpcBench.Protocol.DoneRecord.Parse("DONE messages=100 bytes=0 elapsed_ns=9 utime_ns=5 stime_ns=6 nvcsw=7 nivcsw=-1"))
            .Should().Throw<FormatException>().WithMessage("*nivcsw=-1*");
        // The whole run's CPU and migrations: optional, parsed and written back, and what the interference window uses.
        var run = IpcBench.Protocol.DoneRecord.Parse("DONE messages=1 bytes=0 elapsed_ns=9 utime_ns=5 stime_ns=6 nvcsw=7 nivcsw=8 run_cpu_ns=40 migrations=2");
        (run.RunCpuNs, run.Migrations).Should().Be((40L, 2L));
        IpcBench.Protocol.DoneRecord.Parse(run.ToLine()).Should().Be(run);
        (done.RunCpuNs, done.Migrations).Should().Be((null, null));
        PeerRunCpu.Of(run, run).Should().Be(new PeerRunCpu(80, 4, 22));
        PeerRunCpu.Of(run, done).Should().Be(new PeerRunCpu(null, null, 22), "one peer without them: the window falls back");
        FluentActions.Invoking(() => IpcBench.Protocol.DoneRecord.Parse("DONE messages=1 bytes=0 elapsed_ns=9 utime_ns=5 stime_ns=6 nvcsw=7 nivcsw=8 run_cpu_ns=x"))
            .Should().Throw<FormatException>().WithMessage("*run_cpu_ns=x*");
    }

    [Test]
    public void CostNeedsMessages() =>
        FluentActions.Invoking(() => new CellCostAccumulator().Both).Should().Throw<InvalidOperationException>();
}

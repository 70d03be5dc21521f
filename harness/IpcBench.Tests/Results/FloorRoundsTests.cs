using IpcBench.Results;

namespace IpcBench.Tests.Results;

/// <summary>A floor measured once per round is reported as the median of its ok rounds, the rounds kept.</summary>
public class FloorRoundsTests
{
    [Test]
    public void The_median_of_the_ok_rounds_with_the_rounds_kept_and_failures_named()
    {
        var rounds = new[]
        {
            SizeFloor.Measured(65536, 14_000, 0) with { PeerCpu = 1, BytesVerified = 100 },
            SizeFloor.Measured(65536, 3_500, 0) with { PeerCpu = 1, BytesVerified = 100 },
            SizeFloor.NotMeasured(65536, CellStatus.Failed, "handoff floor: peer stopped"),
            SizeFloor.Measured(65536, 3_600, 0) with { PeerCpu = 1, BytesVerified = 100 },
        };

        var f = SizeFloor.OfRounds(rounds);

        f.Status.Should().Be(CellStatus.Ok);
        f.Ns.Should().Be(3_600, "median of 14000, 3500, 3600: the state most rounds were in");
        f.NsPerByte.Should().Be(3_600.0 / 65536);
        f.RoundNs.Should().Equal(14_000, 3_500, 3_600);
        f.BytesVerified.Should().Be(300);
        f.PeerCpu.Should().Be(1);
        f.Reason.Should().Be("1 of 4 rounds not measured: handoff floor: peer stopped");

        SizeFloor.OfRounds([SizeFloor.Measured(64, 10), SizeFloor.Measured(64, 20)]).Ns.Should().Be(15);
        var none = SizeFloor.OfRounds([SizeFloor.NotMeasured(64, CellStatus.Failed, "a"), SizeFloor.NotMeasured(64, CellStatus.Failed, "b")]);
        none.Status.Should().Be(CellStatus.Failed);
        none.Reason.Should().Be("a");
    }
}

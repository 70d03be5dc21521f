using IpcBench.Measurement;
using IpcBench.Results;

namespace IpcBench.Tests.Measurement;

public class CopyModelFitterTests
{
    private static readonly long[] Sizes = [64, 1024, 4096, 65536, 1048576];

    /// <summary>memcpy 0.125 ns/B (8 GB/s) and own work 0.05 ns/B at every size.</summary>
    private static FloorResults Floors(double memcpyNsPerByte = 0.125, double ownNsPerByte = 0.05) => new()
    {
        Memcpy = [.. Sizes.Select(s => SizeFloor.Measured(s, s * memcpyNsPerByte))],
        Own = [.. Sizes.Select(s => SizeFloor.Measured(s, s * ownNsPerByte))],
    };

    private static List<ModelPoint> Line(double fixedNs, double slope, Func<int, double>? noise = null) =>
        [.. Sizes.Select((s, i) => new ModelPoint { Size = s, RttNs = (fixedNs + slope * s) * (1 + (noise?.Invoke(i) ?? 0)) })];

    [Test]
    public void ExactLineGivesExactModel()
    {
        // Round trip = 4000 ns + 0.5 ns/B: per direction 0.25 ns/B = 2 memcpys of 0.125 ns/B.
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, Line(4000, 0.5), Floors());
        m.Status.Should().Be(ModelStatus.Ok);
        m.Reason.Should().BeNull();
        m.Method.Should().Be("wls-relative-intercept+ols-slope");
        m.FixedNsPerRoundTrip.Should().BeApproximately(4000, 1e-6);
        m.FixedNsPerMessage.Should().BeApproximately(2000, 1e-6);
        m.NsPerByteRoundTrip.Should().BeApproximately(0.5, 1e-12);
        m.NsPerBytePerDirection.Should().BeApproximately(0.25, 1e-12);
        m.RSquared.Should().BeApproximately(1.0, 1e-12);
        m.Ols!.Intercept.Should().BeApproximately(4000, 1e-4);
        m.Ols.Slope.Should().BeApproximately(0.5, 1e-12);
        m.ReferenceSize.Should().Be(1048576);
        m.MemcpyNsPerByte.Should().Be(0.125);
        m.OwnNsPerByte.Should().Be(0.05);
        m.EffectiveCopies.Should().BeApproximately(2.0, 1e-9);
        m.CopiesBeyondOwn.Should().BeApproximately(1.6, 1e-9); // (0.25 - 0.05) / 0.125
        m.TextbookCopies.Should().Be(2);
        m.Points.Should().HaveCount(5);
    }

    [Test]
    public void ExactLineHasZeroSlopeErrorAndIsResolved()
    {
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, Line(4000, 0.5), Floors());
        m.SlopeResolved.Should().BeTrue();
        m.CopiesStdError.Should().BeApproximately(0, 1e-9);
    }

    [Test]
    public void SlopeLostInWakeUpNoiseIsUnresolvedAndSaysSo()
    {
        // A queue limited to 4 KiB on a machine whose wake-ups cost ~35 us ± 10 %: the bytes
        // (a few hundred ns at most) cannot be told from the noise.
        long[] sizes = [64, 256, 1024, 2048, 4096];
        double[] rtt = [36_000, 33_500, 37_800, 34_200, 35_900];
        var points = sizes.Select((s, i) => new ModelPoint { Size = s, RttNs = rtt[i] }).ToList();

        var m = CopyModelFitter.FitOne("mq", null, false, "native-native", Placement.Cross, points, Floors());

        m.Status.Should().Be(ModelStatus.Ok);
        m.SlopeResolved.Should().BeFalse();
        m.CopiesStdError.Should().BePositive();
        m.Reason.Should().Contain("not resolved").And.Contain("cache-resident");
    }

    [Test]
    public void A_falling_slope_is_never_resolved()
    {
        // Three queue sizes that happen to fall almost on a line going down: noise, not a negative cost.
        long[] sizes = [64, 1024, 4096];
        double[] rtt = [31_000, 29_500, 23_600];
        var points = sizes.Select((s, i) => new ModelPoint { Size = s, RttNs = rtt[i] }).ToList();

        var m = CopyModelFitter.FitOne("mq", null, false, "native-native", Placement.Cross, points, Floors());

        m.NsPerByteRoundTrip.Should().BeNegative();
        m.SlopeResolved.Should().BeFalse();
    }

    [TestCase(1, 12.706)]
    [TestCase(3, 3.182)]
    [TestCase(1000, 1.96)]
    public void Student_t_critical_values(int df, double t) => CopyModelFitter.StudentT95(df).Should().Be(t);

    [Test]
    public void TwoPointsGiveNoErrorEstimate()
    {
        var points = new List<ModelPoint> { new() { Size = 64, RttNs = 1000 }, new() { Size = 1048576, RttNs = 500_000 } };
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, points, Floors());
        m.SlopeResolved.Should().BeNull();
        m.CopiesStdError.Should().BeNull();
    }

    [Test]
    public void SharedMemoryLikeLineHasNoCopiesBeyondOwn()
    {
        // Shared memory: the per-byte cost is only the own work (0.05 ns/B per direction).
        var m = CopyModelFitter.FitOne("shm", "spin", false, "native-native", Placement.Cross, Line(300, 0.1), Floors());
        m.CopiesBeyondOwn.Should().BeApproximately(0.0, 1e-9);
        m.EffectiveCopies.Should().BeApproximately(0.4, 1e-9);
        m.TextbookCopies.Should().Be(0);
    }

    [Test]
    public void NoisyLineStaysClose()
    {
        // ±3 % multiplicative noise, deterministic.
        var rng = new Random(12345);
        var m = CopyModelFitter.FitOne("fifo", null, false, "managed-managed", Placement.Same,
            Line(4000, 0.5, _ => (rng.NextDouble() * 2 - 1) * 0.03), Floors());
        m.NsPerByteRoundTrip!.Value.Should().BeApproximately(0.5, 0.5 * 0.05);
        m.FixedNsPerRoundTrip!.Value.Should().BeApproximately(4000, 4000 * 0.05);
        m.RSquared!.Value.Should().BeGreaterThan(0.9).And.BeLessThan(1.0);
        m.EffectiveCopies!.Value.Should().BeApproximately(2.0, 0.1);
    }

    [Test]
    public void WeightedInterceptBeatsOlsOnGeometricSizes()
    {
        // The justification for the weighted fit: with sizes 64 B .. 1 MiB and relative noise,
        // the OLS intercept is dominated by the noise of the largest sizes.
        double wlsError = 0, olsError = 0, wlsSlopeError = 0, olsSlopeError = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var rng = new Random(seed);
            var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross,
                Line(4000, 0.5, _ => (rng.NextDouble() * 2 - 1) * 0.02), Floors());
            wlsError += Math.Abs(m.FixedNsPerRoundTrip!.Value - 4000);
            olsError += Math.Abs(m.Ols!.Intercept - 4000);
            wlsSlopeError += Math.Abs(m.NsPerByteRoundTrip!.Value - 0.5);
            olsSlopeError += Math.Abs(m.Ols.Slope - 0.5);
        }
        wlsError.Should().BeLessThan(olsError / 3);
        wlsSlopeError.Should().BeLessThan(olsSlopeError * 2, "the slope stays about as good");
    }

    [Test]
    public void FewerThanTwoSizesIsAbsentWithAReason()
    {
        var one = CopyModelFitter.FitOne("mq", null, false, "native-native", Placement.Cross,
            [new ModelPoint { Size = 4096, RttNs = 9000 }, new ModelPoint { Size = 4096, RttNs = 9100 }], Floors());
        one.Status.Should().Be(ModelStatus.Absent);
        one.Reason.Should().Be("needs ok latency cells at 2 or more distinct sizes; have only 4K");
        one.FixedNsPerRoundTrip.Should().BeNull();
        one.EffectiveCopies.Should().BeNull();
        one.RSquared.Should().BeNull();

        var none = CopyModelFitter.FitOne("mq", null, false, "native-native", Placement.Cross, [], Floors());
        none.Status.Should().Be(ModelStatus.Absent);
        none.Reason.Should().EndWith("have none");
    }

    [Test]
    public void MissingFloorsLeaveCopiesNullButKeepTheFit()
    {
        var noMemcpy = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, Line(4000, 0.5), new FloorResults());
        noMemcpy.Status.Should().Be(ModelStatus.Ok);
        noMemcpy.NsPerByteRoundTrip.Should().BeApproximately(0.5, 1e-12);
        noMemcpy.EffectiveCopies.Should().BeNull();
        noMemcpy.CopiesBeyondOwn.Should().BeNull();
        noMemcpy.Reason.Should().Contain("no ok memcpy floor");

        var floors = Floors() with { Own = [], Memcpy = [.. Floors().Memcpy.Where(f => f.Size != 1048576)] };
        var partial = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, Line(4000, 0.5), floors);
        partial.ReferenceSize.Should().Be(65536);
        partial.EffectiveCopies.Should().BeApproximately(2.0, 1e-9);
        partial.CopiesBeyondOwn.Should().BeNull();
        partial.Reason.Should().Contain("no ok own floor at 64K").And.Contain("memcpy floor missing at 1M");
    }

    [Test]
    public void FitGroupsLatencyCellsAndIgnoresTheRest()
    {
        var mm = PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Managed);
        var nn = PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native());
        CellResult Cell(string transport, PeerPairInfo peers, long size, double rtt, CellStatus status = CellStatus.Ok,
                        Workload workload = Workload.Latency, string? wait = null) => new()
        {
            Transport = transport, Wait = wait, Peers = peers, Workload = workload, Size = size, Placement = Placement.Cross,
            Status = status, Verified = status == CellStatus.Ok,
            Latency = status == CellStatus.Ok && workload == Workload.Latency
                ? new LatencyStats { Count = 1, MinNs = (long)rtt, P50Ns = (long)rtt, P90Ns = (long)rtt, P99Ns = (long)rtt, P999Ns = (long)rtt, MaxNs = (long)rtt, MeanNs = rtt }
                : null,
        };
        var cells = new List<CellResult>
        {
            Cell("pipe", nn, 64, 4032),
            Cell("pipe", nn, 1048576, 4000 + 524288),
            Cell("pipe", nn, 4096, 1, workload: Workload.Throughput),
            Cell("pipe", mm, 64, 5000),
            Cell("pipe", mm, 4096, 0, CellStatus.Failed),
            Cell("shm", nn, 64, 500, wait: "spin"),
            Cell("shm", nn, 4096, 900, wait: "spin"),
            Cell("shm", nn, 64, 800, wait: "futex"),
            Cell("mq", nn, 64, 0, CellStatus.Skipped),
        };
        var model = CopyModelFitter.Fit(cells, Floors());
        model.Select(m => $"{m.Transport}/{m.Wait}/{m.Peers}/{m.Status.Name()}").Should().Equal(
            "pipe//native-native/ok", "pipe//managed-managed/absent", "shm/spin/native-native/ok", "shm/futex/native-native/absent", "mq//native-native/absent");
        model[0].NsPerByteRoundTrip.Should().BeApproximately(0.5, 1e-9);
        model[1].Reason.Should().EndWith("have only 64");
        model[4].Reason.Should().EndWith("have none");
    }

    [Test]
    public void TextbookClaim()
    {
        foreach (var t in new[] { "pipe", "fifo", "mq", "uds" })
            CopyModelFitter.TextbookCopies(t).Should().Be(2);
        CopyModelFitter.TextbookCopies("shm").Should().Be(0);
        CopyModelFitter.TextbookCopies("mmap-file").Should().Be(0);
        CopyModelFitter.TextbookCopies("carrier-pigeon").Should().BeNull();
    }

    [Test]
    public void LinearFitEdgeCases()
    {
        LinearFit.Ols([1, 2, 3], [5, 5, 5]).Should().BeEquivalentTo(new LinearFitResult { Intercept = 5, Slope = 0, RSquared = null, SlopeStdError = 0 });
        FluentActions.Invoking(() => LinearFit.Ols([2, 2], [1, 3])).Should().Throw<ArgumentException>().WithMessage("*distinct*");
        FluentActions.Invoking(() => LinearFit.Ols([2], [1])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => LinearFit.Relative([1, 2], [1, 0])).Should().Throw<ArgumentOutOfRangeException>();
        var f = LinearFit.Ols([0, 1, 2, 3], [1, 3, 2, 4]);
        f.Slope.Should().BeApproximately(0.8, 1e-12);
        f.Intercept.Should().BeApproximately(1.3, 1e-12);
        f.RSquared!.Value.Should().BeApproximately(0.64, 1e-12);
    }
}

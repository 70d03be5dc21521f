using IpcBench.Measurement;
using IpcBench.Results;

namespace IpcBench.Tests.Measurement;

/// <summary>
/// The fixed + wake-ups + bytes fit and the CPU-time estimate against synthetic cells whose costs are known,
/// with noise like this VM's: wake-ups of tens of µs that vary by ±15 % between cells, and repetitions that scatter.
/// </summary>
public class WakeUpFitTests
{
    const double Fixed = 3000, PerWake = 30_000, PerByte = 0.1; // round trip: ns, ns per wake-up, ns per byte (both ways)
    const double Memcpy = 0.025, Own = 0.01, Handoff = 0.05;     // ns/B: per direction the model is 0.05 ns/B = 1.6 memcpy copies beyond own

    static readonly long[] Sizes = [64, 1024, 4096, 65536, 1048576];

    static FloorResults Floors() => new()
    {
        Memcpy = [.. AllSizes.Select(s => SizeFloor.Measured(s, s * Memcpy))],
        Own = [.. AllSizes.Select(s => SizeFloor.Measured(s, s * Own))],
        Handoff = [.. AllSizes.Select(s => SizeFloor.Measured(s, s * Handoff))],
        // Two kernel copies of 0.02 ns/B each plus 1.5 µs of system calls per write + read.
        KernelCopy = [.. AllSizes.Select(s => SizeFloor.Measured(s, 1500 + 2 * KernelCopy * s))],
    };
    const double KernelCopy = 0.02;

    static IEnumerable<long> AllSizes => Sizes;

    /// <summary>
    /// A pipe-like group: 2 wake-ups per round trip until the message outgrows a 64 KiB buffer, then one more pair
    /// per refill; the 1 MiB size is measured twice, with the default buffer and with one holding the whole message
    /// (the dedicated cells), so wake-ups vary apart from size. Each point is the median of 5 repetitions whose
    /// scatter is the per-wake-up noise; CPU time per side is half the work without the waiting.
    /// </summary>
    static List<ModelPoint> PipeLike(int seed, double wakeNoise = 0.15)
    {
        var rng = new Random(seed);
        var points = new List<ModelPoint>();
        foreach (var (size, wakes) in new (long, double)[] { (64, 2), (1024, 2), (4096, 2), (65536, 2.2), (1048576, 32), (1048576, 2), (262144, 8), (262144, 2) })
        {
            var reps = Enumerable.Range(0, 5).Select(_ => Fixed + PerWake * wakes * (1 + wakeNoise * Gauss(rng)) + PerByte * size).ToList();
            double median = reps.Order().ElementAt(2);
            double cpu = 2000 + 4000 * wakes + 2 * (Own + 2 * Memcpy) * size; // both sides: own work and two memcpy copies per direction
            points.Add(new ModelPoint
            {
                Size = size, RttNs = median, RttStdErrorNs = CopyModelFitter.RepetitionStdError(reps, median), WakeUps = wakes,
                ClientCpuNs = cpu / 2 * (1 + 0.01 * Gauss(rng)), ServerCpuNs = cpu / 2 * (1 + 0.01 * Gauss(rng)),
            });
        }
        return points;
    }

    static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Test]
    public void Recovers_fixed_wake_up_and_byte_costs_within_their_errors()
    {
        int within = 0, runs = 40;
        for (int seed = 0; seed < runs; seed++)
        {
            var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, PipeLike(seed), Floors());
            m.Terms.Should().Be(CopyModelFitter.ThreeTerms);
            m.Method.Should().Be(CopyModelFitter.WakeUpMethod);
            m.NsPerWakeUpStdError.Should().BePositive();
            m.NsPerBytePerDirectionStdError.Should().BePositive();
            bool ok = Math.Abs(m.NsPerWakeUp!.Value - PerWake) <= 3 * m.NsPerWakeUpStdError!.Value
                      && Math.Abs(m.NsPerBytePerDirection!.Value - PerByte / 2) <= 3 * m.NsPerBytePerDirectionStdError!.Value
                      && Math.Abs(m.FixedNsPerMessage!.Value - Fixed / 2) <= 3 * m.FixedNsPerMessageStdError!.Value;
            if (ok) within++;
        }
        // Three standard errors cover a true value nearly always; a biased fit or errors too small would not.
        within.Should().BeGreaterThanOrEqualTo(runs * 9 / 10);
    }

    [Test]
    public void Copies_come_in_both_units_with_errors_and_a_verdict_line()
    {
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, PipeLike(7, wakeNoise: 0.02), Floors());
        m.CopiesBeyondOwn!.Value.Should().BeApproximately((PerByte / 2 - Own) / Memcpy, 3 * m.CopiesStdError!.Value);
        m.HandoffsBeyondOwn!.Value.Should().BeApproximately(PerByte / 2 / Handoff - 1, 3 * m.HandoffsStdError!.Value);
        m.HandoffNsPerByte.Should().Be(Handoff);
        m.WakeUpsPerRoundTrip.Should().Be(2);
        m.VerdictUnit.Should().Be("memcpy");
        m.VerdictCopies.Should().Be(m.CopiesBeyondOwn);
        m.AgreesWithTextbook.Should().BeFalse("1.6 copies with a small error is not the textbook's 2");
        m.Verdict.Should().StartWith("pipe native-native: 1.6").And.Contain("(textbook 2) ✗ differs").And.Contain("µs per wake-up").And.Contain("2.0 wake-ups/round trip");
        // Kernel-copy units: the floor's slope without its fixed system-call cost, per copy.
        m.KernelCopyNsPerByte!.Value.Should().BeApproximately(KernelCopy, 1e-9);
        m.KernelCopyInMemcpys!.Value.Should().BeApproximately(KernelCopy / Memcpy, 1e-9);
        m.KernelCopiesBeyondOwn!.Value.Should().BeApproximately((PerByte / 2 - Own) / KernelCopy, 3 * m.KernelCopiesStdError!.Value);
        m.Verdict.Should().Contain("in kernel-copy units (one kernel copy here costs 0.8 memcpys)");
        // Against one kernel copy plus one hand-off per direction: 0.05 / (0.02 + 0.05).
        m.TwoCopyRatio!.Value.Should().BeApproximately(PerByte / 2 / (KernelCopy + Handoff), 3 * m.TwoCopyRatioStdError!.Value);
        m.Verdict.Should().Contain("x (one kernel copy + one cross-CPU hand-off)");
    }

    [Test]
    public void Shared_memory_and_a_missing_kernel_copy_floor_have_no_kernel_copy_units()
    {
        var shm = CopyModelFitter.FitOne("shm", "spin", false, "native-native", Placement.Cross,
            [.. Sizes.Select(s => new ModelPoint { Size = s, RttNs = 700 + 0.08 * s, RttStdErrorNs = 5, WakeUps = 0 })], Floors());
        shm.KernelCopiesBeyondOwn.Should().BeNull();
        var pipe = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, PipeLike(7), Floors() with { KernelCopy = null });
        pipe.KernelCopyNsPerByte.Should().BeNull();
        pipe.CopiesBeyondOwn.Should().NotBeNull("memcpy units do not need it");
    }

    [Test]
    public void Cpu_time_gives_a_second_estimate_that_agrees_when_the_sides_did_the_same_work()
    {
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, PipeLike(3), Floors());
        var cpu = m.Cpu!;
        cpu.Status.Should().Be(ModelStatus.Ok);
        // Synthetic usage: per direction own work + 2 memcpy copies, so 2 copies beyond own.
        cpu.CopiesBeyondOwn!.Value.Should().BeApproximately(2.0, 0.05);
        cpu.NsPerBytePerDirection!.Value.Should().BeApproximately(Own + 2 * Memcpy, 0.002);
        cpu.ClientNsPerByteRoundTrip!.Value.Should().BeApproximately(Own + 2 * Memcpy, 0.002, "each side sends once and receives once per round trip");
        cpu.ServerNsPerByteRoundTrip!.Value.Should().BeApproximately(Own + 2 * Memcpy, 0.002);
        cpu.CopiesStdError.Should().BePositive();
    }

    [Test]
    public void Estimates_that_disagree_beyond_their_errors_are_said_to()
    {
        var m = CopyModelFitter.FitOne("pipe", null, false, "native-native", Placement.Cross, PipeLike(11, wakeNoise: 0.01), Floors());
        // Round trip: 1.6 copies; CPU time: 2.0 copies, both with small errors.
        m.Cpu!.AgreesWithRoundTrip.Should().BeFalse();
        m.Verdict.Should().Contain("CPU time says 2.0").And.Contain("disagrees with the round trip beyond both errors");
    }

    [Test]
    public void Spin_waits_have_no_cpu_estimate_and_constant_wake_ups_fit_two_terms()
    {
        var pts = Sizes.Select(s => new ModelPoint
        {
            Size = s, RttNs = 700 + 0.08 * s, RttStdErrorNs = 5, WakeUps = 0, ClientCpuNs = 700 + 0.08 * s, ServerCpuNs = 700 + 0.08 * s,
        }).ToList();
        var m = CopyModelFitter.FitOne("shm", "spin", false, "native-native", Placement.Cross, pts, Floors());
        m.Terms.Should().Be(CopyModelFitter.TwoTerms);
        m.NsPerWakeUp.Should().BeNull();
        m.WakeUpNote.Should().Contain("do not vary apart from size");
        m.Cpu!.Status.Should().Be(ModelStatus.Absent);
        m.Cpu.Reason.Should().Contain("spin waits");
        m.VerdictUnit.Should().Be("handoff");
        // 0.04 ns/B per direction against a hand-off floor (which holds the own work) of 0.05: 0.8 hand-offs, so
        // 0.2 fewer than the floor: a negative figure is reported as measured, not clipped to 0.
        m.EffectiveHandoffs!.Value.Should().BeApproximately(0.8, 1e-6);
        m.VerdictCopies!.Value.Should().BeApproximately(-0.2, 1e-6);
        m.Verdict.Should().Contain("hand-off units (textbook 0)");
    }

    [Test]
    public void An_unresolved_slope_is_flagged_in_the_three_term_fit_too()
    {
        // A queue at 64 B .. 8 KiB: 2 wake-ups of 30 µs ± 15 % and 1 ns per KiB: the bytes drown.
        var rng = new Random(5);
        var pts = new (long Size, double Wakes)[] { (64, 2), (1024, 2), (2048, 3), (4096, 2), (6144, 2), (8192, 3) }
            .Select(p =>
            {
                var reps = Enumerable.Range(0, 5).Select(_ => 3000 + 30_000 * p.Wakes * (1 + 0.15 * Gauss(rng)) + 0.001 * p.Size).ToList();
                double med = reps.Order().ElementAt(2);
                return new ModelPoint { Size = p.Size, RttNs = med, RttStdErrorNs = CopyModelFitter.RepetitionStdError(reps, med), WakeUps = p.Wakes };
            }).ToList();
        var m = CopyModelFitter.FitOne("mq", null, false, "native-native", Placement.Cross, pts, Floors());
        m.Terms.Should().Be(CopyModelFitter.ThreeTerms);
        m.SlopeResolved.Should().BeFalse();
        m.VerdictCopies.Should().BeNull();
        m.AgreesWithTextbook.Should().BeNull();
        m.Verdict.Should().Contain("per-byte cost not resolved");
        m.Reason.Should().Contain("not resolved");
    }

    [Test]
    public void Multi_fit_solves_an_exact_plane_and_refuses_collinear_columns()
    {
        var x = new List<double[]> { new[] { 1.0, 2, 64 }, new[] { 1.0, 2, 4096 }, new[] { 1.0, 32, 1 << 20 }, new[] { 1.0, 2, 1 << 20 } };
        var y = x.Select(r => 3000 + 30_000 * r[1] + 0.1 * r[2]).ToList();
        var f = MultiFit.Solve(x, y, [1, 1, 1, 1], absoluteWeights: false);
        f.Coefficients[0].Should().BeApproximately(3000, 1e-3);
        f.Coefficients[1].Should().BeApproximately(30_000, 1e-5);
        f.Coefficients[2].Should().BeApproximately(0.1, 1e-9);
        f.DegreesOfFreedom.Should().Be(1);
        var collinear = new List<double[]> { new[] { 1.0, 2, 64 }, new[] { 1.0, 2, 4096 }, new[] { 1.0, 2, 65536 } };
        FluentActions.Invoking(() => MultiFit.Solve(collinear, [1, 2, 3], [1, 1, 1], false)).Should().Throw<ArgumentException>().WithMessage("*collinear*");
    }

    [Test]
    public void Repetition_error_is_the_spread_over_root_k_and_never_below_the_histogram_resolution()
    {
        CopyModelFitter.RepetitionStdError([100, 102, 98, 101, 99], 100).Should().BeApproximately(Math.Sqrt(2.5) / Math.Sqrt(5), 1e-12);
        CopyModelFitter.RepetitionStdError([1000, 1000, 1000], 1000).Should().Be(1);
        CopyModelFitter.RepetitionStdError([1000], 1000).Should().BeNull();
    }
}

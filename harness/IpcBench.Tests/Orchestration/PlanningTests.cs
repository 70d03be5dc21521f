using IpcBench.Orchestration;
using IpcBench.Results;
using IpcBench.Transports;
using IpcBench.Util;

namespace IpcBench.Tests.Orchestration;

public class PlanningTests
{
    [TestCase("managed-managed", "managed-managed")]
    [TestCase("native-native", "native-native")]
    [TestCase("managed-native", "managed-native")]
    [TestCase("native-i686", "native:x86_64-native:i686")]
    [TestCase("i686-lfs-managed", "native:i686-lfs-managed:x86_64")]
    [TestCase("x86_64:i686-lfs", "native:x86_64-native:i686-lfs")]
    public void Peer_pairs_parse(string text, string name) => PeerSpec.ParsePair(text).Name.Should().Be(name);

    [TestCase("managed")]
    [TestCase("managed-")]
    [TestCase("managed-java")]
    [TestCase("-native")]
    public void Malformed_peer_pairs_are_usage_errors(string text) =>
        FluentActions.Invoking(() => PeerSpec.ParsePair(text)).Should().Throw<UsageException>();

    [Test]
    public void Cpu_lists_parse_like_the_kernel_writes_them() =>
        CpuPlacement.ParseCpuList("0-2,5,7-8").Should().Equal(0, 1, 2, 5, 7, 8);

    [Test]
    public void Counts_are_whole_multiples_of_the_repetitions_and_shrink_with_size()
    {
        foreach (var size in new long[] { 64, 1024, 4096, 65536, 1 << 20 })
        {
            Profile.Quick.Count(true, size).Should().BePositive();
            (Profile.Quick.Count(true, size) % Profile.Quick.Repetitions).Should().Be(0);
            (Profile.Full.Count(false, size) % Profile.Full.Repetitions).Should().Be(0);
        }
        Profile.Quick.Count(true, 1 << 20).Should().BeLessThan(Profile.Quick.Count(true, 64));
    }

    [Test]
    public void The_default_matrix_covers_every_transport_both_waits_both_default_pairs_and_workloads()
    {
        var plan = new RunRequest().Plan(new CpuPlacement(Placement.None, -1, -1));
        // pipe, fifo, mq, uds + shm and mmap-file with two waits each = 8 variants.
        plan.Should().HaveCount(8 * 2 * 2 * 5);
        plan.Select(c => c.Index).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        plan.Where(c => c.Transport == TransportKind.Shm).Select(c => c.Wait).Distinct().Should().BeEquivalentTo([WaitStrategy.Spin, WaitStrategy.Futex]);
        plan.Should().OnlyContain(c => c.Workload == Workload.Latency || c.Warmup >= 1);
    }

    [Test]
    public void Spin_yields_only_when_the_peers_share_a_cpu()
    {
        var cross = new RunRequest { Transports = [TransportKind.Shm], Waits = [WaitStrategy.Spin] }.Plan(new CpuPlacement(Placement.Cross, 0, 1));
        var same = new RunRequest { Transports = [TransportKind.Shm], Waits = [WaitStrategy.Spin] }.Plan(new CpuPlacement(Placement.Same, 0, 0));
        cross.Should().OnlyContain(c => !c.Yield);
        same.Should().OnlyContain(c => c.Yield);
    }
}

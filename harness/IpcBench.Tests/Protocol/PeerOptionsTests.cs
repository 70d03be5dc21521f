using IpcBench.Protocol;
using IpcBench.Transports;
using IpcBench.Util;

namespace IpcBench.Tests.Protocol;

public class PeerOptionsTests
{
    private static PeerOptions P(string line) => PeerOptions.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Test]
    public void Parses_a_full_ring_client_line()
    {
        var o = P("--role client --transport shm --workload latency --size 64 --count 1000 --warmup 10 --wait futex --yield --cpu 1 --timeout-ms 500 --name /ipcbench-1-x --slots 64 --samples /tmp/s --reps 10");
        o.Should().BeEquivalentTo(new PeerOptions
        {
            Role = PeerRole.Client, Transport = TransportKind.Shm, Workload = PeerWorkload.Latency, Size = 64, Count = 1000, Warmup = 10,
            Wait = WaitStrategy.Futex, Yield = true, Cpu = 1, TimeoutMs = 500, Name = "/ipcbench-1-x", Slots = 64, Samples = "/tmp/s", Reps = 10,
        });
        PeerOptions.Parse(o.ToArguments()).Should().BeEquivalentTo(o);
    }

    [Test]
    public void Parses_pipe_fds_and_floors()
    {
        P("--role server --transport pipe --workload throughput --size 16 --count 1 --warmup 1 --fds 3,4,5,6").Fds.Should().Equal(3, 4, 5, 6);
        var f = P("--transport none --workload memcpy --size 4096 --count 100");
        f.Transport.Should().BeNull();
        f.Workload.Should().Be(PeerWorkload.Memcpy);
        P("--role server --transport cacheline --workload latency --count 10 --name /x").Size.Should().Be(64);
    }

    [TestCase("--role server --transport pipe --workload latency --size 64 --count 1 --fds 3,4 --bogus 1", "unknown option '--bogus'")]
    [TestCase("--role server --transport pipe --workload latency --size 15 --count 1 --fds 3,4", "--size: expected an integer in 16..*, got '15'")]
    [TestCase("--role server --transport pipe --workload latency --size x --count 1 --fds 3,4", "--size: *got 'x'")]
    [TestCase("--role server --transport carrier-pigeon --workload latency --size 64 --count 1", "unknown transport 'carrier-pigeon': expected one of pipe, fifo, mq, shm, mmap-file, uds, cacheline")]
    [TestCase("--role server --transport pipe --workload latency --size 64 --count 1", "--transport pipe needs --fds")]
    [TestCase("--role server --transport shm --workload latency --size 64 --count 1 --name /x --wait spin", "--transport shm needs --slots")]
    [TestCase("--role server --transport shm --workload latency --size 64 --count 1 --name /x --slots 4", "--transport shm needs --wait")]
    [TestCase("--role server --transport shm --workload latency --size 64 --count 1 --name /x --slots 6 --wait spin", "--slots: 6 is not a power of two")]
    [TestCase("--role server --transport fifo --workload throughput --size 64 --count 1 --path /tmp", "--warmup: throughput needs at least 1 warm-up message")]
    [TestCase("--role client --transport fifo --workload latency --size 64 --count 1 --path /tmp", "missing --samples*")]
    [TestCase("--transport none --workload latency --size 64 --count 1", "--transport none needs --workload memcpy, own or kcopy")]
    [TestCase("--transport shm --workload latency --size 64 --count 1", "missing --role")]
    [TestCase("--role server --transport pipe --workload memcpy --size 64 --count 1 --fds 3,4", "--workload memcpy needs --transport none")]
    [TestCase("--role server --transport cacheline --workload throughput --count 1 --warmup 1 --name /x", "--transport cacheline needs --workload latency or handoff")]
    [TestCase("--role server --transport pipe --workload latency --size 64 --count 1 --fds 3", "--fds: expected R,W[,X...] (at most 64 fds), got '3'")]
    [TestCase("--role server --transport pipe --workload latency --size 64 --count", "--count needs a value")]
    [TestCase("--role server --transport pipe --workload latency --size=64 --count 1 --fds 3,4", "unknown option '--size=64'")]
    [TestCase("--role server --transport pipe --workload latency --size 64 --count 1 --fds 3,4 stray", "unexpected argument 'stray'")]
    [TestCase("--role server --transport pipe --workload throughput --size 64 --count 5 --warmup 1 --fds 3,4 --reps 6", "--reps 6: more repetitions than the 5 timed messages")]
    [TestCase("--role server --transport pipe --workload throughput --size 64 --count 5000 --warmup 1 --fds 3,4 --reps 1001", "--reps: expected an integer in 1..1000, got '1001'")]
    public void Bad_input_is_one_line_naming_the_problem(string line, string message)
        => FluentActions.Invoking(() => P(line)).Should().Throw<UsageException>().WithMessage(message);

    [Test]
    public void A_repeated_option_takes_the_last_value_as_the_native_peer_does()
        => P("--transport none --workload own --size 64 --size 128 --count 1").Size.Should().Be(128);

    [Test]
    public void Transport_names_round_trip()
    {
        foreach (var k in TransportKinds.All)
            TransportKinds.Parse(k.ToName()).Should().Be(k);
        TransportKinds.All.Select(k => k.ToName()).Should().Equal("pipe", "fifo", "mq", "shm", "mmap-file", "uds", "cacheline");
        FluentActions.Invoking(() => TransportKinds.Parse("MmapFile")).Should().Throw<UsageException>().WithMessage("*expected one of pipe, fifo, mq, shm, mmap-file, uds, cacheline");
        TransportKinds.ParseWait("futex").Should().Be(WaitStrategy.Futex);
        FluentActions.Invoking(() => TransportKinds.ParseWait("sleep")).Should().Throw<UsageException>();
    }

    [Test]
    public void Control_fields_parse()
    {
        var f = ControlProtocol.ParseFields("DONE messages=10 bytes=0 elapsed_ns=123 result_ns=1.500");
        ControlProtocol.GetLong(f, ControlProtocol.Messages).Should().Be(10);
        ControlProtocol.GetDouble(f, ControlProtocol.ResultNs).Should().Be(1.5);
        ControlProtocol.GetLong(f, ControlProtocol.Samples).Should().BeNull();
    }
}

using IpcBench.Protocol;

namespace IpcBench.Tests.Protocol;

public class RingLayoutTests
{
    [Test]
    public void Offsets_are_the_documented_ones()
    {
        RingLayout.Magic.Should().Be(0x52435049u);
        BitConverter.GetBytes(RingLayout.Magic).Should().Equal((byte)'I', (byte)'P', (byte)'C', (byte)'R');
        RingLayout.Version.Should().Be(1u);
        (RingLayout.MagicOffset, RingLayout.VersionOffset, RingLayout.SlotSizeOffset, RingLayout.SlotsOffset, RingLayout.ReadyOffset)
            .Should().Be((0, 4, 8, 12, 16));
        (RingLayout.C2SControlOffset, RingLayout.S2CControlOffset, RingLayout.SlotsStart).Should().Be((64, 320, 4096));
        (RingLayout.HeadOffset, RingLayout.TailOffset, RingLayout.ConsumerWaitingOffset, RingLayout.ProducerWaitingOffset)
            .Should().Be((0, 64, 128, 192));
        (RingLayout.PingOffset, RingLayout.PongOffset).Should().Be((64, 128));
    }

    [TestCase(16, 64)]
    [TestCase(63, 64)]
    [TestCase(64, 64)]
    [TestCase(65, 128)]
    [TestCase(1000, 1024)]
    [TestCase(65536, 65536)]
    public void Slot_size_rounds_up_to_64(int size, int expected) => RingLayout.SlotSize(size).Should().Be(expected);

    private static long Pow2Ceil(long v)
    {
        long p = 1;
        while (p < v)
            p *= 2;
        return p;
    }

    [Test]
    public void Geometry_follows_the_formulas()
    {
        foreach (int size in new[] { 16, 64, 100, 1000, 4096, 10_000, 16_384, 32_768, 65_536, 100_000, 300_000, 1 << 20, 3 << 20 })
        {
            long slotSize = (size + 63) / 64 * 64;
            long slots = Math.Clamp(Pow2Ceil((1 << 20) / slotSize), 4, 64);
            long segment = (4096 + 2 * slots * slotSize + 4095) / 4096 * 4096;
            var g = RingGeometry.For(size);
            g.Should().Be(new RingGeometry(size, (int)slotSize, (int)slots, segment), $"size {size}");
            g.S2CSlotsOffset.Should().Be(4096 + slots * slotSize);
        }
    }

    [Test]
    public void Geometry_examples()
    {
        RingGeometry.For(64).Should().Be(new RingGeometry(64, 64, 64, 12288));
        RingGeometry.For(65536).Should().Be(new RingGeometry(65536, 65536, 16, 4096 + 2 * 16 * 65536));
        RingGeometry.For(1 << 20).Slots.Should().Be(4);
        RingGeometry.For(100, 8).Should().Be(new RingGeometry(100, 128, 8, 8192));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(6)]
    public void Slots_must_be_a_power_of_two_at_least_2(int slots)
        => FluentActions.Invoking(() => RingGeometry.For(64, slots)).Should().Throw<ArgumentOutOfRangeException>();
}

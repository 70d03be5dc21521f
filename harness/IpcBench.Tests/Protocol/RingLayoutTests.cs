using IpcBench.Protocol;

namespace IpcBench.Tests.Protocol;

public class RingLayoutTests
{
    [Test]
    public void Offsets_are_the_documented_ones()
    {
        RingLayout.Magic.Should().Be(0x52435049u);
        BitConverter.GetBytes(RingLayout.Magic).Should().Equal((byte)'I', (byte)'P', (byte)'C', (byte)'R');
        RingLayout.Version.Should().Be(2u);
        (RingLayout.MagicOffset, RingLayout.VersionOffset, RingLayout.SlotSizeOffset, RingLayout.SlotsOffset, RingLayout.ReadyOffset)
            .Should().Be((0, 4, 8, 12, 16));
        (RingLayout.C2SControlOffset, RingLayout.S2CControlOffset, RingLayout.SlotsStart).Should().Be((64, 192, 4096));
        (RingLayout.ConsumerWaitingOffset, RingLayout.ProducerWaitingOffset).Should().Be((0, 64));
        (RingLayout.SlotTurnOffset, RingLayout.SlotMessageOffset).Should().Be((0, 16));
        (RingLayout.PingOffset, RingLayout.PongOffset).Should().Be((64, 128));
    }

    [TestCase(16, 64)]
    [TestCase(48, 64)]
    [TestCase(49, 128)]
    [TestCase(64, 128)]
    [TestCase(1000, 1024)]
    [TestCase(65536, 65536 + 64)]
    public void Slot_size_is_turn_word_and_message_rounded_up_to_64(int size, int expected) => RingLayout.SlotSize(size).Should().Be(expected);

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
            long slotSize = (16 + size + 63) / 64 * 64;
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
        RingGeometry.For(48).Should().Be(new RingGeometry(48, 64, 64, 12288));
        RingGeometry.For(64).Should().Be(new RingGeometry(64, 128, 64, 4096 + 2 * 64 * 128));
        RingGeometry.For(65536).Should().Be(new RingGeometry(65536, 65600, 16, 2105344)); // round_up(4096 + 2 * 16 * 65600, 4096)
        RingGeometry.For(1 << 20).Slots.Should().Be(4);
        RingGeometry.For(100, 8).Should().Be(new RingGeometry(100, 128, 8, 8192));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(6)]
    [TestCase((1 << 20) * 2)]
    public void Slots_must_be_a_power_of_two_from_2_to_the_limit(int slots)
        => FluentActions.Invoking(() => RingGeometry.For(64, slots)).Should().Throw<ArgumentOutOfRangeException>();
}

using System.Buffers.Binary;
using IpcBench.Protocol;

namespace IpcBench.Tests.Protocol;

public class MessageTests
{
    /// <summary>The doc's definition, written as plainly as possible: byte b of the body is byte b % 8 of word b / 8.</summary>
    private static byte SlowByte(ulong seq, int bodyOffset)
    {
        ulong k = (ulong)(bodyOffset / 8);
        ulong word = unchecked(seq * 0x9E3779B97F4A7C15UL + (k + 1) * 0xD6E8FEB86659FD93UL);
        return (byte)(word >> (8 * (bodyOffset % 8)));
    }

    /// <summary>Message <paramref name="seq"/> of <paramref name="size"/> bytes as the managed peer builds it.</summary>
    internal static byte[] Built(int size, ulong seq)
    {
        byte[] m = new byte[size];
        Message.Build(m, seq);
        return m;
    }

    [TestCase(16)]
    [TestCase(17)]
    [TestCase(64)]
    [TestCase(100)]
    [TestCase(4096)]
    [TestCase(4101)]
    [TestCase(65536)]
    public void Build_writes_the_documented_layout(int size)
    {
        const ulong seq = 0x0102030405060708;
        byte[] m = Built(size, seq);
        BinaryPrimitives.ReadUInt64LittleEndian(m).Should().Be(seq);
        m[0].Should().Be(0x08, "seq is little-endian");
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(8)).Should().Be((uint)size);
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(12)).Should().Be(0u);
        for (int o = 16; o < size; o++)
            m[o].Should().Be(SlowByte(seq, o - 16), $"body byte at offset {o}");
        Message.ReadSeq(m).Should().Be(seq);
    }

    [Test]
    public void The_pattern_depends_on_position_and_seq()
    {
        // Consecutive words differ, and the same word of the next message differs: a shift or a stale copy shows.
        Message.Word(5, 0).Should().NotBe(Message.Word(5, 1));
        Message.Word(5, 0).Should().NotBe(Message.Word(6, 0));
        var words = Enumerable.Range(0, 8192).Select(k => Message.Word(3, (ulong)k)).ToHashSet();
        words.Should().HaveCount(8192);
        Message.Word(0, 0).Should().Be(0xD6E8FEB86659FD93UL);
    }

    [Test]
    public void Verify_accepts_a_built_message_of_every_length_and_alignment()
    {
        byte[] buf = new byte[4096 + 64];
        for (int size = 16; size < 400; size++)
        {
            foreach (int off in new[] { 0, 1, 3, 8, 13 })
            {
                var m = buf.AsSpan(off, size);
                Message.Build(m, (ulong)size);
                Message.Verify(m, (ulong)size);
            }
        }
    }

    [Test]
    public void Every_single_wrong_byte_is_found_at_its_offset()
    {
        foreach (int size in new[] { 17, 64, 100, 1000 })
        {
            for (int o = 16; o < size; o++)
            {
                byte[] m = Built(size, 9);
                m[o] ^= 0x40;
                FluentActions.Invoking(() => Message.Verify(m, 9)).Should().Throw<VerifyException>()
                    .WithMessage($"verify: message 9: byte at offset {o} is 0x*, expected 0x{SlowByte(9, o - 16):x2}");
            }
        }
    }

    [Test]
    public void Header_mismatches_name_their_offset()
    {
        byte[] m = Built(64, 7);
        FluentActions.Invoking(() => Message.Verify(m, 8)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 8: seq at offset 0 is 7, expected 8");
        FluentActions.Invoking(() => Message.Verify(m.AsSpan(0, 63), 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: size at offset 8 is 64, expected 63");
        m[13] = 1;
        FluentActions.Invoking(() => Message.Verify(m, 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: word at offset 12 is 0x00000100, expected 0x00000000");
    }

    [Test]
    public void A_body_shifted_by_one_byte_fails_at_the_first_moved_byte()
    {
        byte[] m = Built(4096, 11);
        Array.Copy(m, 100, m, 101, 4096 - 101); // bytes from offset 100 on moved one place later
        FluentActions.Invoking(() => Message.Verify(m, 11)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 11: byte at offset 10? is 0x*, expected 0x*");
    }

    [Test]
    public void Two_swapped_words_fail_at_the_first_of_them()
    {
        byte[] m = Built(4096, 12);
        byte[] a = m.AsSpan(1000, 8).ToArray();
        m.AsSpan(3000, 8).CopyTo(m.AsSpan(1000, 8));
        a.CopyTo(m.AsSpan(3000, 8));
        FluentActions.Invoking(() => Message.Verify(m, 12)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 12: byte at offset 100? is 0x*, expected 0x*");
    }

    [Test]
    public void A_stale_body_under_a_fresh_header_fails_at_its_first_byte()
    {
        // The previous lap's message in the slot, only the header rewritten: every body byte is stale.
        byte[] m = Built(4096, 4);
        byte[] fresh = Built(4096, 68);
        fresh.AsSpan(0, 16).CopyTo(m);
        FluentActions.Invoking(() => Message.Verify(m, 68)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 68: byte at offset 16 is 0x*, expected 0x*");
        // and the whole stale message fails at its seq
        FluentActions.Invoking(() => Message.Verify(Built(4096, 4), 68)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 68: seq at offset 0 is 4, expected 68");
    }

    [Test]
    public void Build_and_Verify_allocate_nothing()
    {
        byte[] m = new byte[4096];
        Message.Build(m, 0);
        Message.Verify(m, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong s = 0; s < 1000; s++)
        {
            Message.Build(m, s);
            Message.Verify(m, s);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}

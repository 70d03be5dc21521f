using System.Buffers.Binary;
using IpcBench.Protocol;

namespace IpcBench.Tests.Protocol;

public class MessageTests
{
    /// <summary>The doc's definition, written as plainly as possible: byte by byte, word by word.</summary>
    private static uint SlowChecksum(ReadOnlySpan<byte> body)
    {
        ulong sum = 0;
        for (int w = 0; w < body.Length; w += 8)
        {
            ulong word = 0;
            for (int k = 0; k < 8; k++)
            {
                ulong b = w + k < body.Length ? body[w + k] : 0UL;
                word += b << (8 * k);
            }
            unchecked { sum += word; }
        }
        return (uint)((sum ^ (sum >> 32)) & 0xFFFFFFFF);
    }

    [Test]
    public void Pattern_is_seq_times_167_plus_13_mod_256()
    {
        Message.Pattern(0).Should().Be(13);
        Message.Pattern(1).Should().Be(180);
        Message.Pattern(2).Should().Be(91); // 347 - 256
        for (ulong s = 0; s < 2000; s += 7)
            Message.Pattern(s).Should().Be((byte)((s * 167 + 13) % 256));
        Message.Pattern(ulong.MaxValue).Should().Be(unchecked((byte)(ulong.MaxValue * 167 + 13)));
    }

    [Test]
    public void Checksum_known_answers()
    {
        Message.Checksum([]).Should().Be(0u);
        Message.Checksum([0xFF]).Should().Be(0xFFu);
        // S = 0x0807060504030201, S >> 32 = 0x08070605, xor low half = 0x04030201 ^ 0x08070605
        Message.Checksum([1, 2, 3, 4, 5, 6, 7, 8]).Should().Be(0x0C040404u);
        // the partial last word is zero-padded: 9 bytes = word 0x0807060504030201 + 0x09
        Message.Checksum([1, 2, 3, 4, 5, 6, 7, 8, 9]).Should().Be(0x0C04040Fu); // (0x04030201 + 9) ^ 0x08070605
        // the sum wraps modulo 2^64: 3 * (2^64 - 1) = 2^64 - 3
        byte[] ff = Enumerable.Repeat((byte)0xFF, 24).ToArray();
        Message.Checksum(ff).Should().Be(0xFFFFFFFFu ^ 0xFFFFFFFDu);
    }

    [Test]
    public void Checksum_matches_the_slow_definition_for_every_length_and_alignment()
    {
        var rng = new Random(12345);
        byte[] buf = new byte[70_000];
        rng.NextBytes(buf);
        for (int len = 0; len <= 600; len++)
        {
            foreach (int off in new[] { 0, 1, 3, 8, 13 })
                Message.Checksum(buf.AsSpan(off, len)).Should().Be(SlowChecksum(buf.AsSpan(off, len)), $"length {len}, offset {off}");
        }
        foreach (int len in new[] { 4096, 4097, 65_536 - 16, 65_536 + 7, 69_990 })
            Message.Checksum(buf.AsSpan(5, len)).Should().Be(SlowChecksum(buf.AsSpan(5, len)), $"length {len}");
    }

    [TestCase(16)]
    [TestCase(17)]
    [TestCase(64)]
    [TestCase(100)]
    [TestCase(4096)]
    [TestCase(65536)]
    public void Build_writes_the_documented_layout(int size)
    {
        byte[] m = new byte[size];
        const ulong seq = 0x0102030405060708;
        Message.Build(m, seq);
        BinaryPrimitives.ReadUInt64LittleEndian(m).Should().Be(seq);
        m[0].Should().Be(0x08, "seq is little-endian");
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(8)).Should().Be((uint)size);
        byte p = unchecked((byte)(seq * 167 + 13));
        m.Skip(16).All(b => b == p).Should().BeTrue();
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(12)).Should().Be(SlowChecksum(m.AsSpan(16)));
        Message.ReadSeq(m).Should().Be(seq);
    }

    [Test]
    public void A_64_byte_message_of_seq_0_has_this_exact_checksum()
    {
        // body: 48 bytes of 13 (0x0D) = 6 words of 0x0D0D0D0D0D0D0D0D; S = 6 * that = 0x4E4E4E4E4E4E4E4E
        byte[] m = new byte[64];
        Message.Build(m, 0);
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(12)).Should().Be(0x4E4E4E4Eu ^ 0x4E4E4E4Eu);
        byte[] m2 = new byte[24];
        Message.Build(m2, 1); // one word of 0xB4: fold(0xB4B4B4B4B4B4B4B4) = 0
        BinaryPrimitives.ReadUInt32LittleEndian(m2.AsSpan(12)).Should().Be(0u);
        byte[] m3 = new byte[21];
        Message.Build(m3, 1); // 5 bytes 0xB4: S = 0x000000B4B4B4B4B4 -> 0xB4B4B4B4 ^ 0xB4
        BinaryPrimitives.ReadUInt32LittleEndian(m3.AsSpan(12)).Should().Be(0xB4B4B4B4u ^ 0xB4u);
    }

    [Test]
    public void Verify_accepts_a_built_message()
    {
        foreach (int size in new[] { 16, 17, 64, 1000 })
        {
            byte[] m = new byte[size];
            Message.Build(m, 42);
            FluentActions.Invoking(() => Message.Verify(m, 42)).Should().NotThrow();
        }
    }

    [Test]
    public void Verify_names_what_differs()
    {
        byte[] m = new byte[64];
        Message.Build(m, 7);
        FluentActions.Invoking(() => Message.Verify(m, 8)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 8: seq is 7, expected 8");
        FluentActions.Invoking(() => Message.Verify(m.AsSpan(0, 63), 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: size is 64, expected 63");

        byte[] c = (byte[])m.Clone();
        c[30] ^= 1;
        FluentActions.Invoking(() => Message.Verify(c, 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: checksum is 0x*, computed 0x*");

        // first byte wrong but the header's checksum recomputed: the pattern check catches it
        byte[] f = (byte[])m.Clone();
        f[16] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(12), SlowChecksum(f.AsSpan(16)));
        FluentActions.Invoking(() => Message.Verify(f, 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: first body byte is 0x00, expected 0x*");
        byte[] l = (byte[])m.Clone();
        l[63] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(12), SlowChecksum(l.AsSpan(16)));
        FluentActions.Invoking(() => Message.Verify(l, 7)).Should().Throw<VerifyException>()
            .WithMessage("verify: message 7: last body byte is 0x00, expected 0x*");
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

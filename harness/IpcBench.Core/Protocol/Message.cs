using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IpcBench.Protocol;

/// <summary>
/// Message framing (docs/protocol.md, "Message"): a 16-byte header (u64 seq, u32 size, u32 checksum of the body,
/// little-endian), then <c>size - 16</c> body bytes all equal to <see cref="Pattern"/>(seq).
/// </summary>
public static class Message
{
    public const int HeaderSize = 16;
    public const int SeqOffset = 0;
    public const int SizeOffset = 8;
    public const int ChecksumOffset = 12;

    /// <summary>Smallest message: the header alone.</summary>
    public const int MinSize = HeaderSize;

    /// <summary>The body byte of message <paramref name="seq"/>: <c>(seq * 167 + 13) mod 256</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Pattern(ulong seq) => (byte)(seq * 167 + 13);

    /// <summary><c>fold32(S) = (S xor (S &gt;&gt; 32)) mod 2^32</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Fold32(ulong sum) => (uint)(sum ^ (sum >> 32));

    /// <summary>
    /// The body checksum: the sum modulo 2^64 of the body read as little-endian u64 words (the last partial word
    /// padded with zero bytes), folded to 32 bits. Vectorised (Vector256/Vector128): runs at memory speed.
    /// </summary>
    public static uint Checksum(ReadOnlySpan<byte> body) => Fold32(Sum64(body));

    /// <summary>The unfolded 64-bit word sum behind <see cref="Checksum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Sum64(ReadOnlySpan<byte> body)
    {
        ref byte p = ref MemoryMarshal.GetReference(body);
        nuint n = (nuint)body.Length;
        nuint i = 0;
        ulong sum = 0;
        // Addition modulo 2^64 is associative and commutative: lanes may sum any subset of the words.
        if (BitConverter.IsLittleEndian && Vector256.IsHardwareAccelerated && n >= 32)
        {
            Vector256<ulong> a0 = Vector256<ulong>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 128 <= n; i += 128)
            {
                a0 += Vector256.LoadUnsafe(ref p, i).AsUInt64();
                a1 += Vector256.LoadUnsafe(ref p, i + 32).AsUInt64();
                a2 += Vector256.LoadUnsafe(ref p, i + 64).AsUInt64();
                a3 += Vector256.LoadUnsafe(ref p, i + 96).AsUInt64();
            }
            for (; i + 32 <= n; i += 32)
                a0 += Vector256.LoadUnsafe(ref p, i).AsUInt64();
            sum = Vector256.Sum((a0 + a1) + (a2 + a3));
        }
        else if (BitConverter.IsLittleEndian && Vector128.IsHardwareAccelerated && n >= 16)
        {
            Vector128<ulong> a0 = Vector128<ulong>.Zero, a1 = a0;
            for (; i + 32 <= n; i += 32)
            {
                a0 += Vector128.LoadUnsafe(ref p, i).AsUInt64();
                a1 += Vector128.LoadUnsafe(ref p, i + 16).AsUInt64();
            }
            for (; i + 16 <= n; i += 16)
                a0 += Vector128.LoadUnsafe(ref p, i).AsUInt64();
            sum = Vector128.Sum(a0 + a1);
        }
        for (; i + 8 <= n; i += 8)
            sum += BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref p, i), 8));
        if (i < n)
        {
            ulong last = 0;
            for (int k = 0; i < n; i++, k += 8)
                last |= (ulong)Unsafe.Add(ref p, i) << k;
            sum += last;
        }
        return sum;
    }

    /// <summary>Builds message <paramref name="seq"/> in place: the whole span is the message (its length is the size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Build(Span<byte> message, ulong seq)
    {
        Span<byte> body = message.Slice(HeaderSize);
        body.Fill(Pattern(seq));
        uint checksum = Checksum(body);
        BinaryPrimitives.WriteUInt64LittleEndian(message, seq);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(SizeOffset), (uint)message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(ChecksumOffset), checksum);
    }

    /// <summary>Reads the header's seq.</summary>
    public static ulong ReadSeq(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt64LittleEndian(message);

    /// <summary>
    /// Verifies a received message in place: seq is <paramref name="expectedSeq"/>, size is the span's length, the body
    /// checksum matches the header's, and the first and last body bytes are <c>pattern(seq)</c>.
    /// Throws <see cref="VerifyException"/> ("verify: message &lt;expected seq&gt;: &lt;what&gt;", checked in that order, worded as
    /// the native peer words them) on the first mismatch; allocates nothing otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Verify(ReadOnlySpan<byte> message, ulong expectedSeq)
    {
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(message);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(SizeOffset));
        uint header = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(ChecksumOffset));
        ReadOnlySpan<byte> body = message.Slice(HeaderSize);
        uint computed = Checksum(body);
        if (seq != expectedSeq || size != (uint)message.Length || computed != header
            || (body.Length > 0 && (body[0] != Pattern(seq) || body[^1] != Pattern(seq))))
            ThrowVerify(message, expectedSeq, computed);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowVerify(ReadOnlySpan<byte> message, ulong expectedSeq, uint computed)
        => throw new VerifyException(Describe(message, expectedSeq, computed));

    private static string Describe(ReadOnlySpan<byte> message, ulong expectedSeq, uint computed)
    {
        var ci = CultureInfo.InvariantCulture;
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(message);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(SizeOffset));
        uint header = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(ChecksumOffset));
        ReadOnlySpan<byte> body = message.Slice(HeaderSize);
        string what =
            seq != expectedSeq ? string.Format(ci, "seq is {0}, expected {1}", seq, expectedSeq)
            : size != (uint)message.Length ? string.Format(ci, "size is {0}, expected {1}", size, message.Length)
            : computed != header ? string.Format(ci, "checksum is 0x{0:x8}, computed 0x{1:x8}", header, computed)
            : body[0] != Pattern(seq) ? string.Format(ci, "first body byte is 0x{0:x2}, expected 0x{1:x2}", body[0], Pattern(seq))
            : string.Format(ci, "last body byte is 0x{0:x2}, expected 0x{1:x2}", body[^1], Pattern(seq));
        return string.Format(ci, "verify: message {0}: {1}", expectedSeq, what);
    }
}

/// <summary>A received message differs from what the protocol says it must be; the message starts with "verify: ".</summary>
public sealed class VerifyException(string message) : Exception(message);

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace IpcBench.Protocol;

/// <summary>
/// Message framing, protocol v2 (docs/protocol.md, "Message"): a 16-byte header (u64 seq, u32 size, u32 zero,
/// little-endian), then a body whose u64 word k (at message offset 16 + 8k, the last one cut short) is
/// <c>seq * SeqFactor + (k + 1) * WordStep</c>. Every word differs from every other word of the message and from the
/// same word of any other message, so the receiver, checking every word, notices a wrong, shifted, swapped or stale
/// byte and names its offset.
/// </summary>
public static class Message
{
    public const int HeaderSize = 16;
    public const int SeqOffset = 0;
    public const int SizeOffset = 8;
    /// <summary>u32 zero (the v1 checksum's place).</summary>
    public const int ReservedOffset = 12;

    /// <summary>Smallest message: the header alone.</summary>
    public const int MinSize = ProtocolLimits.MinSize;

    /// <summary>The body pattern's factor of seq (odd: distinct seqs give distinct words).</summary>
    public const ulong SeqFactor = 0x9E3779B97F4A7C15;
    /// <summary>The body pattern's step between consecutive words (odd: distinct positions give distinct words).</summary>
    public const ulong WordStep = 0xD6E8FEB86659FD93;

    /// <summary>Body word <paramref name="k"/> of message <paramref name="seq"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Word(ulong seq, ulong k) => unchecked(seq * SeqFactor + (k + 1) * WordStep);

    /// <summary>The body byte at body offset <paramref name="offset"/> of message <paramref name="seq"/>.</summary>
    public static byte ExpectedByte(ulong seq, int offset) => (byte)(Word(seq, (ulong)offset / 8) >> (8 * (offset % 8)));

    /// <summary>Builds message <paramref name="seq"/> in place: the whole span is the message (its length is the size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Build(Span<byte> message, ulong seq)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(message, seq);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(SizeOffset), (uint)message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(message.Slice(ReservedOffset), 0);
        Fill(message.Slice(HeaderSize), seq);
    }

    /// <summary>Writes the body of message <paramref name="seq"/>: vectorised stores of the word pattern.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(Span<byte> body, ulong seq)
    {
        unchecked
        {
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("the message body is little-endian");
            ref byte p = ref MemoryMarshal.GetReference(body);
            nuint n = (nuint)body.Length, i = 0;
            ulong w = Word(seq, 0);
            if (Vector256.IsHardwareAccelerated && n >= 64)
            {
                var e0 = Vector256.Create(w, w + WordStep, w + 2 * WordStep, w + 3 * WordStep);
                var e1 = e0 + Vector256.Create(4 * WordStep);
                var step = Vector256.Create(8 * WordStep);
                for (; i + 64 <= n; i += 64)
                {
                    e0.AsByte().StoreUnsafe(ref p, i);
                    e1.AsByte().StoreUnsafe(ref p, i + 32);
                    e0 += step;
                    e1 += step;
                }
                w = e0.GetElement(0);
            }
            else if (Vector128.IsHardwareAccelerated && n >= 32)
            {
                var e0 = Vector128.Create(w, w + WordStep);
                var e1 = e0 + Vector128.Create(2 * WordStep);
                var step = Vector128.Create(4 * WordStep);
                for (; i + 32 <= n; i += 32)
                {
                    e0.AsByte().StoreUnsafe(ref p, i);
                    e1.AsByte().StoreUnsafe(ref p, i + 16);
                    e0 += step;
                    e1 += step;
                }
                w = e0.GetElement(0);
            }
            for (; i + 8 <= n; i += 8, w += WordStep)
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref p, i), w);
            for (int shift = 0; i < n; i++, shift += 8)
                Unsafe.Add(ref p, i) = (byte)(w >> shift);
        }
    }

    /// <summary>
    /// Body offset of the first byte that differs from message <paramref name="seq"/>'s pattern, or -1. Every word is
    /// compared (vectorised; the mismatches are OR-ed, so a good body costs loads and compares only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FirstMismatch(ReadOnlySpan<byte> body, ulong seq)
    {
        unchecked
        {
            ref byte p = ref MemoryMarshal.GetReference(body);
            nuint n = (nuint)body.Length, i = 0;
            ulong w = Word(seq, 0), diff = 0;
            if (Vector256.IsHardwareAccelerated && n >= 64)
            {
                var e0 = Vector256.Create(w, w + WordStep, w + 2 * WordStep, w + 3 * WordStep);
                var e1 = e0 + Vector256.Create(4 * WordStep);
                var step = Vector256.Create(8 * WordStep);
                Vector256<ulong> acc = Vector256<ulong>.Zero;
                for (; i + 64 <= n; i += 64)
                {
                    acc |= Vector256.LoadUnsafe(ref p, i).AsUInt64() ^ e0;
                    acc |= Vector256.LoadUnsafe(ref p, i + 32).AsUInt64() ^ e1;
                    e0 += step;
                    e1 += step;
                }
                w = e0.GetElement(0);
                diff = acc == Vector256<ulong>.Zero ? 0UL : 1UL;
            }
            else if (Vector128.IsHardwareAccelerated && n >= 32)
            {
                var e0 = Vector128.Create(w, w + WordStep);
                var e1 = e0 + Vector128.Create(2 * WordStep);
                var step = Vector128.Create(4 * WordStep);
                Vector128<ulong> acc = Vector128<ulong>.Zero;
                for (; i + 32 <= n; i += 32)
                {
                    acc |= Vector128.LoadUnsafe(ref p, i).AsUInt64() ^ e0;
                    acc |= Vector128.LoadUnsafe(ref p, i + 16).AsUInt64() ^ e1;
                    e0 += step;
                    e1 += step;
                }
                w = e0.GetElement(0);
                diff = acc == Vector128<ulong>.Zero ? 0UL : 1UL;
            }
            for (; i + 8 <= n; i += 8, w += WordStep)
                diff |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, i)) ^ w;
            for (int shift = 0; i < n; i++, shift += 8)
                diff |= (ulong)(byte)(Unsafe.Add(ref p, i) ^ (byte)(w >> shift));
            return diff == 0 ? -1 : FirstMismatchSlow(body, seq);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FirstMismatchSlow(ReadOnlySpan<byte> body, ulong seq)
    {
        for (int o = 0; o < body.Length; o++)
        {
            if (body[o] != ExpectedByte(seq, o))
                return o;
        }
        return -1;
    }

    /// <summary>Reads the header's seq.</summary>
    public static ulong ReadSeq(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt64LittleEndian(message);

    /// <summary>
    /// Verifies a received message in place: seq (offset 0) is <paramref name="expectedSeq"/>, size (offset 8) is the
    /// span's length, the word at offset 12 is zero, and every body byte is the pattern's. Throws
    /// <see cref="VerifyException"/> ("verify: message &lt;expected seq&gt;: &lt;what&gt; at offset &lt;n&gt; ...", worded as
    /// the native peer words it) on the first mismatch; allocates nothing otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Verify(ReadOnlySpan<byte> message, ulong expectedSeq)
    {
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(message);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(SizeOffset));
        uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(ReservedOffset));
        if (seq != expectedSeq || size != (uint)message.Length || reserved != 0)
            ThrowVerify(message, expectedSeq, -1);
        int bad = FirstMismatch(message.Slice(HeaderSize), expectedSeq);
        if (bad >= 0)
            ThrowVerify(message, expectedSeq, bad);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowVerify(ReadOnlySpan<byte> message, ulong expectedSeq, int badBodyOffset)
        => throw new VerifyException(Describe(message, expectedSeq, badBodyOffset));

    private static string Describe(ReadOnlySpan<byte> message, ulong expectedSeq, int badBodyOffset)
    {
        var ci = CultureInfo.InvariantCulture;
        ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(message);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(SizeOffset));
        uint reserved = BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(ReservedOffset));
        string what =
            seq != expectedSeq ? string.Format(ci, "seq at offset {0} is {1}, expected {2}", SeqOffset, seq, expectedSeq)
            : size != (uint)message.Length ? string.Format(ci, "size at offset {0} is {1}, expected {2}", SizeOffset, size, message.Length)
            : reserved != 0 ? string.Format(ci, "word at offset {0} is 0x{1:x8}, expected 0x00000000", ReservedOffset, reserved)
            : string.Format(ci, "byte at offset {0} is 0x{1:x2}, expected 0x{2:x2}", HeaderSize + badBodyOffset,
                message[HeaderSize + badBodyOffset], ExpectedByte(expectedSeq, badBodyOffset));
        return string.Format(ci, "verify: message {0}: {1}", expectedSeq, what);
    }
}

/// <summary>A received message differs from what the protocol says it must be; the message starts with "verify: ".</summary>
public sealed class VerifyException(string message) : Exception(message);

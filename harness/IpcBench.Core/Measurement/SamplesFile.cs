using System.Buffers.Binary;

namespace IpcBench.Measurement;

/// <summary>The latency client's samples file: <c>count</c> little-endian u64 round-trip times in ns.</summary>
public static class SamplesFile
{
    /// <summary>
    /// Reads every sample. Throws <see cref="InvalidDataException"/> (one line naming the file) when the
    /// length is not a multiple of 8, the count differs from <paramref name="expectedCount"/>, or a
    /// value does not fit a signed 64-bit integer.
    /// </summary>
    public static long[] Read(string path, long? expectedCount = null)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length % 8 != 0)
            throw new InvalidDataException($"samples file {path}: {bytes.Length} bytes is not a whole number of 8-byte samples (truncated?)");
        long n = bytes.Length / 8;
        if (expectedCount is { } expected && expected != n)
            throw new InvalidDataException($"samples file {path}: holds {n} samples, the peer reported {expected}");
        var samples = new long[n];
        for (int i = 0; i < samples.Length; i++)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8, 8));
            if (v > long.MaxValue)
                throw new InvalidDataException($"samples file {path}: sample {i} is {v} ns, not a plausible round trip");
            samples[i] = (long)v;
        }
        return samples;
    }

    /// <summary>Writes samples in the same format (tests, tools).</summary>
    public static void Write(string path, ReadOnlySpan<long> samples)
    {
        var bytes = new byte[samples.Length * 8];
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8, 8), checked((ulong)samples[i]));
        File.WriteAllBytes(path, bytes);
    }
}

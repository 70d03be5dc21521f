using System.Globalization;

namespace IpcBench.Util;

/// <summary>
/// Message sizes as the user writes them: "64", "4K", "4KiB", "1M", "1MB", "512B", lists "64,4K,1M".
/// K, M and G are binary (1024, 1024^2, 1024^3); an optional trailing "B" or "iB" is accepted
/// ("4K" = "4KB" = "4KiB" = 4096). Case-insensitive. Errors are <see cref="UsageException"/>s
/// with one line naming the bad entry.
/// </summary>
public static class SizeParser
{
    /// <summary>Every message carries a 16-byte header (docs/protocol.md), so no size may be smaller.</summary>
    public const long MinMessageSize = Protocol.ProtocolLimits.MinSize;

    /// <summary>Sizes above this are refused as certainly a typo (1 GiB per message).</summary>
    public const long MaxMessageSize = Protocol.ProtocolLimits.MaxSize;

    /// <summary>The run's default sizes: 64 B, 1 KiB, 4 KiB, 64 KiB, 1 MiB.</summary>
    public static IReadOnlyList<long> DefaultSizes { get; } = [64, 1024, 4096, 65536, 1048576];

    /// <summary>
    /// Parses a comma-separated list of message sizes, e.g. "64,4K,1M". Order is kept; duplicates
    /// are refused. Each size must be at least <see cref="MinMessageSize"/> and at most <see cref="MaxMessageSize"/>.
    /// </summary>
    /// <param name="what">Names the option in errors, e.g. "--sizes".</param>
    public static IReadOnlyList<long> ParseList(string text, string what = "--sizes")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException($"{what}: empty list; give sizes like 64,4K,1M");
        var result = new List<long>();
        var parts = text.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim();
            if (part.Length == 0)
                throw new UsageException($"{what}: empty entry at position {i + 1} in '{text}'; give sizes like 64,4K,1M");
            long size = ParseMessageSize(part, what);
            if (result.IndexOf(size) is var earlier and >= 0)
                throw OptionList.Twice(what, part, parts[earlier].Trim() == part ? null : $"{size} bytes, same as '{parts[earlier].Trim()}'");
            result.Add(size);
        }
        return result;
    }

    /// <summary>One message size: <see cref="Parse"/> plus the header and upper bounds.</summary>
    public static long ParseMessageSize(string text, string what = "--sizes")
    {
        long size = Parse(text, what);
        if (size < MinMessageSize)
            throw new UsageException($"{what}: size '{text.Trim()}' is {size} bytes, below the {MinMessageSize}-byte message header; use at least {MinMessageSize}");
        if (size > MaxMessageSize)
            throw new UsageException($"{what}: size '{text.Trim()}' is larger than the 1G maximum per message");
        return size;
    }

    /// <summary>One size in bytes, greater than zero (no header check).</summary>
    public static long Parse(string text, string what = "size")
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        if (!TryParse(s, out long value, out string? problem))
            throw new UsageException($"{what}: {problem}");
        return value;
    }

    /// <summary>Parses without throwing; <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string text, out long bytes, out string? problem)
    {
        bytes = 0;
        string s = text.Trim();
        string shown = s.Length == 0 ? "''" : $"'{s}'";
        int digits = 0;
        while (digits < s.Length && s[digits] is >= '0' and <= '9')
            digits++;
        if (digits == 0)
        {
            problem = s.Length > 0 && s[0] == '-'
                ? $"size {shown} is negative; sizes are positive byte counts like 64, 4K, 1M"
                : $"size {shown} is not a number; write sizes like 64, 4K, 1M";
            return false;
        }
        string unit = s[digits..].Trim();
        long multiplier;
        switch (unit.ToUpperInvariant())
        {
            case "": case "B": multiplier = 1; break;
            case "K": case "KB": case "KIB": multiplier = 1L << 10; break;
            case "M": case "MB": case "MIB": multiplier = 1L << 20; break;
            case "G": case "GB": case "GIB": multiplier = 1L << 30; break;
            default:
                problem = unit.Contains('.') || unit.StartsWith(',')
                    ? $"size {shown} is not a whole number of bytes; write sizes like 64, 4K, 1M"
                    : $"size {shown} has an unknown unit '{unit}'; use B, K, M or G (binary: K = 1024)";
                return false;
        }
        if (!long.TryParse(s.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            || n > long.MaxValue / multiplier)
        {
            problem = $"size {shown} is too large";
            return false;
        }
        if (n == 0)
        {
            problem = $"size {shown} is zero; sizes must be positive";
            return false;
        }
        bytes = n * multiplier;
        problem = null;
        return true;
    }

    /// <summary>
    /// Short display form: the largest binary unit that divides exactly.
    /// 64 → "64", 1024 → "1K", 65536 → "64K", 1048576 → "1M", 1000 → "1000".
    /// </summary>
    public static string Format(long bytes)
    {
        if (bytes != 0)
        {
            if (bytes % (1L << 30) == 0) return $"{bytes >> 30}G";
            if (bytes % (1L << 20) == 0) return $"{bytes >> 20}M";
            if (bytes % (1L << 10) == 0) return $"{bytes >> 10}K";
        }
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}

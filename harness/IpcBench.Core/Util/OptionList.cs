namespace IpcBench.Util;

/// <summary>
/// Comma-separated list options (--transports, --sizes, --peers, --abi...) follow one rule: an
/// empty list is refused, and so is a value given twice (also when spelled differently, such as
/// 4K and 4096), with one wording everywhere.
/// </summary>
public static class OptionList
{
    /// <summary>The values of <paramref name="text"/>, parsed by <paramref name="parse"/>, in the order given.</summary>
    public static List<T> Parse<T>(string text, string option, Func<string, T> parse) where T : notnull
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
            throw new UsageException($"{option} needs at least one value");
        return Unique(items.Select(i => (i, parse(i))), option);
    }

    /// <summary>The values as given, refusing one given twice.</summary>
    public static List<T> Unique<T>(IEnumerable<(string Text, T Value)> items, string option) where T : notnull
    {
        var seen = new Dictionary<T, string>();
        var result = new List<T>();
        foreach (var (item, value) in items)
        {
            if (seen.TryGetValue(value, out var first))
                throw Twice(option, item, first == item ? null : $"same as '{first}'");
            seen.Add(value, item);
            result.Add(value);
        }
        return result;
    }

    /// <summary>The one wording of a duplicate: <c>--transports: 'pipe' given twice</c>.</summary>
    public static UsageException Twice(string option, string item, string? detail = null) =>
        new($"{option}: '{item}' given twice{(detail is null ? "" : $" ({detail})")}; give each value once");
}

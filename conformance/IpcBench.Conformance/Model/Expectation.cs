namespace IpcBench.Conformance.Model;

/// <summary>
/// What a case expects to observe, readable both in C# and in a report:
/// <c>Expect.Errno("EINVAL")</c> reads as <c>errno == EINVAL</c>. Combine with <c>&amp;</c>.
/// </summary>
public sealed class Expectation
{
    readonly Func<Observation, string?> _mismatch;

    Expectation(string description, Func<Observation, string?> mismatch)
    {
        Description = description;
        _mismatch = mismatch;
    }

    /// <summary>The expectation as one line, e.g. <c>ret == -1 and errno == EINVAL</c>.</summary>
    public string Description { get; }

    /// <summary>Null when the observation meets the expectation; otherwise what differed.</summary>
    public string? Mismatch(Observation o)
    {
        try
        {
            return _mismatch(o);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return $"observation could not be read for '{Description}': {e.Message}";
        }
    }

    public override string ToString() => Description;

    /// <summary>A field equals a value (compared as JSON: numbers, strings, booleans).</summary>
    public static Expectation Equal(string path, object expected)
    {
        var want = Observation.Of(("v", expected)).Find("v");
        var text = want?.ToJsonString() ?? "null";
        var shown = expected is string s ? s : text;
        return new($"{path} == {shown}", o =>
            System.Text.Json.Nodes.JsonNode.DeepEquals(o.Find(path), want) || SameNumber(o, path, expected)
                ? null
                : $"{path}: expected {shown}, observed {o.Show(path)}");
    }

    /// <summary>Any predicate, described in words, with the fields it reads (shown on mismatch).</summary>
    public static Expectation That(string description, Func<Observation, bool> holds, params string[] fields) =>
        new(description, o => holds(o)
            ? null
            : fields.Length == 0
                ? $"expected {description}, observed {o}"
                : $"expected {description}, observed " + string.Join(", ", fields.Select(f => $"{f} = {o.Show(f)}")));

    /// <summary>An expectation chosen from the observation itself (per ABI, per C library version).</summary>
    public static Expectation Dynamic(string description, Func<Observation, Expectation> choose) =>
        new(description, o => choose(o).Mismatch(o));

    /// <summary>A field is one of a set of values (where POSIX allows either).</summary>
    public static Expectation OneOf(string path, params string[] values) =>
        new($"{path} in {{{string.Join(", ", values)}}}", o =>
            o.Str(path) is { } v && values.Contains(v, StringComparer.Ordinal)
                ? null
                : $"{path}: expected one of {string.Join(", ", values)}, observed {o.Show(path)}");

    /// <summary>A numeric field is at least a value.</summary>
    public static Expectation AtLeast(string path, long min) =>
        new($"{path} >= {min}", o => o.Int(path) is { } v && v >= min ? null : $"{path}: expected >= {min}, observed {o.Show(path)}");

    /// <summary>A field is absent (or JSON null).</summary>
    public static Expectation Absent(string path) =>
        new($"no {path}", o => o.Has(path) ? $"{path}: expected none, observed {o.Show(path)}" : null);

    /// <summary>Both hold; on mismatch every failing part is listed.</summary>
    public static Expectation operator &(Expectation a, Expectation b) =>
        new($"{a.Description} and {b.Description}", o =>
        {
            var ma = a.Mismatch(o);
            var mb = b.Mismatch(o);
            return ma is null ? mb : mb is null ? ma : $"{ma}; {mb}";
        });

    /// <summary>Either holds (POSIX leaves a choice). Both sides are evaluated, so both count as judging their fields.</summary>
    public static Expectation operator |(Expectation a, Expectation b) =>
        new($"({a.Description}) or ({b.Description})", o =>
        {
            var ma = a.Mismatch(o);
            var mb = b.Mismatch(o);
            return ma is null || mb is null ? null : $"neither: {ma}; nor: {mb}";
        });

    /// <summary>
    /// Declares facts this case does not judge, and why (an address, a value that only explains
    /// another): they are read so the judge does not count them as unread. Always holds.
    /// </summary>
    public static Expectation Irrelevant(string why, params string[] paths) =>
        new($"not judged: {string.Join(", ", paths)} ({why})", o =>
        {
            foreach (var p in paths)
                o.Find(p);
            return null;
        });

    static bool SameNumber(Observation o, string path, object expected) => expected switch
    {
        int i => o.Int(path) == i,
        long l => o.Int(path) == l,
        _ => false,
    };
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace IpcBench.Cli.Commands;

/// <summary>
/// Numeric options with the project's own parse: a value that is not a number, or outside the
/// range, is one line naming the option, the range and what was given (never a .NET type name).
/// </summary>
internal static class NumberOptions
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when the option is not given.</summary>
    public static Option<int?> Whole(string name, string description, int min, int max = int.MaxValue) =>
        new(name) { Description = description, CustomParser = r => ParseWhole(r, name, min, max) };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, <paramref name="fallback"/> when not given.</summary>
    public static Option<int> Whole(string name, string alias, string description, int min, int max, int fallback) =>
        new(name, alias) { Description = description, DefaultValueFactory = _ => fallback, CustomParser = r => ParseWhole(r, name, min, max) ?? fallback };

    /// <summary>A whole number from 0 to long.MaxValue (a seed); null when the option is not given.</summary>
    public static Option<long?> Seed(string name, string description) =>
        new(name)
        {
            Description = description,
            CustomParser = r =>
            {
                string text = Text(r);
                if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                    return v;
                r.AddError($"{name} must be a whole number from 0 to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
                return null;
            },
        };

    /// <summary>Seconds above 0 and at most <paramref name="max"/>, <paramref name="fallback"/> when not given.</summary>
    public static Option<double> Seconds(string name, string description, double max, double fallback) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => fallback,
            CustomParser = r =>
            {
                string text = Text(r);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= max)
                    return v;
                r.AddError($"{name} must be a number of seconds above 0 and at most {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
                return fallback;
            },
        };

    static int? ParseWhole(ArgumentResult r, string name, int min, int max)
    {
        string text = Text(r);
        bool number = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v);
        if (number && v >= min && v <= max)
            return (int)v;
        r.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'");
        return null;
    }

    static string Text(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
}

using System.Text.RegularExpressions;

namespace IpcBench.Conformance.Model;

/// <summary>
/// One requirement sentence a case checks, quoted from its page: a POSIX.1-2024 interface or
/// header page (<c>mmap()</c>, <c>&lt;signal.h&gt;</c>) or a Linux man page (<c>mmap(2)</c>), the section
/// it stands in, the one complete sentence, and an optional note on how the case applies it.
/// A case's <see cref="ConformanceCase.Reference"/> is written as
/// <c>POSIX mmap(), ERRORS: "[EINVAL] The value of len is zero." (note)</c>.
/// </summary>
public sealed partial record Requirement(string Source, string Page, string Section, string Quote, string? Note)
{
    /// <summary>The sections of POSIX and man pages a requirement can stand in.</summary>
    public static readonly IReadOnlyList<string> Sections =
        ["DESCRIPTION", "RETURN VALUE", "ERRORS", "APPLICATION USAGE", "RATIONALE", "NOTES", "BUGS", "VERSIONS", "STANDARDS"];

    [GeneratedRegex("""^(?<src>POSIX|Linux) (?<page>\S+), (?<sec>[A-Z][A-Z ]+): "(?<quote>.+?)"(?: \((?<note>.+)\))?$""")]
    private static partial Regex Format();

    /// <summary>POSIX: an interface <c>name()</c> or a header <c>&lt;name.h&gt;</c>; Linux: <c>name(N)</c>.</summary>
    [GeneratedRegex(@"^([a-z_0-9]+\(\)|<[a-z_/0-9]+\.h>)$")]
    private static partial Regex PosixPage();

    [GeneratedRegex(@"^[a-z_0-9]+\([1-8]\)$")]
    private static partial Regex ManPage();

    /// <summary>A second sentence inside the quote: a full stop, a space, then a capital (abbreviations aside).</summary>
    [GeneratedRegex(@"(?<!\b(?:e\.g|i\.e|etc|vs))\. +[A-Z]")]
    private static partial Regex SecondSentence();

    /// <summary>The requirement a reference line names, or null with what is wrong with it.</summary>
    public static Requirement? TryParse(string reference, out string? problem)
    {
        problem = null;
        var m = Format().Match(reference);
        if (!m.Success)
        {
            problem = "not of the form 'POSIX page(), SECTION: \"Sentence.\" (note)' or 'Linux page(N), SECTION: \"Sentence.\"'";
            return null;
        }
        var r = new Requirement(m.Groups["src"].Value, m.Groups["page"].Value, m.Groups["sec"].Value, m.Groups["quote"].Value,
            m.Groups["note"].Success ? m.Groups["note"].Value : null);
        problem = r.Problem();
        return problem is null ? r : null;
    }

    public static Requirement Parse(string reference) =>
        TryParse(reference, out var problem) ?? throw new FormatException($"reference '{reference}': {problem}");

    /// <summary>What makes this not a quoted requirement sentence with its page and section, or null.</summary>
    public string? Problem()
    {
        if (Source == "POSIX" ? !PosixPage().IsMatch(Page) : !ManPage().IsMatch(Page))
            return $"page '{Page}' is not an interface page ({(Source == "POSIX" ? "name() or <header.h>" : "name(N)")})";
        if (!Sections.Contains(Section))
            return $"section '{Section}' is not one of {string.Join(", ", Sections)}";
        if (!Quote.EndsWith('.'))
            return "the quote is not a complete sentence (it does not end with a full stop)";
        if (!(char.IsUpper(Quote[0]) || Quote[0] is '[' or '{' || char.IsLetter(Quote[0]) && Quote.Contains("()", StringComparison.Ordinal)))
            return "the quote does not start a sentence";
        if (SecondSentence().IsMatch(Quote.TrimEnd('.')))
            return "the quote holds more than one sentence";
        return null;
    }

    /// <summary>The page as a trace section heading: "POSIX mmap()" or "Linux mmap(2)".</summary>
    public string PageTitle => $"{Source} {Page}";

    /// <summary>Identifies a requirement across cases: page, section and sentence (not the note).</summary>
    public string Key => $"{Source} {Page}, {Section}: \"{Quote}\"";

    public override string ToString() => Note is null ? Key : $"{Key} ({Note})";
}

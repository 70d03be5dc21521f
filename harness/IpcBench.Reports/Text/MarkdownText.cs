namespace IpcBench.Reports.Text;

/// <summary>Making arbitrary text safe inside a Markdown table cell or inline code.</summary>
public static class MarkdownText
{
    /// <summary>One line, pipes escaped, so the text cannot break a table row.</summary>
    public static string Cell(string? s) => (s ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();

    /// <summary>Inline code that survives backticks inside the text.</summary>
    public static string Code(string s) => s.Contains('`', StringComparison.Ordinal) ? $"`` {s} ``" : $"`{s}`";
}

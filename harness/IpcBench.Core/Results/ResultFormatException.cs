namespace IpcBench.Results;

/// <summary>
/// A file that should hold an ipcbench result does not: not JSON, truncated, another kind of
/// JSON, or a schema version this build cannot read. The message is one line naming the file
/// and what is wrong, fit for a usage error.
/// </summary>
public sealed class ResultFormatException : Exception
{
    public ResultFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file (or "&lt;string&gt;" for text parsed from memory).</summary>
    public string Path { get; }
    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}

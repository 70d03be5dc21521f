namespace IpcBench.Reports.Inputs;

/// <summary>The two kinds of result file this library reads.</summary>
public enum ResultKind
{
    /// <summary><c>ipcbench run</c> (results/schema/run-v2.md).</summary>
    Run,
    /// <summary><c>ipcbench conform</c> (results/schema/conform-v1.md).</summary>
    Conform,
}

/// <summary>What a file (or a folder of run results to pool) says it is, read before the whole file is interpreted.</summary>
public sealed record ResultHeader(string Path, ResultKind Kind, int Version, bool Folder = false)
{
    public string Describe() =>
        Folder ? $"a folder of run results (schema version {Version})"
        : Kind == ResultKind.Run ? $"a run result (schema version {Version})" : $"a conformance result (schema version {Version})";
}

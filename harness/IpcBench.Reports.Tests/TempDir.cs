namespace IpcBench.Reports.Tests;

/// <summary>A private temporary folder removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ipcbench-reports-").FullName;

    public string File(string name, string contents)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, contents);
        return p;
    }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

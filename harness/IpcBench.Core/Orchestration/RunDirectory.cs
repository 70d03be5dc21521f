using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>
/// The private directory of one run: FIFOs, mapped files, socket paths and sample files live
/// here. Made fresh in the temporary folder as "ipcbench-&lt;pid&gt;-run-&lt;16 random hex&gt;"
/// (mkdirat, never an existing name, mode 0700 set through its descriptor), removed at the end
/// through descriptors (nothing in it is followed), so `ipcbench clean` can tell a crashed run's
/// directory by its pid and no other user can plant anything in it.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    readonly DirectoryHandle _temp;
    readonly DirectoryHandle _dir;
    readonly string _name;
    bool _disposed;

    public string Path => _dir.Path;

    /// <summary>"ipcbench-&lt;pid&gt;-&lt;random&gt;", unique per run; cells append "-&lt;index&gt;" for the names they make inside the directory.</summary>
    public string NamePrefix { get; }

    public RunDirectory()
    {
        _temp = DirectoryHandle.OpenTemp();
        try
        {
            _dir = _temp.CreateFresh(ToolNames.DirectoryPrefix(ToolNames.RunKind), 0x1C0);
        }
        catch
        {
            _temp.Dispose();
            throw;
        }
        _name = System.IO.Path.GetFileName(_dir.Path);
        NamePrefix = $"{ToolNames.Prefix}{Environment.ProcessId}-{_name.Split('-').Last()}";
    }

    /// <summary>A path inside the run directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            _temp.RemoveTree(_name);
        }
        catch (IOException)
        {
            // Left for `ipcbench clean`, which finds it by the pid in its name.
        }
        _dir.Dispose();
        _temp.Dispose();
    }
}

namespace IpcBench.Orchestration;

/// <summary>
/// The private directory of one run (mode 0700, made by mkdtemp through
/// Directory.CreateTempSubdirectory): FIFOs, mapped files, socket paths and sample files live
/// here. Its name and every named object of the run start with "ipcbench-&lt;pid&gt;-", so
/// `ipcbench clean` can tell a crashed run's leftovers from a live run's objects.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    public string Path { get; }
    /// <summary>Unique per run: "ipcbench-&lt;pid&gt;-&lt;random&gt;"; cells append "-&lt;index&gt;".</summary>
    public string NamePrefix { get; }

    public RunDirectory()
    {
        var info = Directory.CreateTempSubdirectory($"{Cleaner.Prefix}{Environment.ProcessId}-");
        Path = info.FullName;
        // mkdtemp's random suffix makes the run unique on this machine, also for named objects
        // outside the directory (shared memory, queues).
        NamePrefix = $"{Cleaner.Prefix}{Environment.ProcessId}-{System.IO.Path.GetFileName(Path).Split('-').Last()}";
    }

    /// <summary>A path inside the run directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>A shell script standing in for ipcprobe, in its own temporary folder (removed on dispose).</summary>
internal sealed class FakeProbe : IDisposable
{
    public FakeProbe(string script)
    {
        Dir = Directory.CreateTempSubdirectory("ipcbench-fakeprobe-").FullName;
        Path = System.IO.Path.Combine(Dir, "ipcprobe");
        File.WriteAllText(Path, "#!/bin/sh\n" + script + "\n");
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("fake probes are shell scripts");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Dir { get; }
    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

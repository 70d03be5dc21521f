namespace IpcBench.Benchmarks.Tests;

/// <summary>
/// Base of the fixtures that run benchmarks: each test must leave nothing with a name behind (shared-memory
/// objects, queues, FIFOs, sockets, files, run directories: all carry "ipcbench-&lt;pid&gt;-").
/// </summary>
public abstract class LeavesNothingBehind
{
    private static readonly string[] Places = ["/dev/shm", "/dev/mqueue", Path.GetTempPath(), "/var/tmp"];
    private HashSet<string> _before = [];

    private static HashSet<string> Ours()
        => Places.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d, $"ipcbench-{Environment.ProcessId}-*"))
            .ToHashSet(StringComparer.Ordinal);

    [SetUp]
    public void TakeInventory() => _before = Ours();

    [TearDown]
    public void NothingLeft() => Ours().Except(_before).Should().BeEmpty("every benchmark removes what it made");
}

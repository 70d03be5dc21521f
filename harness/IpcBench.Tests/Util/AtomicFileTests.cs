using IpcBench.Util;

namespace IpcBench.Tests.Util;

public class AtomicFileTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ipcbench-atomic-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void WritesCreatesTheDirectoryAndLeavesNoTempFile()
    {
        string path = Path.Combine(_dir, "sub", "a.txt");
        AtomicFile.WriteAllText(path, "héllo\n");
        File.ReadAllText(path).Should().Be("héllo\n");
        File.ReadAllBytes(path)[0].Should().Be((byte)'h', "no byte-order mark");
        Directory.GetFiles(Path.Combine(_dir, "sub")).Should().ContainSingle();
    }

    [Test]
    public void ReplacesAnExistingFile()
    {
        string path = Path.Combine(_dir, "a.txt");
        File.WriteAllText(path, "old content that is longer");
        AtomicFile.WriteAllText(path, "new");
        File.ReadAllText(path).Should().Be("new");
        Directory.GetFiles(_dir).Should().ContainSingle();
    }

    [Test]
    public void FailureLeavesTheTargetAndNoTempFile()
    {
        // The target is a directory: the rename fails, the temp file must go.
        string path = Path.Combine(_dir, "target");
        Directory.CreateDirectory(path);
        FluentActions.Invoking(() => AtomicFile.WriteAllText(path, "x")).Should().Throw<IOException>();
        Directory.Exists(path).Should().BeTrue();
        Directory.GetFiles(_dir).Should().BeEmpty();
    }
}

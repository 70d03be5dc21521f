using IpcBench.Interop;
using IpcBench.Util;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Security;

/// <summary>The descriptor-relative directory operations every folder of the tool goes through.</summary>
[Category("Security")]
public class DirectoryHandleTests
{
    string _base = "";
    DirectoryHandle _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _base = Directory.CreateTempSubdirectory("ipcbench-test-").FullName;
        _dir = DirectoryHandle.OpenBase(_base);
    }

    [TearDown]
    public void TearDown()
    {
        _dir.Dispose();
        using var tmp = DirectoryHandle.OpenBase(Path.GetDirectoryName(_base)!);
        tmp.RemoveTree(Path.GetFileName(_base));
    }

    [TestCase(0x1C0u)]
    [TestCase(0x3FFu)] // 01777: set through the descriptor, whatever the umask
    [TestCase(0x1C9u)]
    public void Fresh_directories_get_unpredictable_names_and_the_exact_mode(uint mode)
    {
        using var a = _dir.CreateFresh("case-", mode);
        using var b = _dir.CreateFresh("case-", mode);
        a.Path.Should().NotBe(b.Path);
        Path.GetFileName(a.Path).Should().MatchRegex("^case-[0-9a-f]{16}$");
        var st = FStat(a.Fd);
        st.IsDirectory.Should().BeTrue();
        st.Permissions.Should().Be(mode);
        st.Uid.Should().Be(GetEUid());
    }

    [Test]
    public void An_existing_name_is_never_reused_nor_followed()
    {
        var victim = Directory.CreateTempSubdirectory("ipcbench-test-victim-").FullName;
        try
        {
            using (var v = DirectoryHandle.OpenBase(victim))
                FChMod(v.Fd, 0x1C0);
            File.CreateSymbolicLink(Path.Combine(_base, "planted"), victim);
            var act = () => _dir.CreateExclusive("planted", 0x3FF);
            act.Should().Throw<PosixException>().Which.ErrnoName.Should().Be("EEXIST");
            using (var v = DirectoryHandle.OpenBase(victim))
                FStat(v.Fd).Permissions.Should().Be(0x1C0u, "the link's target was not chmod'ed");
            var open = () => _dir.OpenChild("planted");
            open.Should().Throw<PosixException>().Which.ErrnoName.Should().BeOneOf("ELOOP", "ENOTDIR");
        }
        finally
        {
            Directory.Delete(victim, recursive: true);
        }
    }

    [Test]
    public void Removing_a_tree_removes_links_and_never_what_they_point_to()
    {
        var victim = Directory.CreateTempSubdirectory("ipcbench-test-victim-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(victim, "precious"), "keep");
            var tree = Path.Combine(_base, "tree");
            Directory.CreateDirectory(Path.Combine(tree, "a", "b"));
            File.WriteAllText(Path.Combine(tree, "a", "file"), "x");
            File.CreateSymbolicLink(Path.Combine(tree, "a", "b", "dir-link"), victim);
            File.CreateSymbolicLink(Path.Combine(tree, "file-link"), Path.Combine(victim, "precious"));
            _dir.CreateFifo("fifo", 0x180);

            _dir.RemoveTree("tree");
            _dir.RemoveTree("fifo");
            _dir.RemoveTree("not-there");

            Directory.Exists(tree).Should().BeFalse();
            _dir.Entries().Should().BeEmpty();
            File.ReadAllText(Path.Combine(victim, "precious")).Should().Be("keep");
        }
        finally
        {
            Directory.Delete(victim, recursive: true);
        }
    }

    [Test]
    public void Fifos_get_the_exact_mode_through_a_descriptor()
    {
        _dir.CreateFifo("f", 0x180);
        var st = _dir.LStat("f")!.Value;
        st.IsFifo.Should().BeTrue();
        st.Permissions.Should().Be(0x180u);
        var again = () => _dir.CreateFifo("f", 0x180);
        again.Should().Throw<PosixException>().Which.ErrnoName.Should().Be("EEXIST");
    }
}

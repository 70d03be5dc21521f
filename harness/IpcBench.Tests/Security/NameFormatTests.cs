using System.Text.RegularExpressions;
using IpcBench.Orchestration;

namespace IpcBench.Tests.Security;

/// <summary>The exact name formats `clean` and the conformance sweep recognise (docs/security.md), and nothing else.</summary>
[Category("Security")]
public partial class NameFormatTests
{
    const string Hex = "0123456789abcdef";

    [TestCase("ipcbench-123-run-" + Hex, 123)]
    [TestCase("ipcbench-123-probes-" + Hex, 123)]
    [TestCase("ipcbench-123-conform-" + Hex, 123)]
    [TestCase("ipcbench-123-mqueue-" + Hex, 123)]
    [TestCase("ipcbench-123-Ab3xYz", 123)] // before names carried a token: mkdtemp's run folder
    [TestCase("ipcbench-123-probes", 123)] // ... and the old probe workspace (its contents are removed, never followed)
    [TestCase("ipcbench-123-run-0123456789ABCDEF", null)]
    [TestCase("ipcbench-123-run-" + Hex + "0", null)]
    [TestCase("ipcbench-123-other-" + Hex, null)]
    [TestCase("ipcbench-0123-run-" + Hex, null)]
    [TestCase("ipcbench-x-run-" + Hex, null)]
    [TestCase("ipcbench-123-cleantest", null)]
    [TestCase("clr-debug-pipe-123-456-in", null)]
    public void Directory_names(string name, int? pid) => ToolNames.DirectoryPid(name).Should().Be(pid);

    [TestCase("ipcbench-123-" + Hex, 123)]
    [TestCase("ipcbench-123-" + Hex + "-c2s", 123)]
    [TestCase("ipcbench-123-" + Hex + "-xshm", 123)]
    [TestCase("ipcbench-123-Ab3xYz-7-c2s", 123)] // older formats
    [TestCase("ipcbench-123-c4-q", 123)]
    [TestCase("ipcbench-123-" + Hex + "-C2S", null)]
    [TestCase("ipcbench-123-" + Hex + "-", null)]
    [TestCase("ipcbench-123-abc", null)]
    [TestCase("ipcbench--" + Hex, null)]
    [TestCase("other-123-" + Hex, null)]
    [TestCase("ipcbench-123-" + Hex + "/x", null)]
    public void Object_names(string name, int? pid) => ToolNames.ObjectPid(name).Should().Be(pid);

    [TestCase("ipcprobe-77-" + Hex + "-q", 77)]
    [TestCase("ipcprobe-77-" + Hex + "-missing", 77)]
    [TestCase("ipcprobe-77-q", 77)] // older format
    [TestCase("ipcprobe-77-" + Hex, null)]
    [TestCase("ipcprobe-77-leak", null)]
    [TestCase("ipcprobe-77-" + Hex + "-q.bak", null)]
    public void Probe_object_names(string name, int? pid) => ToolNames.ProbeObjectPid(name).Should().Be(pid);

    [TestCase("clr-debug-pipe-123-4567-in", 123)]
    [TestCase("clr-debug-pipe-123-4567-out", 123)]
    [TestCase("dotnet-diagnostic-123-4567-socket", 123)]
    [TestCase("dotnet-diagnostic-123-socket", null)]
    [TestCase("clr-debug-pipe-123-4567-in.x", null)]
    public void Runtime_endpoint_names(string name, int? pid) => ToolNames.RuntimeEndpointPid(name).Should().Be(pid);

    [Test]
    public void Every_probe_name_a_runner_checks_by_name_is_in_the_probe_format()
    {
        var names = ToolNames.ProbeObjectNames(4242, Hex).ToList();
        names.Should().AllSatisfy(n => ToolNames.ProbeObjectPid(n).Should().Be(4242));
        names.Max(n => n.Length).Should().Be(ToolNames.NameMax, "the name-length case's name is NAME_MAX long");
    }

    [Test]
    public void The_probe_tags_are_those_of_the_probe_sources()
    {
        var tags = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "native", "ipcprobe"), "*.c")
            .SelectMany(f => TagUse().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .Where(t => t.Length > 0); // object_name(.., "") is the long-name head
        ToolNames.ProbeTags.Should().BeEquivalentTo(tags, "ToolNames lists every tag native/ipcprobe uses, so a runner can check them by name");
    }

    [GeneratedRegex("""(?:_name_for\(|object_name\([^,()]+,[^,()]+,)\s*"([a-z0-9]*)"\)""")]
    private static partial Regex TagUse();
}

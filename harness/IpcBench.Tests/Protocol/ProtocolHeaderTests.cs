using System.Diagnostics;
using System.Globalization;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Tests.Orchestration;

namespace IpcBench.Tests.Protocol;

/// <summary>
/// The C peer's protocol header is generated from Protocol/, and the C peer compiled against it lays the shared segment
/// out as Protocol/ says: offsets read back from each built ipcpeer (offsetof of the structs it accesses the segment
/// through), not literals.
/// </summary>
public class ProtocolHeaderTests
{
    [Test]
    public void The_checked_in_header_is_what_the_generator_writes()
    {
        string path = Path.Combine(RepoPaths.Root, NativeHeader.RelativePath);
        File.ReadAllText(path).Should().Be(NativeHeader.Generate(),
            "native/common/peer_protocol.h must be regenerated with scripts/protocol-header.sh after a change to Protocol/");
    }

    [Test]
    public void The_header_carries_every_name_key_and_limit()
    {
        string h = NativeHeader.Generate();
        h.Should().Contain($"#define PROTO_TAG \"{ControlProtocol.ProtocolTag}\"").And.Contain("#define PROTO_VERSION 2u");
        foreach (var key in ControlProtocol.DoneKeys)
            h.Should().Contain($"\"{key}\"");
        foreach (var o in PeerOptionNames.WithValue)
            h.Should().Contain($"\"{o}\"");
        h.Should().Contain("#define PROTO_TRANSPORT_NAMES \"none\", \"pipe\", \"fifo\", \"mq\", \"shm\", \"mmap-file\", \"uds\", \"cacheline\"");
        h.Should().Contain("#define PROTO_MAX_SIZE 1073741824u").And.Contain("#define PROTO_MAX_SLOTS 1048576u")
            .And.Contain("#define PROTO_MAX_COUNT 2147483647ull");
    }

    [TestCase("x86_64")]
    [TestCase("i686")]
    [TestCase("i686-lfs")]
    public void The_C_peer_agrees_on_the_ring_layout(string abi)
    {
        AvailablePeers.Require(PeerInfo.Native(abi));
        var psi = new ProcessStartInfo(PeerLocator.NativeBinary(abi, "ipcpeer"), "--layout") { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.Should().Be(0);
        var layout = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
        layout.Should().BeEquivalentTo(NativeHeader.Layout);
    }
}

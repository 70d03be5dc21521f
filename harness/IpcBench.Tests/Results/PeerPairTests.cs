using IpcBench.Results;

namespace IpcBench.Tests.Results;

public class PeerPairTests
{
    [Test]
    public void ShortNames()
    {
        PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Managed).Name.Should().Be("managed-managed");
        PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native()).Name.Should().Be("native-native");
        PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Native()).Name.Should().Be("managed-native");
        PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native("i686")).Name.Should().Be("native:x86_64-native:i686");
        PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Native("i686-lfs")).Name.Should().Be("managed:x86_64-native:i686-lfs");
    }

    [TestCase("managed-managed")]
    [TestCase("native-native")]
    [TestCase("managed-native")]
    [TestCase("native-managed")]
    [TestCase("native:x86_64-native:i686")]
    [TestCase("native:i686-lfs-native:i686")]
    [TestCase("managed:x86_64-native:i686-lfs")]
    public void ParseRoundTrips(string name) => PeerPairInfo.Parse(name).Name.Should().Be(name);

    [TestCase("managed")]
    [TestCase("java-native")]
    [TestCase("managed:i686-native")]
    [TestCase("native:-native")]
    public void ParseRefusesNonsense(string name) =>
        FluentActions.Invoking(() => PeerPairInfo.Parse(name)).Should().Throw<FormatException>().WithMessage($"*{name}*");

    [Test]
    public void CellKeyIncludesWaitAndYield() =>
        CellKey.Of("shm", "spin", true, "managed-native", Workload.Throughput, 4096, Placement.Same)
            .Should().Be("shm/spin+yield|managed-native|throughput|4096|same");
}

using IpcBench.Orchestration;
using IpcBench.Results;

namespace IpcBench.Tests.Orchestration;

/// <summary>
/// Which native ABIs this machine built and runs. A missing i686 build is ignored locally (with the
/// reason) but fails on CI (CI=true), where scripts/deps.sh installs gcc-multilib; a built i686 peer
/// the kernel refuses to execute (no IA-32 emulation) is ignored everywhere, with that reason.
/// </summary>
internal static class AvailablePeers
{
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(PeerInfo peer)
    {
        if (peer.Impl == PeerImpl.Managed || peer.Abi == "x86_64") return;
        if (PeerLocator.BuiltAbis().Contains(peer.Abi))
        {
            if (PeerLocator.KernelRefuses(peer.Abi) is { } refused)
                Assert.Ignore($"{peer.Abi} peer cannot run on this kernel: {refused}");
            return;
        }
        var why = PeerLocator.ReadUnavailable("i686") ?? $"native/build/{peer.Abi} was not built";
        if (OnCi)
            Assert.Fail($"{peer.Abi} peer required on CI: {why}");
        Assert.Ignore($"{peer.Abi} peer unavailable: {why}");
    }
}

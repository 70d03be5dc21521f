using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>
/// The --peers syntax: CLIENT-SERVER (or CLIENT:SERVER) pairs, each side one of managed,
/// native (x86-64), x86_64, i686 or i686-lfs; e.g. managed-managed,native-native,managed-native,native-i686.
/// </summary>
public static class PeerSpec
{
    /// <summary>The ABIs native/Makefile can build.</summary>
    public static readonly IReadOnlyList<string> NativeAbis = Protocol.ProtocolNames.Abis;

    /// <summary>The pairs of the default matrix: managed-managed, and native-native as the floor.</summary>
    public static readonly IReadOnlyList<PeerPairInfo> Defaults =
    [
        PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Managed),
        PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native()),
    ];

    // Longest first, so "i686-lfs-managed" is read as i686-lfs then managed.
    static readonly (string Token, PeerInfo Peer)[] Tokens =
    [
        (Protocol.ProtocolNames.AbiI686Lfs, PeerInfo.Native(Protocol.ProtocolNames.AbiI686Lfs)),
        (Protocol.ProtocolNames.ImplManaged, PeerInfo.Managed),
        (Protocol.ProtocolNames.AbiX86_64, PeerInfo.Native()),
        (Protocol.ProtocolNames.ImplNative, PeerInfo.Native()),
        (Protocol.ProtocolNames.AbiI686, PeerInfo.Native(Protocol.ProtocolNames.AbiI686)),
    ];

    public static PeerInfo ParsePeer(string token) =>
        Tokens.FirstOrDefault(t => t.Token == token).Peer
        ?? throw new UsageException($"unknown peer '{token}': expected managed, native, x86_64, i686 or i686-lfs");

    public static PeerPairInfo ParsePair(string text)
    {
        var s = text.Trim();
        foreach (var (token, peer) in Tokens)
        {
            if (s.Length > token.Length + 1 && s.StartsWith(token, StringComparison.Ordinal) && s[token.Length] is '-' or ':')
                return PeerPairInfo.Of(peer, ParsePeer(s[(token.Length + 1)..]));
        }
        throw new UsageException($"malformed peer pair '{text}': expected CLIENT-SERVER such as managed-managed, native-native, managed-native, native-i686");
    }

    public static IReadOnlyList<PeerPairInfo> ParseList(string text)
    {
        if (text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 0)
            throw new UsageException("--peers needs at least one pair, e.g. managed-managed,native-native");
        return OptionList.Parse(text, "--peers", ParsePair);
    }

    /// <summary>Human label of one side for messages: "managed", "native x86_64".</summary>
    public static string Label(PeerInfo p) => p.Impl == PeerImpl.Managed ? "managed" : $"native {p.Abi}";
}

using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Interop;

/// <summary>socketpair, send and recv (used by the copy-cost benchmarks) on a real AF_UNIX stream pair.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public unsafe class InteropSocketPairTests
{
    [Test]
    public void Send_and_recv_move_bytes_between_a_socket_pair()
    {
        SocketPair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out var a, out var b);
        using (a)
        using (b)
        {
            (Fcntl(a, F_GETFD) & FD_CLOEXEC).Should().Be(FD_CLOEXEC);
            Send(a, "hello"u8).Should().Be(5);
            byte[] got = new byte[16];
            Recv(b, got).Should().Be(5);
            got.AsSpan(0, 5).ToArray().Should().Equal("hello"u8.ToArray());
        }
    }

    [Test]
    public void Recv_with_MSG_DONTWAIT_on_an_empty_socket_says_EAGAIN()
    {
        SocketPair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out var a, out var b);
        using (a)
        using (b)
        {
            var act = () => Recv(b, new byte[4], MSG_DONTWAIT);
            act.Should().Throw<PosixException>().Which.ErrnoName.Should().Be("EAGAIN");
        }
    }

    [Test]
    public void Send_to_a_closed_peer_with_MSG_NOSIGNAL_says_EPIPE()
    {
        SocketPair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out var a, out var b);
        using (a)
        {
            b.Dispose();
            var act = () => Send(a, "x"u8, MSG_NOSIGNAL);
            act.Should().Throw<PosixException>().Which.ErrnoName.Should().Be("EPIPE");
        }
    }
}

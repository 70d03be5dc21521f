using System.Diagnostics;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Tests.Orchestration;

namespace IpcBench.Tests.Protocol;

/// <summary>
/// The C peer builds the same bytes as the managed peer and rejects a corrupted, shifted, swapped or stale message with
/// the same line, naming the same offset (ipcpeer --message / --verify: its msg_build and msg_verify on stdin/stdout).
/// </summary>
[TestFixture("x86_64")]
[TestFixture("i686")]
[TestFixture("i686-lfs")]
public class NativeMessageTests(string abi)
{
    [SetUp]
    public void RequirePeer() => AvailablePeers.Require(PeerInfo.Native(abi));

    private (int Exit, byte[] Stdout) RunPeer(byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(PeerLocator.NativeBinary(abi, "ipcpeer"), args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var read = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        if (stdin is not null)
            p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        byte[] output = read.GetAwaiter().GetResult();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static string Managed(byte[] m, ulong seq)
    {
        try
        {
            Message.Verify(m, seq);
            return "OK";
        }
        catch (VerifyException e)
        {
            return "ERROR " + e.Message;
        }
    }

    private string Native(byte[] m, ulong seq)
    {
        var (exit, output) = RunPeer(m, "--verify", m.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string line = System.Text.Encoding.ASCII.GetString(output).TrimEnd('\n');
        exit.Should().Be(line == "OK" ? 0 : 1, line);
        return line;
    }

    [TestCase(16)]
    [TestCase(21)]
    [TestCase(64)]
    [TestCase(4101)]
    [TestCase(65536)]
    public void The_C_peer_builds_the_same_bytes(int size)
    {
        var (exit, output) = RunPeer(null, "--message", size.ToString(System.Globalization.CultureInfo.InvariantCulture), "123456789");
        exit.Should().Be(0);
        output.Should().Equal(MessageTests.Built(size, 123456789));
    }

    [Test]
    public void A_good_message_passes_in_both_peers()
    {
        byte[] m = MessageTests.Built(4096, 77);
        Native(m, 77).Should().Be("OK");
    }

    [Test]
    public void A_corrupted_byte_fails_in_both_peers_at_its_offset()
    {
        byte[] m = MessageTests.Built(4096, 77);
        m[2345] ^= 0x01;
        Native(m, 77).Should().Be(Managed(m, 77)).And.StartWith("ERROR verify: message 77: byte at offset 2345 is 0x");
    }

    [Test]
    public void A_shifted_body_fails_in_both_peers_at_the_first_moved_byte()
    {
        byte[] m = MessageTests.Built(4096, 78);
        Array.Copy(m, 500, m, 501, 4096 - 501);
        string expected = Managed(m, 78);
        expected.Should().MatchRegex("^ERROR verify: message 78: byte at offset 50[0-9] is 0x");
        Native(m, 78).Should().Be(expected);
    }

    [Test]
    public void Swapped_words_fail_in_both_peers_at_the_first_of_them()
    {
        byte[] m = MessageTests.Built(4096, 79);
        byte[] a = m.AsSpan(1024, 8).ToArray();
        m.AsSpan(2048, 8).CopyTo(m.AsSpan(1024, 8));
        a.CopyTo(m.AsSpan(2048, 8));
        string expected = Managed(m, 79);
        expected.Should().MatchRegex("^ERROR verify: message 79: byte at offset 10(2[4-9]|3[01]) is 0x");
        Native(m, 79).Should().Be(expected);
    }

    [Test]
    public void A_stale_slot_of_the_previous_lap_fails_in_both_peers()
    {
        // The slot still holds message seq - slots: caught at the seq (offset 0); under a fresh header, at the body.
        byte[] stale = MessageTests.Built(1024, 100 - 64);
        Native(stale, 100).Should().Be(Managed(stale, 100)).And.Be("ERROR verify: message 100: seq at offset 0 is 36, expected 100");
        MessageTests.Built(1024, 100).AsSpan(0, 16).CopyTo(stale);
        Native(stale, 100).Should().Be(Managed(stale, 100)).And.StartWith("ERROR verify: message 100: byte at offset 16 is 0x");
    }

    [Test]
    public void A_wrong_size_or_reserved_word_fails_in_both_peers()
    {
        byte[] m = MessageTests.Built(64, 5);
        m[8] = 65;
        Native(m, 5).Should().Be(Managed(m, 5)).And.Be("ERROR verify: message 5: size at offset 8 is 65, expected 64");
        m = MessageTests.Built(64, 5);
        m[15] = 0x80;
        Native(m, 5).Should().Be(Managed(m, 5)).And.Be("ERROR verify: message 5: word at offset 12 is 0x80000000, expected 0x00000000");
    }
}

using IpcBench.Peer;

namespace IpcBench.Tests.Transports;

/// <summary>The managed peer's PROGRESS heartbeats: sent once the interval passed, checked every 64 messages only.</summary>
public class ProgressTests
{
    [Test]
    public void A_line_goes_out_after_the_interval_and_only_on_a_64th_message()
    {
        var lines = new List<string>();
        var progress = new Progress(lines.Add, timeoutMs: 8); // interval 2 ms
        Thread.Sleep(3); // at least the interval: how much longer a slow machine takes does not matter
        progress.Tick(65); // not a 64th message: no clock read, no line
        lines.Should().BeEmpty();
        progress.Tick(128);
        lines.Should().Equal("PROGRESS messages=128");
    }

    [Test]
    public void None_sends_nothing()
    {
        for (ulong m = 0; m < 64 * 1000; m += 64)
            Progress.None.Tick(m); // must not throw: there is nowhere to send
    }
}

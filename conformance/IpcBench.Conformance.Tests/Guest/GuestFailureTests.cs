using IpcBench.Conformance.Guest;

namespace IpcBench.Conformance.Tests.Guest;

/// <summary>A guest that never reaches its init fails the run cleanly: console lines in the reason, nothing left.</summary>
[TestFixture]
[Category("Guest")]
[NonParallelizable]
public sealed class GuestFailureTests
{
    [Test]
    public async Task A_kernel_that_panics_at_once_fails_with_the_consoles_last_lines_and_leaves_nothing()
    {
        await GuestKernel.RequireAsync();
        var progress = new GuestKernel.Progress();

        // No init where the kernel looks, no root device: "VFS: Unable to mount root fs", a panic.
        var options = new GuestOptions
        {
            Kernel = GuestKernel.Spec, Cases = ["pipe.basic.roundtrip"], Timeout = TimeSpan.FromMinutes(3),
            ExtraAppend = "rdinit=/no-such-init panic=1",
        };
        var act = () => GuestSuite.RunAsync(options, progress.Line);

        var e = (await act.Should().ThrowAsync<GuestException>()).Which;
        TestContext.Out.WriteLine(e.Message);
        e.BadInput.Should().BeFalse();
        e.Message.Should().Contain("Kernel panic").And.Contain("console's last lines")
            .And.NotContain("no power-off within", "the panic ends the run, not the timeout");
        GuestKernel.OurQemuChildren().Should().BeEmpty();
        progress.Folder.Should().NotBeNull();
        Directory.Exists(progress.Folder).Should().BeFalse();
    }

    [Test]
    public async Task Cancelling_a_run_stops_qemu_and_removes_its_files()
    {
        await GuestKernel.RequireAsync();
        var progress = new GuestKernel.Progress();
        using var cancel = new CancellationTokenSource();
        var booted = new TaskCompletionSource();
        var run = GuestSuite.RunAsync(new GuestOptions { Kernel = GuestKernel.Spec, Cases = ["pipe.", "fifo.", "mq."] },
            line =>
            {
                progress.Line(line);
                if (line.StartsWith("started qemu", StringComparison.Ordinal))
                    booted.TrySetResult();
            }, cancel.Token);
        await booted.Task.WaitAsync(TimeSpan.FromMinutes(2));
        GuestKernel.OurQemuChildren().Should().NotBeEmpty("QEMU runs while the guest boots");
        await cancel.CancelAsync();

        await ((Func<Task>)(() => run)).Should().ThrowAsync<OperationCanceledException>();
        GuestKernel.OurQemuChildren().Should().BeEmpty();
        progress.Folder.Should().NotBeNull();
        Directory.Exists(progress.Folder).Should().BeFalse();
    }
}

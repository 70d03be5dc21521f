namespace IpcBench.Benchmarks.Tests;

/// <summary>The C side of the per-message step comparison: `ipcpeer --bench-steps` names every step the managed class times.</summary>
public class NativeStepTests
{
    [TestCase(64)]
    [TestCase(4096)]
    public void The_C_peer_times_every_step_of_the_managed_benchmarks(int size)
    {
        var steps = NativeStepColumns.Native(size);
        steps.Should().NotBeNull("ipcpeer --bench-steps must run");
        var expected = typeof(PerMessageStepBenchmarks).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0)
            .Select(m => PerMessageStepBenchmarks.NativeStep(m.Name));
        steps!.Keys.Should().BeEquivalentTo(expected);
        steps.Values.Should().OnlyContain(ns => ns > 0);
    }
}

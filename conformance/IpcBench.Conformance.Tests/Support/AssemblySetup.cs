using IpcBench.Conformance.Probe;

// Probes are processes: a few at a time keep two cores busy while others wait on timeouts.
[assembly: LevelOfParallelism(4)]
[assembly: Parallelizable(ParallelScope.Fixtures)]

namespace IpcBench.Conformance.Tests;

/// <summary>Runs once around every test of the assembly (it sits in the root namespace for that).</summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeTearDown]
    public void RemoveProbeTemporaryFolders() => ProbeSession.Cleanup();
}

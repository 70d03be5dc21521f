using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Tests.Support;

/// <summary>
/// The test cases of the fixtures: every catalogue case once per ABI (x86_64, i686, i686-lfs,
/// listed whether built or not, so a missing ABI shows as ignored, or failed on CI), with NUnit
/// categories by interface (Mmap, Pipe, ...) and by ABI (x86_64, i686, i686-lfs, managed, mono-posix).
/// </summary>
public static class CaseSource
{
    public static IEnumerable<TestCaseData> Mmap() => ForInterface(CaseInterface.Mmap);
    public static IEnumerable<TestCaseData> Munmap() => ForInterface(CaseInterface.Munmap);
    public static IEnumerable<TestCaseData> Msync() => ForInterface(CaseInterface.Msync);
    public static IEnumerable<TestCaseData> Pipe() => ForInterface(CaseInterface.Pipe);
    public static IEnumerable<TestCaseData> Fifo() => ForInterface(CaseInterface.Fifo);
    public static IEnumerable<TestCaseData> MessageQueue() => ForInterface(CaseInterface.MessageQueue);
    public static IEnumerable<TestCaseData> SharedMemory() => ForInterface(CaseInterface.SharedMemory);
    public static IEnumerable<TestCaseData> CrossAbi() => ForInterface(CaseInterface.CrossAbi);

    /// <summary>Every case that has an in-process check, once through IpcBench.Interop and once through Mono.Posix where covered.</summary>
    public static IEnumerable<TestCaseData> Managed() =>
        from c in CaseCatalogue.All
        from t in new[] { Targets.Managed, Targets.MonoPosix }
        where Engine.ConformanceEngine.Applies(c, t)
        select Data(c, t, "Managed");

    static IEnumerable<TestCaseData> ForInterface(CaseInterface i) =>
        from c in CaseCatalogue.For(i)
        from abi in Abi.Known
        select Data(c, abi, i.Category());

    static TestCaseData Data(ConformanceCase c, string target, string fixtureCategory)
    {
        var d = new TestCaseData(new CaseUnderTest(c, target))
            .SetName($"{c.Id} [{target}]")
            .SetDescription(c.ReferenceLine)
            .SetCategory(fixtureCategory)
            .SetCategory(target);
        if (fixtureCategory != c.Interface.Category())
            d.SetCategory(c.Interface.Category());
        return d;
    }
}

/// <summary>One case on one target (the single argument of every conformance test).</summary>
public sealed record CaseUnderTest(ConformanceCase Case, string Target)
{
    public override string ToString() => $"{Case.Id} [{Target}]";
}

using IpcBench.Conformance.Cases;
using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>The catalogue against the probe's contract (native/ipcprobe/CASES.md) and the ABIs against CI's promise.</summary>
[TestFixture]
[Category("Runner")]
public sealed class CatalogueTests
{
    [Test]
    public void EveryCaseHasAOneLineReferenceAndExpectation()
    {
        foreach (var c in CaseCatalogue.All)
        {
            c.Reference.Should().NotBeNullOrWhiteSpace().And.NotContain("\n", c.Id);
            c.Expected.Description.Should().NotBeNullOrWhiteSpace(c.Id);
            if (c.DepartsFrom is not null)
                c.DepartsFrom.Should().StartWith("POSIX", "a Linux-specific case names the POSIX text it departs from ({0})", c.Id);
        }
    }

    [Test]
    public void AtLeastNinetyCasesPerAbi()
    {
        CaseCatalogue.All.Count(c => c.Interface != CaseInterface.CrossAbi).Should().BeGreaterThanOrEqualTo(90);
        foreach (var i in Enum.GetValues<CaseInterface>())
            CaseCatalogue.For(i).Should().NotBeEmpty(i.ToString());
    }

    [Test]
    public void CatalogueAndProbeListTheSameCases()
    {
        var abi = ConformanceEngine.Shared.Abis.FirstOrDefault(a => a.Available);
        if (abi is null)
            Assert.Ignore("no ipcprobe available: " + string.Join("; ", ConformanceEngine.Shared.Abis.Select(a => a.UnavailableReason)));
        var ours = CaseCatalogue.All.Where(c => c.Exchange is null).Select(c => c.Id).ToHashSet();
        abi!.ProbeCases.Except(ours).Should().BeEmpty("every case the probe knows has an expectation in the catalogue");
        ours.Except(abi.ProbeCases).Should().BeEmpty("every catalogue case is known to ipcprobe --list");
    }

    [Test]
    public void OnCiEveryAbiIsBuilt()
    {
        if (!Verdicts.OnCi)
            Assert.Ignore("not on CI (CI is not 'true'): a missing i686 ABI is reported as unsupported, not failed");
        var why = AbiDiscovery.I686UnavailableFile();
        why.Should().BeNull("on CI gcc-multilib is installed by scripts/deps.sh, so native/build/i686.unavailable must not exist");
        foreach (var abi in ConformanceEngine.Shared.Abis)
            (abi.Available || abi.KernelRefuses).Should().BeTrue("{0}: {1}", abi.Name, abi.UnavailableReason);
    }

    [TestCase("mmap.err.", ExpectedResult = true)]
    [TestCase("mmap.err.zero-length", ExpectedResult = true)]
    [TestCase("mmap.*.zero-*", ExpectedResult = true)]
    [TestCase("Mmap", ExpectedResult = true)]
    [TestCase("mqueue", ExpectedResult = false)]
    [TestCase("mmap", ExpectedResult = true)]
    [TestCase("mmap.er", ExpectedResult = false)]
    public bool FilterMatchesIdsPrefixesGlobsAndInterfaces(string pattern) =>
        CaseCatalogue.Matches(CaseCatalogue.Find("mmap.err.zero-length")!, pattern);
}

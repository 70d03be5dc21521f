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
    public void EveryReferenceQuotesOneSentenceWithItsPageAndSection()
    {
        foreach (var c in CaseCatalogue.All)
        {
            var r = Requirement.TryParse(c.Reference, out var problem);
            r.Should().NotBeNull("{0}: {1}", c.Id, problem);
        }
    }

    [TestCase("POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero.\"", ExpectedResult = true)]
    [TestCase("Linux pipe(7), DESCRIPTION: \"A pipe has a limited capacity.\" (a note)", ExpectedResult = true)]
    [TestCase("POSIX <signal.h>, DESCRIPTION: \"SEGV_MAPERR Address not mapped to object.\"", ExpectedResult = true)]
    [TestCase("POSIX mmap(): [EINVAL] The value of len is zero", ExpectedResult = false)]
    [TestCase("POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero\"", ExpectedResult = false)]
    [TestCase("POSIX mmap, ERRORS: \"[EINVAL] The value of len is zero.\"", ExpectedResult = false)]
    [TestCase("Linux mmap(), ERRORS: \"EINVAL Bad.\"", ExpectedResult = false)]
    [TestCase("POSIX mmap(), SEE ALSO: \"The value of len is zero.\"", ExpectedResult = false)]
    [TestCase("POSIX mmap(), ERRORS: \"The value of len is zero. The value of flags is invalid.\"", ExpectedResult = false)]
    public bool ReferenceFormIsChecked(string reference) => Requirement.TryParse(reference, out _) is not null;

    [Test]
    public void TraceHasACaseOrAReasonForEveryRequirementAndNamesOnlyExistingCases()
    {
        RequirementTrace.Problems(CaseCatalogue.All, UntestedRequirements.All).Should().BeEmpty();
        foreach (var row in RequirementTrace.Rows(CaseCatalogue.All, UntestedRequirements.All))
            (row.Cases.Count > 0 || !string.IsNullOrWhiteSpace(row.NotTestableHere)).Should().BeTrue(row.Requirement.Key);
    }

    [Test]
    public void TraceRejectsARowWithoutCaseOrReasonAndAnUnknownCase()
    {
        UntestedRequirements.Row[] bad =
        [
            new("POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero.\"", null, []),
            new("POSIX mmap(), ERRORS: \"[EBADF] The fildes argument is not a valid open file descriptor.\"", null, ["mmap.no.such-case"]),
        ];
        var problems = RequirementTrace.Problems(CaseCatalogue.All, bad);
        problems.Should().Contain(p => p.Contains("neither a case nor a reason")).And.Contain(p => p.Contains("'mmap.no.such-case'"));
    }

    [Test]
    public void Pages_quoted_from_the_2017_text_are_named_in_the_trace()
    {
        UntestedRequirements.Row row = new("POSIX mq_close(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\"",
            "mq_close of a closed descriptor: EBADF", [], NoCaseYet: true);
        UntestedRequirements.PagesQuotedFrom2017.Should().Contain("mq_close()");
        RequirementTrace.Markdown([], [row]).Should().Contain("Quoted from the POSIX.1-2017 text, to be checked against POSIX.1-2024")
            .And.Contain("`mq_close()`");
        RequirementTrace.Markdown([], []).Should().NotContain("POSIX.1-2017");
    }

    [Test]
    public void A_requirement_without_a_case_yet_is_listed_apart_and_may_not_name_one()
    {
        UntestedRequirements.Row todo = new("POSIX mmap(), ERRORS: \"[ENODEV] The fildes argument refers to a file whose type is not supported by mmap().\"",
            "mmap of a directory's descriptor: ENODEV", [], NoCaseYet: true);
        var row = RequirementTrace.Rows([], [todo]).Single();
        row.NoCaseYet.Should().BeTrue();
        RequirementTrace.Markdown([], [todo]).Should().Contain("**no case yet**: mmap of a directory's descriptor: ENODEV")
            .And.Contain("0 not testable here, 1 testable without a case yet");
        RequirementTrace.Problems(CaseCatalogue.All, [todo with { Cases = ["mmap.anon.shared-zeroed"] }]).Should()
            .ContainSingle(p => p.Contains("marked as without a case"));
    }

    [Test]
    public void TraceDocumentIsCurrent()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IpcBench.sln")))
            dir = dir.Parent;
        dir.Should().NotBeNull("the tests run inside the repository");
        var path = Path.Combine(dir!.FullName, "docs", "conformance-trace.md");
        File.Exists(path).Should().BeTrue("docs/conformance-trace.md is generated by: scripts/ipcbench conform --trace > docs/conformance-trace.md");
        File.ReadAllText(path).Should().Be(RequirementTrace.Markdown(CaseCatalogue.All, UntestedRequirements.All),
            "docs/conformance-trace.md must be regenerated: scripts/ipcbench conform --trace > docs/conformance-trace.md");
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

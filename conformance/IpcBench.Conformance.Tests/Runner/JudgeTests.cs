using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Tests.Runner;

/// <summary>The judge's rule that every fact a probe reports is judged or declared irrelevant.</summary>
[TestFixture]
[Category("Runner")]
public sealed class JudgeTests
{
    static ConformanceCase Case(Expectation e) =>
        new() { Id = "test.judge", Interface = CaseInterface.Mmap, Reference = "POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero.\"", Expected = e };

    static CaseOutcome JudgeJson(Expectation e, string json) =>
        Judge.FromObservation(Case(e), "x86_64", Observation.TryParse(json, out _)!, TimeSpan.Zero);

    [Test]
    public void A_fact_the_expectation_never_reads_fails_the_case()
    {
        var o = JudgeJson(Fails("mmap", "EINVAL"), """{"case":"test.judge","abi":"x86_64","mmap_ret":-1,"mmap_errno":"EINVAL","mmap_addr":null,"length":0,"outcome":"done"}""");
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("length").And.NotContain("mmap_errno").And.NotContain("abi");
    }

    [Test]
    public void A_fact_declared_irrelevant_passes()
    {
        var o = JudgeJson(Fails("mmap", "EINVAL") & Inputs("length"), """{"mmap_ret":-1,"mmap_errno":"EINVAL","length":0,"outcome":"done"}""");
        o.Verdict.Should().Be(Verdict.Pass, o.Reason);
    }

    [Test]
    public void Both_sides_of_an_alternative_count_as_read()
    {
        var o = JudgeJson(Fails("write", "EAGAIN") | Returns("write", 4096), """{"write_ret":4096,"write_errno":null,"outcome":"done"}""");
        o.Verdict.Should().Be(Verdict.Pass, o.Reason);
    }

    [Test]
    public void Nested_facts_are_named_by_their_path()
    {
        var o = JudgeJson(Returns("probe.open", 0), """{"probe":{"abi":"i686","open_ret":0,"open_errno":null,"len":5}}""");
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("probe.len").And.NotContain("probe.abi");
    }

    [Test]
    public void A_failed_expectation_also_names_the_unread_facts()
    {
        var o = JudgeJson(Returns("read", 5), """{"read_ret":3,"read_errno":null,"extra":1}""");
        o.Verdict.Should().Be(Verdict.Fail);
        o.Reason.Should().Contain("read_ret").And.Contain("extra");
    }
}

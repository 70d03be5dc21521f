using IpcBench.Conformance.Report;
using IpcBench.Reports.Conformance;
using IpcBench.Reports.Inputs;
using IpcBench.Util;

namespace IpcBench.Reports.Tests.Conformance;

public class ConformComparerTests
{
    static ConformReport Parse(string json, string path = "x.json") => ResultInputs.ParseConform(json, path);

    static ConformComparison Compare(ConformReport baseline, ConformReport current, string baselinePath = "a.json", string currentPath = "b.json") =>
        ConformComparer.Compare(baseline, current, baselinePath, currentPath);

    [TestCase("pass", "fail", VerdictChange.Worse)]
    [TestCase("pass", "unsupported", VerdictChange.Worse)]
    [TestCase("linux-specific", "fail", VerdictChange.Worse)]
    [TestCase("unsupported", "fail", VerdictChange.Worse)]
    [TestCase("fail", "pass", VerdictChange.Better)]
    [TestCase("fail", "unsupported", VerdictChange.Better)]
    [TestCase("unsupported", "linux-specific", VerdictChange.Better)]
    [TestCase("pass", "linux-specific", VerdictChange.Changed)]
    [TestCase("linux-specific", "pass", VerdictChange.Changed)]
    [TestCase("fail", "fail", VerdictChange.Unchanged)]
    [TestCase("pass", "pass", VerdictChange.Unchanged)]
    public void Verdict_order_decides_worse_and_better(string baseline, string current, VerdictChange expected) =>
        ConformComparer.Judge(baseline, current).Should().Be(expected);

    [Test]
    public void Every_changed_case_is_listed_per_abi()
    {
        var baseline = Parse(TestConform.Json([
            ("mmap.einval.zero-len", "x86_64", "pass"), ("mmap.einval.zero-len", "i686", "pass"),
            ("pipe.epipe.write", "x86_64", "fail"), ("pipe.epipe.write", "i686", "pass"),
            ("mq.open.excl", "x86_64", "pass"), ("shm.gone.case", "x86_64", "pass"),
        ]));
        var current = Parse(TestConform.Json([
            ("mmap.einval.zero-len", "x86_64", "pass"), ("mmap.einval.zero-len", "i686", "fail"),
            ("pipe.epipe.write", "x86_64", "pass"), ("pipe.epipe.write", "i686", "linux-specific"),
            ("mq.open.excl", "x86_64", "pass"), ("msync.new.case", "x86_64", "unsupported"),
        ], kernel: "6.11.0-1-generic"));
        var r = Compare(baseline, current);
        r.IsWorse.Should().BeTrue();
        r.Cases.Where(c => c.Change != VerdictChange.Unchanged).Select(c => (c.CaseId, c.Target, c.Change)).Should().BeEquivalentTo(new[]
        {
            ("pipe.epipe.write", "x86_64", VerdictChange.Better),
            ("shm.gone.case", "x86_64", VerdictChange.Removed),
            ("msync.new.case", "x86_64", VerdictChange.Added),
            ("mmap.einval.zero-len", "i686", VerdictChange.Worse),
            ("pipe.epipe.write", "i686", VerdictChange.Changed),
        });
        r.Cases.Single(c => c.Change == VerdictChange.Worse).Reason.Should().Be("fail because of mmap.einval.zero-len");
        r.Current.KernelRelease.Should().Be("6.11.0-1-generic");
    }

    [Test]
    public void Only_better_or_sideways_changes_do_not_fail()
    {
        var baseline = Parse(TestConform.Json([("a.b.c", "x86_64", "fail"), ("a.b.d", "x86_64", "pass")]));
        var current = Parse(TestConform.Json([("a.b.c", "x86_64", "pass"), ("a.b.d", "x86_64", "linux-specific")]));
        Compare(baseline, current).IsWorse.Should().BeFalse();
    }

    [Test]
    public void A_target_available_on_one_side_only_is_reported_not_compared()
    {
        var baseline = Parse(TestConform.Json([("a.b.c", "x86_64", "pass"), ("a.b.c", "i686", "pass")]));
        var current = Parse(TestConform.Json([("a.b.c", "x86_64", "pass"), ("a.b.c", "i686", "unsupported")], unavailable: ["i686"]));
        var r = Compare(baseline, current);
        r.IsWorse.Should().BeFalse();
        r.Availability.Should().ContainSingle().Which.Should().Be(new TargetAvailability("i686", true, false, "not built: install gcc-multilib"));
        r.Cases.Single(c => c.Target == "i686").Change.Should().Be(VerdictChange.TargetUnavailable);
    }

    [Test]
    public void Results_without_a_common_case_and_target_are_refused()
    {
        var baseline = Parse(TestConform.Json([("a.b.c", "x86_64", "pass")]));
        var current = Parse(TestConform.Json([("x.y.z", "x86_64", "pass")]));
        FluentActions.Invoking(() => Compare(baseline, current)).Should().Throw<UsageException>()
            .WithMessage("nothing to compare: a.json and b.json have no case on a common target in common*");
    }

    [Test]
    public void Markdown_groups_changes_per_abi_and_json_carries_every_cell()
    {
        var baseline = Parse(TestConform.Json([("a.b.c", "x86_64", "pass"), ("a.b.c", "i686", "pass")]));
        var current = Parse(TestConform.Json([("a.b.c", "x86_64", "fail"), ("a.b.c", "i686", "pass")]));
        var r = Compare(baseline, current);
        var md = ConformComparisonMarkdown.Render(r);
        md.Should().StartWith("## IpcBench conformance compare: ❌ 1 verdict worse");
        md.Should().Contain("### Worse (1)").And.Contain("**x86_64**").And.Contain("| `a.b.c` | pass | fail | fail because of a.b.c |");
        var json = System.Text.Json.Nodes.JsonNode.Parse(ConformComparisonJson.Render(r))!;
        json["kind"]!.GetValue<string>().Should().Be("ipcbench-compare");
        json["subject"]!.GetValue<string>().Should().Be("conform");
        json["exit_status"]!.GetValue<int>().Should().Be(1);
        json["summary"]!["worse"]!.GetValue<int>().Should().Be(1);
        json["cases"]!.AsArray().Should().HaveCount(2);
    }

    [Test]
    public void Unknown_verdicts_and_other_versions_are_refused()
    {
        FluentActions.Invoking(() => Parse(TestConform.Json([("a.b.c", "x86_64", "broken")]), "v.json"))
            .Should().Throw<UsageException>().WithMessage("v.json: case a.b.c: unknown verdict \"broken\"*");
        FluentActions.Invoking(() => Parse(TestConform.Json([("a.b.c", "x86_64", "pass")], version: 2), "v.json"))
            .Should().Throw<UsageException>().WithMessage("v.json: conformance schema version 2 is newer than this ipcbench reads (1)*");
    }
}

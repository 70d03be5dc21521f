using IpcBench.Reports.Baselines;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Baselines;

public class BaselineStoreTests
{
    [Test]
    public void Names_come_from_cpu_and_kernel_not_the_host()
    {
        BaselineStore.Name("AMD EPYC 7763 64-Core Processor", 4, "6.8.0-1017-azure").Should().Be("amd-epyc-7763-64-core-processor-4cpu-6.8.0-1017-azure");
        BaselineStore.Name("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", 2, "5.15.0-1079-azure").Should().Be("intel-xeon-platinum-8370c-cpu-2.80ghz-2cpu-5.15.0-1079-azure");
        BaselineStore.Name(null, null, null).Should().Be("unknown-kernel");
        BaselineStore.Name(null, null, "6.8.0-45-generic", "glibc-2.39").Should().Be("6.8.0-45-generic-glibc-2.39");
    }

    [Test]
    public void Update_adds_the_run_and_its_report_to_the_history_and_refuses_the_same_run_twice_without_force()
    {
        using var dir = new TempDir();
        var run = Run([Latency("pipe", 64, Around(4000))]);
        string source = dir["run.json"];
        ResultJson.Write(source, run);
        File.WriteAllText(dir["run.md"], "# report\n");
        string baselines = Path.Combine(dir.Path, "baselines");

        var written = BaselineStore.Update(source, baselines, force: false);
        string name = "amd-epyc-7763-64-core-processor-4cpu-6.8.0-45-generic";
        string history = Path.Combine(baselines, name);
        written.Should().Equal(Path.Combine(history, run.RunId + ".json"), Path.Combine(history, run.RunId + ".md"));
        File.ReadAllText(written[0]).Should().Be(File.ReadAllText(source));
        BaselineStore.NameOf(source).Should().Be(name);

        FluentActions.Invoking(() => BaselineStore.Update(source, baselines, force: false)).Should().Throw<UsageException>()
            .WithMessage($"*{run.RunId}.json exists (this run is already in the history); use --force to replace it");
        BaselineStore.Update(source, baselines, force: true).Should().Contain(written[0]);
    }

    [Test]
    public void The_history_keeps_the_last_n_runs_of_the_machine_class()
    {
        using var dir = new TempDir();
        string baselines = Path.Combine(dir.Path, "baselines");
        var ids = new List<string>();
        for (int i = 0; i < 7; i++)
        {
            var run = Run([Latency("pipe", 64, Around(4000 + i))], runId: $"2025010{i}T000000Z-ci-{i:x6}",
                started: new DateTimeOffset(2025, 1, 2 + i, 0, 0, 0, TimeSpan.Zero));
            ids.Add(run.RunId);
            string source = dir[$"r{i}.json"];
            ResultJson.Write(source, run);
            BaselineStore.Update(source, baselines, force: false, keep: 5);
        }
        // A file that is not one of the history's runs is never removed.
        string history = Path.Combine(baselines, "amd-epyc-7763-64-core-processor-4cpu-6.8.0-45-generic");
        File.WriteAllText(Path.Combine(history, "notes.txt"), "kept\n");
        var last = Run([Latency("pipe", 64, Around(4100))], runId: "20250110T000000Z-ci-000007", started: new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero));
        ResultJson.Write(dir["last.json"], last);
        var changed = BaselineStore.Update(dir["last.json"], baselines, force: false, keep: 5);

        changed.Should().Contain("removed " + Path.Combine(history, ids[2] + ".json"));
        Directory.GetFiles(history, "*.json").Select(Path.GetFileNameWithoutExtension).Order()
            .Should().Equal(ids.Skip(3).Append(last.RunId).Order());
        File.Exists(Path.Combine(history, "notes.txt")).Should().BeTrue();
        FluentActions.Invoking(() => BaselineStore.Update(dir["last.json"], baselines, force: true, keep: 0)).Should().Throw<UsageException>()
            .WithMessage("--keep must be at least 1, not 0");
    }

    [Test]
    public void Conformance_results_get_their_own_suffix_and_non_results_are_refused()
    {
        using var dir = new TempDir();
        string conform = dir.File("conform-6.8.0-45-generic-glibc-2.39.json", TestConform.Json([("a.b.c", "x86_64", "pass")]));
        var written = BaselineStore.Update(conform, dir["baselines"], force: false);
        Path.GetFileName(written.Single()).Should().Be("6.8.0-45-generic-glibc-2.39.conform.json");

        string junk = dir.File("junk.json", "{\"hello\": 1}");
        FluentActions.Invoking(() => BaselineStore.Update(junk, dir["baselines"], force: false)).Should().Throw<UsageException>()
            .WithMessage("*junk.json: not an ipcbench result*");
        Directory.GetFiles(dir["baselines"]).Should().HaveCount(1);
    }
}

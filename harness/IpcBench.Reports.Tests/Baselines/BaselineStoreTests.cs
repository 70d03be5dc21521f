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
    public void Update_copies_the_run_and_its_report_and_refuses_to_overwrite_without_force()
    {
        using var dir = new TempDir();
        var run = Run([Latency("pipe", 64, Around(4000))]);
        string source = dir["run.json"];
        ResultJson.Write(source, run);
        File.WriteAllText(dir["run.md"], "# report\n");
        string baselines = Path.Combine(dir.Path, "baselines");

        var written = BaselineStore.Update(source, baselines, force: false);
        string name = "amd-epyc-7763-64-core-processor-4cpu-6.8.0-45-generic";
        written.Should().Equal(Path.Combine(baselines, name + ".json"), Path.Combine(baselines, name + ".md"));
        File.ReadAllText(written[0]).Should().Be(File.ReadAllText(source));
        BaselineStore.NameOf(source).Should().Be(name);

        FluentActions.Invoking(() => BaselineStore.Update(source, baselines, force: false)).Should().Throw<UsageException>()
            .WithMessage($"*{name}.json exists; use --force to replace the baseline");
        ResultJson.Write(source, run with { RunId = "newer" });
        BaselineStore.Update(source, baselines, force: true);
        ResultJson.Read(written[0]).RunId.Should().Be("newer");
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

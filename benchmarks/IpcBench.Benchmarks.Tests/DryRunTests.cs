using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace IpcBench.Benchmarks.Tests;

/// <summary>
/// Every benchmark class runs every case once, in BenchmarkDotNet's dry job, in this process (the in-process emit
/// toolchain: no project to build per run). A benchmark that throws, or a case that yields no result, fails here
/// rather than in someone's benchmark run. No timing is asserted.
/// </summary>
[NonParallelizable]
public class DryRunTests : LeavesNothingBehind
{
    public static IEnumerable<Type> BenchmarkClasses => typeof(BenchConfig).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
            && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    [Test]
    public void The_assembly_has_the_benchmark_classes_of_the_issue()
        => BenchmarkClasses.Select(t => t.Name).Should().BeEquivalentTo(
            "InteropNullCallBenchmarks", "InteropPipeBenchmarks", "CopyCostBenchmarks", "MqCopyCostBenchmarks",
            "MmapMunmapBenchmarks", "FirstTouchBenchmarks", "MsyncBenchmarks", "CrossProcessRoundTripBenchmarks",
            "PerMessageStepBenchmarks");

    [TestCaseSource(nameof(BenchmarkClasses))]
    public void Every_case_runs_once_in_a_dry_job(Type benchmarks)
    {
        var log = new AccumulationLogger();
        string artifacts = Directory.CreateTempSubdirectory("ipcbench-bdn-dry-").FullName;
        try
        {
            var config = ManualConfig.CreateEmpty()
                // Output logged: a benchmark's exception reaches the log and so the failure message. A case that
                // hangs fails after the bound instead of holding the test run.
                .AddJob(Job.Dry.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(2), logOutput: true)))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultColumnProviders.Instance)
                .AddLogger(log)
                .WithArtifactsPath(artifacts)
                // A Debug test run is still a valid smoke test; the timings are not looked at.
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile);

            Summary summary = BenchmarkRunner.Run(benchmarks, config);

            string why = Why(log.GetLog());
            summary.HasCriticalValidationErrors.Should().BeFalse(why);
            summary.BenchmarksCases.Should().NotBeEmpty(why);
            summary.Reports.Should().HaveCount(summary.BenchmarksCases.Length, why);
            foreach (BenchmarkReport report in summary.Reports)
            {
                string name = report.BenchmarkCase.DisplayInfo;
                report.ExecuteResults.Should().NotBeEmpty($"{name} ran; {why}");
                report.ExecuteResults.SelectMany(r => r.Errors).Should().BeEmpty($"{name} ran without errors; {why}");
                bool succeeded = report.Success;
                succeeded.Should().BeTrue($"{name} must succeed; {why}");
                report.ResultStatistics.Should().NotBeNull($"{name} produced a measurement; {why}");
            }
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    /// <summary>The exception lines of the log (where a benchmark's failure is), else its tail.</summary>
    private static string Why(string log)
    {
        string[] lines = log.Split('\n');
        var errors = lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)).Take(20).ToList();
        return errors.Count > 0
            ? "errors in the log:\n" + string.Join('\n', errors)
            : "log tail:\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }
}

using BenchmarkDotNet.Running;

namespace IpcBench.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's own command line (<c>--filter</c>, <c>--job short</c>, <c>--list flat</c>, ...),
/// with <see cref="BenchConfig"/> (full JSON and GitHub Markdown into results/bench/). Run it through scripts/bench.sh.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
        // A benchmark that threw is a failure of the run, not a row to overlook.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

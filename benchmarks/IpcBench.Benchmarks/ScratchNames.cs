using System.Security.Cryptography;

namespace IpcBench.Benchmarks;

/// <summary>
/// Names for the benchmarks' own kernel objects (shared memory, queues, files): "ipcbench-&lt;pid&gt;-&lt;random&gt;-what",
/// the harness's scheme, so `ipcbench clean` recognises a killed run's leftovers. Every benchmark also removes the
/// name as soon as the object is open.
/// </summary>
internal static class ScratchNames
{
    public static string Unique(string what)
        => $"{Orchestration.Cleaner.Prefix}{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}-{what}";
}

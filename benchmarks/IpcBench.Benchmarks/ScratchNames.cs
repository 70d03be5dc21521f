namespace IpcBench.Benchmarks;

/// <summary>
/// Names for the benchmarks' own kernel objects (shared memory, queues, files): the harness's
/// "ipcbench-&lt;pid&gt;-&lt;16 random hex&gt;-what" (Orchestration.ToolNames), so `ipcbench clean` recognises a
/// killed run's leftovers and no other user can guess one. Every benchmark also removes the name as
/// soon as the object is open.
/// </summary>
internal static class ScratchNames
{
    /// <summary>A fresh name without the leading slash.</summary>
    public static string Unique(string what) => Orchestration.ToolNames.NewObjectName(what)[1..];
}

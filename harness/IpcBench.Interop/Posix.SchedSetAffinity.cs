using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>sched_setaffinity(2): raw; pid 0 is the calling thread.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinityRaw(int pid, nuint size, CpuSet* mask);

    /// <summary>sched_getaffinity(2): raw; pid 0 is the calling thread.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinityRaw(int pid, nuint size, CpuSet* mask);

    /// <summary>Pins the calling thread to CPU <paramref name="cpu"/>; failure throws (EINVAL: no such online CPU).</summary>
    public static void PinCurrentThread(int cpu)
    {
        CpuSet set = default;
        set.Set(cpu);
        int r;
        do r = SchedSetAffinityRaw(0, (nuint)sizeof(CpuSet), &set); while (RetryOrThrow(r, "sched_setaffinity", "cpu " + cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The affinity mask of the calling thread.</summary>
    public static CpuSet GetCurrentThreadAffinity()
    {
        CpuSet set;
        int r;
        do r = SchedGetAffinityRaw(0, (nuint)sizeof(CpuSet), &set); while (RetryOrThrow(r, "sched_getaffinity"));
        return set;
    }
}

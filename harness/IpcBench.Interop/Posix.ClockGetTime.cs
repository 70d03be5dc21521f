using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int CLOCK_REALTIME = 0;
    public const int CLOCK_MONOTONIC = 1;
    public const int CLOCK_PROCESS_CPUTIME_ID = 2;
    public const int CLOCK_THREAD_CPUTIME_ID = 3;
    public const int CLOCK_MONOTONIC_RAW = 4;

    /// <summary>clock_gettime(2): raw (vDSO, no system call for the common clocks).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTimeRaw(int clock, TimeSpec* time);

    /// <summary>clock_gettime(2); failure throws.</summary>
    public static TimeSpec ClockGetTime(int clock)
    {
        TimeSpec t;
        int r;
        do r = ClockGetTimeRaw(clock, &t); while (RetryOrThrow(r, "clock_gettime"));
        return t;
    }
}

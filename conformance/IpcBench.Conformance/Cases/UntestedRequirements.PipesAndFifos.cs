namespace IpcBench.Conformance.Cases;

public static partial class UntestedRequirements
{
    /// <summary>Requirements of pipe()/pipe2(), mkfifo() and FIFOs through open(), read(), write(), lseek(), fcntl(), close(); the pipe fcntl commands and ioctls of the Linux man-pages that no case quotes.</summary>
    static IReadOnlyList<Row> PipesAndFifos =>
    [
        // ---- pipes and FIFOs ----
        Why("POSIX pipe(), ERRORS: \"[ENFILE] The number of simultaneously open files in the system would exceed a system-imposed limit.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
    ];
}

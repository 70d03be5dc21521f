namespace IpcBench.Conformance.Cases;

public static partial class UntestedRequirements
{
    /// <summary>Requirements of shm_open(), shm_unlink(), and ftruncate(), fstat(), close() on their descriptors that no case quotes.</summary>
    static IReadOnlyList<Row> SharedMemory =>
    [
        // ---- shared memory ----
        Why("POSIX shm_open(), ERRORS: \"[ENFILE] Too many shared memory objects are currently open in the system.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        Why("POSIX shm_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new shared memory object.\"",
            "filling /dev/shm would disturb every other process on the machine"),
    ];
}

namespace IpcBench.Conformance.Cases;

/// <summary>
/// Requirements of the pages in scope that no case checks, each with the reason it is not
/// testable here (or the cases that cover it indirectly). The trace (docs/conformance-trace.md)
/// lists them beside the requirements the cases quote; a test fails when a row has neither a
/// case nor a reason, or names a case that does not exist.
/// </summary>
public static class UntestedRequirements
{
    public sealed record Row(string Reference, string? Reason, IReadOnlyList<string> Cases);

    static Row Why(string reference, string reason) => new(reference, reason, []);

    static Row By(string reference, params string[] cases) => new(reference, null, cases);

    public static IReadOnlyList<Row> All { get; } =
    [
        // ---- mmap() ----
        By("POSIX mmap(), ERRORS: \"[EMFILE] The number of mapped regions would exceed an implementation-defined limit (per process or per system).\"",
            "mmap.limit.max-map-count"),
        Why("POSIX mmap(), ERRORS: \"[ENOMEM] Not enough unallocated memory resources remain in the typed memory object designated by fildes to allocate len bytes.\"",
            "Linux has no typed memory objects (POSIX TYM option)"),
        Why("POSIX mmap(), ERRORS: \"[ENXIO] The fildes argument refers to a typed memory object that is not accessible from the calling process.\"",
            "Linux has no typed memory objects (POSIX TYM option)"),
        Why("POSIX mmap(), ERRORS: \"[ENXIO] Addresses in the range [off,off+len) are invalid for the object specified by fildes.\"",
            "regular files and shared memory objects accept any offset (a device file would be needed)"),
        Why("POSIX mmap(), ERRORS: \"[ENOTSUP] MAP_FIXED or MAP_PRIVATE was specified in the flags argument and the implementation does not support this functionality.\"",
            "Linux supports both; the error cannot occur"),
        By("POSIX mmap(), DESCRIPTION: \"Either MAP_SHARED or MAP_PRIVATE can be specified, but not both.\"", "mmap.err.both-sharing-flags"),
        By("POSIX mmap(), DESCRIPTION: \"When MAP_FIXED is set in the flags argument, the implementation is informed that the value of pa shall be addr, exactly.\"",
            "mmap.fixed.replaces", "mmap.fixed.replace-middle"),
        Why("POSIX mmap(), DESCRIPTION: \"The last data access timestamp of the mapped file may be marked for update at any time between the mmap() call and the corresponding munmap() call.\"",
            "a permission ('may'), and atime depends on mount options (noatime, relatime): nothing to assert"),
        // ---- munmap() / mprotect() / mlock ----
        Why("POSIX mprotect(), ERRORS: \"[ENOMEM] Addresses in the range starting at addr and continuing for len bytes are outside the range allowed for the address space of a process or specify one or more pages that are not mapped.\"",
            "not yet written"),
        Why("POSIX mlock(), ERRORS: \"[ENOMEM] Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages in the address space of the process.\"",
            "not yet written (resource-limit family: mlock, mlockall, RLIMIT_MEMLOCK)"),
        By("POSIX mlock(), ERRORS: \"[EAGAIN] Some or all of the memory identified by the operation could not be locked when the call was made.\"",
            "mmap.limit.mlock-memlock"),
        // ---- msync() ----
        By("POSIX msync(), DESCRIPTION: \"The msync() function shall write all modified data to permanent storage locations, if any, in those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes.\"",
            "msync.sync.visible-to-read", "msync.async.visible-to-read"),
        Why("POSIX msync(), DESCRIPTION: \"If msync() causes any write to a file, the file's last data modification and last file status change timestamps shall be marked for update.\"",
            "covered only through mmap()'s timestamp rule (msync.mtime.*): which write msync() itself caused is not observable apart"),
        // ---- pipes and FIFOs ----
        Why("POSIX pipe(), ERRORS: \"[ENFILE] The number of simultaneously open files in the system would exceed a system-imposed limit.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        // ---- message queues ----
        Why("POSIX mq_open(), ERRORS: \"[ENFILE] Too many message queues are currently open in the system.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        Why("POSIX mq_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new message queue.\"",
            "not yet written (RLIMIT_MSGQUEUE lowered in a helper)"),
        Why("POSIX mq_close(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\"",
            "not yet written"),
        // ---- shared memory ----
        Why("POSIX shm_open(), ERRORS: \"[ENFILE] Too many shared memory objects are currently open in the system.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        Why("POSIX shm_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new shared memory object.\"",
            "filling /dev/shm would disturb every other process on the machine"),
    ];
}

namespace IpcBench.Conformance.Cases;

public static partial class UntestedRequirements
{
    /// <summary>Requirements of mmap(), munmap(), msync(), mprotect() and the mlock family as they bear on mappings that no case quotes.</summary>
    static IReadOnlyList<Row> Mapping =>
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
        Todo("POSIX mprotect(), ERRORS: \"[ENOMEM] Addresses in the range starting at addr and continuing for len bytes are outside the range allowed for the address space of a process or specify one or more pages that are not mapped.\"",
            "mprotect over a range with an unmapped page in it: ENOMEM"),
        Todo("POSIX mlock(), ERRORS: \"[ENOMEM] Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages in the address space of the process.\"",
            "mlock over a range with an unmapped page in it: ENOMEM"),
        By("POSIX mlock(), ERRORS: \"[EAGAIN] Some or all of the memory identified by the operation could not be locked when the call was made.\"",
            "mmap.limit.mlock-memlock"),
        // ---- msync() ----
        By("POSIX msync(), DESCRIPTION: \"The msync() function shall write all modified data to permanent storage locations, if any, in those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes.\"",
            "msync.sync.visible-to-read", "msync.async.visible-to-read"),
        Why("POSIX msync(), DESCRIPTION: \"If msync() causes any write to a file, the file's last data modification and last file status change timestamps shall be marked for update.\"",
            "covered only through mmap()'s timestamp rule (msync.mtime.*): which write msync() itself caused is not observable apart"),
    ];
}

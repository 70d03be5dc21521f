using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>msync() (native/ipcprobe/CASES.md, "msync").</summary>
public static class MsyncCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Msync, Reference = reference, Expected = expected };

    static readonly Expectation FsMagic = Expectation.Irrelevant("names the file system, whose timestamp granularity explains the times", "fs_magic");

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("msync.sync.visible-to-read", "POSIX msync(), DESCRIPTION: \"When MS_ASYNC is specified, msync() shall return immediately once all the write operations are initiated or queued for servicing; when MS_SYNC is specified, msync() shall not return until all write operations are completed as defined for synchronized I/O data integrity completion.\" (MS_SYNC)",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.SyncVisibleToRead, MonoPosix = MonoPosixChecks.MsyncSyncVisibleToRead },
        C("msync.sync.cleans-dirty-pages", "POSIX msync(), DESCRIPTION: \"When MS_ASYNC is specified, msync() shall return immediately once all the write operations are initiated or queued for servicing; when MS_SYNC is specified, msync() shall not return until all write operations are completed as defined for synchronized I/O data integrity completion.\" (the mapping's dirty pages, from /proc/self/smaps, before and after MS_SYNC: written back, none is left dirty)",
            Returns("msync", 0) & Computed("dirty_before_kb", "4 pages in kB", o => 4 * PageSize(o) / 1024) & Is("dirty_after_kb", 0) & Inputs("length")
                & Expectation.Irrelevant("names the file system, which decides whether there is anything to write back", "fs_magic"))
            with { UnsupportedWhen = (Is("fs_magic", "0x1021994"), "the file is on tmpfs, which has no backing store to write back to: its pages stay dirty in memory") },
        C("msync.async.visible-to-read", "POSIX msync(), DESCRIPTION: \"When MS_ASYNC is specified, msync() shall return immediately once all the write operations are initiated or queued for servicing; when MS_SYNC is specified, msync() shall not return until all write operations are completed as defined for synchronized I/O data integrity completion.\" (MS_ASYNC)",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.AsyncVisibleToRead, MonoPosix = MonoPosixChecks.MsyncAsyncVisibleToRead },
        C("msync.invalidate.after-write", "POSIX msync(), DESCRIPTION: \"When MS_INVALIDATE is specified, msync() shall invalidate all cached copies of mapped data that are inconsistent with the permanent storage locations such that subsequent references shall obtain data that was consistent with the permanent storage locations sometime between the call to msync() and the first subsequent memory reference to the data.\"",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.InvalidateAfterWrite },
        C("msync.invalidate.with-sync", "POSIX msync(), DESCRIPTION: \"When MS_INVALIDATE is specified, msync() shall invalidate all cached copies of mapped data that are inconsistent with the permanent storage locations such that subsequent references shall obtain data that was consistent with the permanent storage locations sometime between the call to msync() and the first subsequent memory reference to the data.\" (with MS_SYNC)",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.InvalidateWithSync },
        C("msync.err.sync-and-async", "POSIX msync(), ERRORS: \"[EINVAL] The value of flags is invalid.\" (MS_SYNC|MS_ASYNC)",
            Fails("msync", "EINVAL") & Inputs("flags"))
            with { Managed = MsyncChecks.ErrSyncAndAsync, MonoPosix = MonoPosixChecks.MsyncErrSyncAndAsync },
        C("msync.err.unknown-flag", "POSIX msync(), ERRORS: \"[EINVAL] The value of flags is invalid.\" (an undefined bit)",
            Fails("msync", "EINVAL") & Inputs("flags"))
            with { Managed = MsyncChecks.ErrUnknownFlag },
        C("msync.err.unaligned-addr", "POSIX msync(), ERRORS: \"[EINVAL] The value of addr is not a multiple of the page size as returned by sysconf().\"",
            Fails("msync", "EINVAL"))
            with { Managed = MsyncChecks.ErrUnalignedAddr, MonoPosix = MonoPosixChecks.MsyncErrUnalignedAddr },
        C("msync.err.unmapped", "POSIX msync(), ERRORS: \"[ENOMEM] The addresses in the range starting at addr and continuing for len bytes are outside the range allowed for the address space of a process or specify one or more pages that are not mapped.\"",
            Fails("msync", "ENOMEM"))
            with { Managed = MsyncChecks.ErrUnmapped, MonoPosix = MonoPosixChecks.MsyncErrUnmapped },
        C("msync.err.partly-unmapped", "POSIX msync(), ERRORS: \"[ENOMEM] The addresses in the range starting at addr and continuing for len bytes are outside the range allowed for the address space of a process or specify one or more pages that are not mapped.\" (part of the range)",
            Fails("msync", "ENOMEM"))
            with { Managed = MsyncChecks.ErrPartlyUnmapped },
        C("msync.err.invalidate-locked", "POSIX msync(), ERRORS: \"[EBUSY] Some or all of the addresses in the range starting at addr and continuing for len bytes are locked, and MS_INVALIDATE is specified.\"",
            Returns("mlock", 0) & Fails("msync", "EBUSY")),
        C("msync.flags.zero", "Linux msync(2), NOTES: \"Since Linux 2.6.19, MS_ASYNC is in fact a no-op, since the kernel properly tracks dirty pages and flushes them to storage as necessary.\" (flags 0 is accepted like MS_ASYNC)",
            Returns("msync", 0) & Inputs("flags"))
            with { DepartsFrom = "POSIX msync(): either MS_ASYNC or MS_SYNC must be specified ([EINVAL] The value of flags is invalid)", Managed = MsyncChecks.FlagsZero, MonoPosix = MonoPosixChecks.MsyncFlagsZero },
        C("msync.zero-length", "Linux msync(2), DESCRIPTION: \"msync() flushes changes made to the in-core copy of a file that was mapped into memory using mmap(2) back to the filesystem.\" (a zero length flushes nothing and succeeds)",
            Returns("msync", 0))
            with { Managed = MsyncChecks.ZeroLength, MonoPosix = MonoPosixChecks.MsyncZeroLength },
        C("msync.anon", "Linux msync(2), DESCRIPTION: \"msync() flushes changes made to the in-core copy of a file that was mapped into memory using mmap(2) back to the filesystem.\" (an anonymous range has nothing to flush and succeeds)",
            Returns("msync", 0))
            with { Managed = MsyncChecks.Anon, MonoPosix = MonoPosixChecks.MsyncAnon },
        C("msync.private.not-in-file", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\" (msync(MS_SYNC) included)",
            Returns("msync", 0) & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { Managed = MsyncChecks.PrivateNotInFile },
        C("msync.mtime.updated", "POSIX mmap(), DESCRIPTION: \"The last data modification and last file status change timestamps of a file that is mapped with MAP_SHARED and PROT_WRITE shall be marked for update at some point in the interval between a write reference to the mapped region and the next call to msync() with MS_ASYNC or MS_SYNC for that portion of the file by any process.\" (MS_SYNC)",
            Returns("msync", 0) & Advanced("mtime") & Advanced("ctime") & FsMagic),
        C("msync.mtime.async", "POSIX mmap(), DESCRIPTION: \"The last data modification and last file status change timestamps of a file that is mapped with MAP_SHARED and PROT_WRITE shall be marked for update at some point in the interval between a write reference to the mapped region and the next call to msync() with MS_ASYNC or MS_SYNC for that portion of the file by any process.\" (MS_ASYNC)",
            Returns("msync", 0) & Advanced("mtime") & Advanced("ctime") & FsMagic),
        C("msync.mtime.before-msync", "POSIX mmap(), DESCRIPTION: \"The last data modification and last file status change timestamps of a file that is mapped with MAP_SHARED and PROT_WRITE shall be marked for update at some point in the interval between a write reference to the mapped region and the next call to msync() with MS_ASYNC or MS_SYNC for that portion of the file by any process.\" (Linux marks them at the write fault)",
            Advanced("mtime") & FsMagic)
            with { DepartsFrom = "POSIX mmap(): st_mtime is only promised to be updated by the next msync() after the write reference" },
        new() { Id = "msync.atime.read-reference", Interface = CaseInterface.Mmap,
            Reference = "POSIX mmap(), DESCRIPTION: \"The initial read or write reference to a mapped region shall cause the file's last data access timestamp to be marked for update if it has not already been marked for update.\" (atime set 2 days back, a byte read through a PROT_READ MAP_SHARED mapping, fstat; Linux marks it already at mmap())",
            Expected = Reads("read", 'A') & Advanced("atime") & IsFalse("noatime") & FsMagic,
            UnsupportedWhen = (IsTrue("noatime"), "the temporary directory is on a noatime mount: the access timestamp is never updated there") },
    ];
}

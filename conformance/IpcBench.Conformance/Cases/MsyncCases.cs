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
        C("msync.sync.visible-to-read", "POSIX msync(): MS_SYNC: the data is written to the object before msync() returns",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.SyncVisibleToRead, MonoPosix = MonoPosixChecks.MsyncSyncVisibleToRead },
        C("msync.async.visible-to-read", "POSIX msync(): MS_ASYNC: the write is scheduled; on Linux the page cache already holds it",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.AsyncVisibleToRead, MonoPosix = MonoPosixChecks.MsyncAsyncVisibleToRead },
        C("msync.invalidate.after-write", "POSIX msync(): MS_INVALIDATE: later references obtain data consistent with the object (a write() to the file shows in the mapping)",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.InvalidateAfterWrite },
        C("msync.invalidate.with-sync", "POSIX msync(): MS_SYNC|MS_INVALIDATE writes the mapping out and keeps it consistent",
            Returns("msync", 0) & SeesWritten())
            with { Managed = MsyncChecks.InvalidateWithSync },
        C("msync.err.sync-and-async", "POSIX msync(): [EINVAL] both MS_SYNC and MS_ASYNC are set",
            Fails("msync", "EINVAL") & Inputs("flags"))
            with { Managed = MsyncChecks.ErrSyncAndAsync, MonoPosix = MonoPosixChecks.MsyncErrSyncAndAsync },
        C("msync.err.unknown-flag", "POSIX msync(): [EINVAL] The value of flags is invalid (an undefined bit)",
            Fails("msync", "EINVAL") & Inputs("flags"))
            with { Managed = MsyncChecks.ErrUnknownFlag },
        C("msync.err.unaligned-addr", "POSIX msync(): [EINVAL] The value of addr is not a multiple of the page size",
            Fails("msync", "EINVAL"))
            with { Managed = MsyncChecks.ErrUnalignedAddr, MonoPosix = MonoPosixChecks.MsyncErrUnalignedAddr },
        C("msync.err.unmapped", "POSIX msync(): [ENOMEM] The addresses in the range specify one or more pages that are not mapped",
            Fails("msync", "ENOMEM"))
            with { Managed = MsyncChecks.ErrUnmapped, MonoPosix = MonoPosixChecks.MsyncErrUnmapped },
        C("msync.err.partly-unmapped", "POSIX msync(): [ENOMEM] one or more pages of the range are not mapped",
            Fails("msync", "ENOMEM"))
            with { Managed = MsyncChecks.ErrPartlyUnmapped },
        C("msync.err.invalidate-locked", "POSIX msync(): [EBUSY] Some or all of the addresses in the range are locked and MS_INVALIDATE is specified",
            Returns("mlock", 0) & Fails("msync", "EBUSY")),
        C("msync.flags.zero", "msync(2) Linux: flags 0 (neither MS_SYNC nor MS_ASYNC) is accepted, currently like MS_ASYNC",
            Returns("msync", 0) & Inputs("flags"))
            with { DepartsFrom = "POSIX msync(): either MS_ASYNC or MS_SYNC must be specified ([EINVAL] The value of flags is invalid)", Managed = MsyncChecks.FlagsZero, MonoPosix = MonoPosixChecks.MsyncFlagsZero },
        C("msync.zero-length", "msync(2) Linux: a zero length is a successful no-op",
            Returns("msync", 0))
            with { Managed = MsyncChecks.ZeroLength, MonoPosix = MonoPosixChecks.MsyncZeroLength },
        C("msync.anon", "msync(2) Linux: msync() of a mapped anonymous range succeeds (nothing to write)",
            Returns("msync", 0))
            with { Managed = MsyncChecks.Anon, MonoPosix = MonoPosixChecks.MsyncAnon },
        C("msync.private.not-in-file", "POSIX mmap(): MAP_PRIVATE modifications never change the object, msync(MS_SYNC) included",
            Returns("msync", 0) & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { Managed = MsyncChecks.PrivateNotInFile },
        C("msync.mtime.updated", "POSIX mmap(): st_mtime of a MAP_SHARED, PROT_WRITE file is marked for update between a write reference and the next msync() with MS_SYNC",
            Returns("msync", 0) & Advanced("mtime") & Advanced("ctime") & FsMagic),
        C("msync.mtime.async", "POSIX mmap(): st_mtime is marked for update by the next msync() with MS_ASYNC too",
            Returns("msync", 0) & Advanced("mtime") & Advanced("ctime") & FsMagic),
        C("msync.mtime.before-msync", "mmap(2) Linux: st_mtime is updated at the first write fault, before any msync()",
            Advanced("mtime") & FsMagic)
            with { DepartsFrom = "POSIX mmap(): st_mtime is only promised to be updated by the next msync() after the write reference" },
    ];
}

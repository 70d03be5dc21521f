using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>munmap() (native/ipcprobe/CASES.md, "munmap").</summary>
public static class MunmapCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Munmap, Reference = reference, Expected = expected };

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("munmap.full.access-faults", "POSIX munmap(), DESCRIPTION: \"Further references to these pages shall result in the generation of a SIGSEGV signal to the process.\"",
            Returns("munmap", 0) & Faults("read", "SIGSEGV", "SEGV_MAPERR") & Is("read_si_addr_off", 0)),
        C("munmap.partial.middle-page", "POSIX munmap(), DESCRIPTION: \"The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes.\" (the middle page of three)",
            Returns("munmap", 0) & Reads("read_p0", 0x11) & Faults("read_p1", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p2", 0x33)),
        C("munmap.partial.first-page", "POSIX munmap(), DESCRIPTION: \"The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes.\" (the first page of two)",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p1", 0x22)),
        C("munmap.unmapped-range", "POSIX munmap(), DESCRIPTION: \"If there are no mappings in the specified address range, then munmap() has no effect.\"",
            Returns("munmap", 0))
            with { Managed = MunmapChecks.UnmappedRange, MonoPosix = MonoPosixChecks.MunmapUnmappedRange },
        C("munmap.twice", "POSIX munmap(), DESCRIPTION: \"If there are no mappings in the specified address range, then munmap() has no effect.\" (the second munmap() of a range)",
            Returns("munmap", 0))
            with { Managed = MunmapChecks.Twice, MonoPosix = MonoPosixChecks.MunmapTwice },
        C("munmap.err.unaligned-addr", "POSIX munmap(), ERRORS: \"[EINVAL] The addr argument is not a multiple of the page size as returned by sysconf().\"",
            Fails("munmap", "EINVAL"))
            with { Managed = MunmapChecks.ErrUnalignedAddr, MonoPosix = MonoPosixChecks.MunmapErrUnalignedAddr },
        C("munmap.err.zero-length", "POSIX munmap(), ERRORS: \"[EINVAL] The len argument is 0.\"",
            Fails("munmap", "EINVAL"))
            with { Managed = MunmapChecks.ErrZeroLength, MonoPosix = MonoPosixChecks.MunmapErrZeroLength },
        C("munmap.len.unaligned-rounds-up", "POSIX munmap(), DESCRIPTION: \"The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes.\" (len not a page multiple)",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p1", 0x44)),
        C("munmap.span-two-mappings", "POSIX munmap(), DESCRIPTION: \"The munmap() function shall remove any mappings for those entire pages containing any part of the address space of the process starting at addr and continuing for len bytes.\" (two mappings in one range)",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Faults("read_p1", "SIGSEGV", "SEGV_MAPERR")),
        C("munmap.private.changes-discarded", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\" (after munmap())",
            Returns("munmap", 0) & SeesOriginal() & SeesOriginal("file_hex") & Differ("original_hex", "written_hex"))
            with { Managed = MunmapChecks.PrivateChangesDiscarded },
        C("munmap.shared.changes-kept", "POSIX mmap(), DESCRIPTION: \"If MAP_SHARED is specified, write references shall change the underlying object.\" (still in the object after munmap())",
            Returns("munmap", 0) & SeesWritten())
            with { Managed = MunmapChecks.SharedChangesKept, MonoPosix = MonoPosixChecks.MunmapSharedChangesKept },
        C("munmap.err.range-wraps", "POSIX munmap(), ERRORS: \"[EINVAL] Addresses in the range [addr,addr+len) are outside the valid range for the address space of a process.\"",
            Fails("munmap", "EINVAL")),
        C("munmap.last-mapping-releases-file", "POSIX mmap(), DESCRIPTION: \"This reference shall be removed when there are no more mappings to the file.\" (inotify on the file: no IN_CLOSE event at close() of the descriptor, one IN_CLOSE_NOWRITE at munmap() of the last mapping)",
            Returns("close", 0) & Is("events_after_close", 0) & Returns("munmap", 0) & Is("events_after_munmap", 1) & Is("event", "IN_CLOSE_NOWRITE")),
    ];
}

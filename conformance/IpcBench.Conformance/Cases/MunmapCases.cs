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
        C("munmap.full.access-faults", "POSIX munmap(): further references to pages of a removed mapping shall result in SIGSEGV",
            Returns("munmap", 0) & Faults("read", "SIGSEGV", "SEGV_MAPERR") & Is("read_si_addr_off", 0)),
        C("munmap.partial.middle-page", "POSIX munmap(): only the pages in the range are removed; the pages around keep their contents",
            Returns("munmap", 0) & Reads("read_p0", 0x11) & Faults("read_p1", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p2", 0x33)),
        C("munmap.partial.first-page", "POSIX munmap(): removing the first page of a mapping leaves the rest mapped",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p1", 0x22)),
        C("munmap.unmapped-range", "POSIX munmap(): if there are no mappings in the specified address range, munmap() has no effect (and succeeds)",
            Returns("munmap", 0))
            with { Managed = MunmapChecks.UnmappedRange, MonoPosix = MonoPosixChecks.MunmapUnmappedRange },
        C("munmap.twice", "POSIX munmap(): unmapping an already removed range has no effect (and succeeds)",
            Returns("munmap", 0))
            with { Managed = MunmapChecks.Twice, MonoPosix = MonoPosixChecks.MunmapTwice },
        C("munmap.err.unaligned-addr", "POSIX munmap(): [EINVAL] The addr argument is not a multiple of the page size",
            Fails("munmap", "EINVAL"))
            with { Managed = MunmapChecks.ErrUnalignedAddr, MonoPosix = MonoPosixChecks.MunmapErrUnalignedAddr },
        C("munmap.err.zero-length", "POSIX munmap(): [EINVAL] The len argument is 0",
            Fails("munmap", "EINVAL"))
            with { Managed = MunmapChecks.ErrZeroLength, MonoPosix = MonoPosixChecks.MunmapErrZeroLength },
        C("munmap.len.unaligned-rounds-up", "POSIX munmap(): removes the mappings for the entire pages containing any part of [addr, addr+len)",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Reads("read_p1", 0x44)),
        C("munmap.span-two-mappings", "POSIX munmap(): one call removes every mapping in the range, whichever mmap() made them",
            Returns("munmap", 0) & Faults("read_p0", "SIGSEGV", "SEGV_MAPERR") & Faults("read_p1", "SIGSEGV", "SEGV_MAPERR")),
        C("munmap.private.changes-discarded", "POSIX mmap(): MAP_PRIVATE modifications never reach the object: after munmap() a new mapping and the file show the original",
            Returns("munmap", 0) & SeesOriginal() & SeesOriginal("file_hex") & Differ("original_hex", "written_hex"))
            with { Managed = MunmapChecks.PrivateChangesDiscarded },
        C("munmap.shared.changes-kept", "POSIX munmap(): MAP_SHARED modifications made before munmap() are in the object afterwards",
            Returns("munmap", 0) & SeesWritten())
            with { Managed = MunmapChecks.SharedChangesKept, MonoPosix = MonoPosixChecks.MunmapSharedChangesKept },
        C("munmap.err.range-wraps", "POSIX munmap(): [EINVAL] Addresses in the range [addr,addr+len) are outside the valid range for the address space of a process",
            Fails("munmap", "EINVAL")),
    ];
}

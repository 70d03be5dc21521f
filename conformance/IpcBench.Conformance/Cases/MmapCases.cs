using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>
/// mmap(): data paths, flags, protections, signals, offsets. The test file is 2 pages of
/// 'A'..'Z' repeating (native/ipcprobe/CASES.md, "mmap").
/// </summary>
public static class MmapCases
{
    const string PosixPrivateUnspecified =
        "POSIX mmap(): it is unspecified whether modifications to the underlying object done after the MAP_PRIVATE mapping is established are visible through the MAP_PRIVATE mapping";
    const string Beyond32BitOffT = "this ABI's 32-bit off_t cannot express the offset (no call made); the i686-lfs build (mmap64) covers it";

    /// <summary>
    /// The probe's <c>representable</c> is right: the offset fits this ABI's off_t exactly when
    /// off_t has 64 bits or the offset is within [-2^31, 2^31).
    /// </summary>
    static readonly Expectation Representable = That("representable == (off_t_bits == 64 or offset fits 32 bits)",
        o => o.Int("offset") is { } off && o.Bool("representable") == ((o.Int("off_t_bits") ?? 64) == 64 || off is >= int.MinValue and <= int.MaxValue),
        "offset", "representable", "off_t_bits");

    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Mmap, Reference = reference, Expected = expected };

    static readonly Version Linux4_15 = new(4, 15);
    static readonly Version Linux4_17 = new(4, 17);

    public static IEnumerable<ConformanceCase> All() =>
    [
        // ---- MAP_SHARED data paths ----
        C("mmap.shared.visible-to-read", "POSIX mmap(): if MAP_SHARED is specified, write references shall change the underlying object",
            Succeeds("mmap") & Returns("pread", 16) & SeesWritten())
            with { Managed = MmapChecks.SharedVisibleToRead, MonoPosix = MonoPosixChecks.SharedVisibleToRead },
        C("mmap.shared.write-visible-in-map", "POSIX mmap(): a MAP_SHARED mapping shows the underlying object, so writes to the file appear in the mapping",
            Succeeds("mmap") & Returns("pwrite", 16) & SeesWritten())
            with { Managed = MmapChecks.SharedWriteVisibleInMap, MonoPosix = MonoPosixChecks.SharedWriteVisibleInMap },
        C("mmap.shared.visible-across-fork", "POSIX fork(): memory mappings created in the parent shall be retained in the child; MAP_SHARED stores are shared",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.shared.visible-other-process", "POSIX mmap(): MAP_SHARED write references by one process change the object every other mapping shows",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.shared.two-mappings-alias", "POSIX mmap(): two MAP_SHARED mappings of one object alias the same memory",
            Succeeds("mmap") & Succeeds("mmap2") & IsTrue("distinct_addrs") & SeesWritten())
            with { Managed = MmapChecks.TwoMappingsAlias, MonoPosix = MonoPosixChecks.TwoMappingsAlias },
        C("mmap.shared.close-fd-keeps-map", "POSIX mmap(): mmap() adds a reference to the file; closing fildes does not remove the mapping",
            Succeeds("mmap") & Returns("close", 0) & Completes("write") & SeesWritten())
            with { Managed = MmapChecks.CloseFdKeepsMap, MonoPosix = MonoPosixChecks.CloseFdKeepsMap },
        C("mmap.shared.offset-page", "POSIX mmap(): the mapping starts at offset off of the object",
            Succeeds("mmap") & Same("expected_hex", "seen_hex"))
            with { Managed = MmapChecks.OffsetPage, MonoPosix = MonoPosixChecks.OffsetPage },

        // ---- MAP_PRIVATE ----
        C("mmap.private.not-in-file", "POSIX mmap(): MAP_PRIVATE modifications shall be visible only to the calling process and shall not change the underlying object",
            Succeeds("mmap") & SeesOriginal() & Same("written_hex", "map_hex"))
            with { Managed = MmapChecks.PrivateNotInFile, MonoPosix = MonoPosixChecks.PrivateNotInFile },
        C("mmap.private.not-in-shared-map", "POSIX mmap(): MAP_PRIVATE modifications shall not change the underlying object (a MAP_SHARED mapping of it)",
            Succeeds("mmap") & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { Managed = MmapChecks.PrivateNotInSharedMap },
        C("mmap.private.not-across-fork", "POSIX mmap(): MAP_PRIVATE modifications shall be visible only to the process that made them (not the parent)",
            Succeeds("mmap") & ChildExits(0) & SeesOriginal() & Differ("original_hex", "written_hex")),
        C("mmap.private.untouched-tracks-file", "mmap(2) Linux: an untouched MAP_PRIVATE page shows later writes to the file (until copied on write)",
            Succeeds("mmap") & SeesWritten() & Differ("original_hex", "written_hex"))
            with { DepartsFrom = PosixPrivateUnspecified, Managed = MmapChecks.PrivateUntouchedTracksFile },
        C("mmap.private.cow-detached", "mmap(2) Linux: a MAP_PRIVATE page once written is a private copy; later writes to the file no longer show",
            Succeeds("mmap") & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { DepartsFrom = PosixPrivateUnspecified, Managed = MmapChecks.PrivateCowDetached },

        // ---- MAP_FIXED, MAP_FIXED_NOREPLACE ----
        C("mmap.fixed.replaces", "POSIX mmap(): MAP_FIXED: the mapping shall replace any previous mappings for those whole pages",
            Succeeds("mmap") & IsTrue("same_addr") & Is("value_before", 0x5a) & Is("value_after", 0))
            with { Managed = MmapChecks.FixedReplaces, MonoPosix = MonoPosixChecks.FixedReplaces },
        C("mmap.fixed.replace-middle", "POSIX mmap(): MAP_FIXED replaces only the pages in [pa, pa+len); the pages around keep their contents",
            Succeeds("mmap") & IsTrue("same_addr") & Is("p0_value", 0x11) & Same("file_value", "p1_value") & Is("p2_value", 0x33))
            with { Managed = MmapChecks.FixedReplaceMiddle },
        C("mmap.fixed-noreplace.eexist", "mmap(2) Linux: MAP_FIXED_NOREPLACE (since 4.17): [EEXIST] the range overlaps an existing mapping, which is left intact",
            Fails("mmap", "EEXIST") & IsTrue("contents_intact") & IsFalse("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, UnsupportedWhen = (IsTrue("returned_other"), "the kernel ignored MAP_FIXED_NOREPLACE (older than 4.17)"), Managed = MmapChecks.FixedNoReplaceEexist },
        C("mmap.fixed-noreplace.partial-overlap", "mmap(2) Linux: MAP_FIXED_NOREPLACE (since 4.17): [EEXIST] even when only part of the range is mapped",
            Fails("mmap", "EEXIST") & IsTrue("contents_intact") & IsFalse("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, UnsupportedWhen = (IsTrue("returned_other"), "the kernel ignored MAP_FIXED_NOREPLACE (older than 4.17)"), Managed = MmapChecks.FixedNoReplacePartialOverlap },
        C("mmap.fixed-noreplace.free-range", "mmap(2) Linux: MAP_FIXED_NOREPLACE (since 4.17): a free range is mapped exactly at addr",
            Succeeds("mmap") & IsTrue("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, Managed = MmapChecks.FixedNoReplaceFreeRange },

        // ---- MAP_SHARED_VALIDATE, unknown flags ----
        C("mmap.shared-validate.unknown-flag", "mmap(2) Linux: MAP_SHARED_VALIDATE (since 4.15): [EOPNOTSUPP] unknown flags are rejected",
            Fails("mmap", "EOPNOTSUPP") & Inputs("flags"))
            with { MinKernel = Linux4_15, Managed = MmapChecks.SharedValidateUnknownFlag },
        C("mmap.shared.unknown-flag-ignored", "mmap(2) Linux: MAP_SHARED ignores unknown flags (the reason MAP_SHARED_VALIDATE exists)",
            Succeeds("mmap") & Inputs("flags"))
            with { Managed = MmapChecks.SharedUnknownFlagIgnored },
        C("mmap.shared-validate.plain", "mmap(2) Linux: MAP_SHARED_VALIDATE (since 4.15) without extra flags behaves as MAP_SHARED",
            Succeeds("mmap") & Returns("pread", 16) & SeesWritten())
            with { MinKernel = Linux4_15, Managed = MmapChecks.SharedValidatePlain },
        C("mmap.shared-validate.map-sync-non-dax", "mmap(2) Linux: MAP_SYNC (since 4.15) on a file without DAX: [EOPNOTSUPP]",
            Fails("mmap", "EOPNOTSUPP") & Inputs("flags")
            & Expectation.Irrelevant("names the file system, to show it is not DAX", "fs_magic"))
            with { MinKernel = Linux4_15, Managed = MmapChecks.MapSyncNonDax },

        // ---- MAP_ANONYMOUS ----
        C("mmap.anon.private-zeroed", "mmap(2): MAP_ANONYMOUS: the mapping is not backed by a file and its contents are initialized to zero",
            Succeeds("mmap") & Is("nonzero_bytes", 0) & Inputs("length"))
            with { Managed = MmapChecks.AnonPrivateZeroed, MonoPosix = MonoPosixChecks.AnonPrivateZeroed },
        C("mmap.anon.shared-zeroed", "mmap(2): MAP_SHARED|MAP_ANONYMOUS: contents initialized to zero",
            Succeeds("mmap") & Is("nonzero_bytes", 0) & Inputs("length"))
            with { Managed = MmapChecks.AnonSharedZeroed, MonoPosix = MonoPosixChecks.AnonSharedZeroed },
        C("mmap.anon.shared-across-fork", "mmap(2): MAP_SHARED|MAP_ANONYMOUS memory is shared with children created by fork()",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.anon.private-across-fork", "POSIX fork(): MAP_PRIVATE memory is copied: the child's stores are not seen by the parent",
            Succeeds("mmap") & ChildExits(0) & AllZero("seen_hex") & Differ("written_hex", "seen_hex")),
        C("mmap.anon.fd-ignored", "mmap(2) Linux: with MAP_ANONYMOUS the fd argument is ignored (portable code passes -1)",
            Succeeds("mmap") & Is("nonzero_bytes", 0))
            with { Managed = MmapChecks.AnonFdIgnored },

        // ---- protections (private anonymous page; x86: write implies read, NX for exec) ----
        C("mmap.prot.none", "POSIX mmap(): PROT_NONE: data cannot be accessed (SIGSEGV)",
            Succeeds("mmap") & Faults("read", "SIGSEGV", "SEGV_ACCERR") & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.r", "POSIX mmap(): PROT_READ: data can be read; the implementation shall not permit a write where PROT_WRITE is not set",
            Succeeds("mmap") & Reads("read", 0xC3) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.w", "mmap(2) Linux x86: PROT_WRITE alone also permits reads (the page tables cannot express write-only); no exec (NX)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): PROT_WRITE alone asks that data can be written (an implementation may permit other accesses)" },
        C("mmap.prot.x", "mmap(2) Linux x86: PROT_EXEC alone: code runs; reads are allowed unless protection keys make the page execute-only (SEGV_PKUERR)",
            Succeeds("mmap") & (Reads("read", 0xC3) | Faults("read", "SIGSEGV", "SEGV_PKUERR")) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Completes("exec") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): PROT_EXEC alone asks that data can be executed (an implementation may permit other accesses)" },
        C("mmap.prot.rw", "POSIX mmap(): PROT_READ|PROT_WRITE: read and write; without PROT_EXEC code does not run (NX)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.rx", "POSIX mmap(): PROT_READ|PROT_EXEC: read and execute; a write is not permitted",
            Succeeds("mmap") & Reads("read", 0xC3) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Completes("exec") & Inputs("prot")),
        C("mmap.prot.wx", "mmap(2) Linux x86: PROT_WRITE|PROT_EXEC also permits reads",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Completes("exec") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): PROT_WRITE|PROT_EXEC asks for write and execute only (an implementation may permit other accesses)" },
        C("mmap.prot.rwx", "POSIX mmap(): PROT_READ|PROT_WRITE|PROT_EXEC: every access is permitted",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Completes("exec") & Inputs("prot")),
        C("mmap.prot.shared-file-read-only", "POSIX mmap(): a write to a PROT_READ mapping shall not be permitted (SIGSEGV)",
            Succeeds("mmap") & Reads("read", 'A') & Faults("write", "SIGSEGV", "SEGV_ACCERR")),
        C("mmap.prot.private-write-rdonly-fd", "POSIX mmap(): [EACCES] needs write access only for MAP_SHARED; MAP_PRIVATE|PROT_WRITE of an O_RDONLY file works and leaves the file alone",
            Succeeds("mmap") & Completes("write") & SeesOriginal())
            with { Managed = MmapChecks.PrivateWriteRdonlyFd },
        C("mmap.prot.mprotect-drop-write", "POSIX mprotect(): after mprotect(PROT_READ) a write shall raise SIGSEGV; reads still work",
            Returns("mprotect", 0) & Completes("write1") & Faults("write2", "SIGSEGV", "SEGV_ACCERR") & Reads("read", 0x42)),
        C("mmap.prot.mprotect-none", "POSIX mprotect(): PROT_NONE: any access raises SIGSEGV",
            Returns("mprotect", 0) & Faults("read", "SIGSEGV", "SEGV_ACCERR") & Is("read_si_addr_off", 0)),
        C("mmap.prot.mprotect-write-shared-rdonly-fd", "POSIX mprotect(): [EACCES] prot violates the access the process has to the object (MAP_SHARED of an O_RDONLY file)",
            Succeeds("mmap") & Fails("mprotect", "EACCES"))
            with { Managed = MmapChecks.MprotectWriteSharedRdonlyFd, MonoPosix = MonoPosixChecks.MprotectWriteSharedRdonlyFd },

        // ---- signals ----
        C("mmap.sigsegv.unmapped", "POSIX signal.h: SIGSEGV with SEGV_MAPERR: address not mapped to object",
            Faults("read", "SIGSEGV", "SEGV_MAPERR") & Is("read_si_addr_off", 0)),
        C("mmap.sigbus.beyond-eof", "POSIX mmap(): references to whole pages following the end of an object shall result in delivery of SIGBUS",
            Succeeds("mmap") & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")
            & Faults("read_p2", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p2", o => 2 * PageSize(o) + 8, "2*page_size+8")),
        C("mmap.sigbus.private-beyond-eof", "POSIX mmap(): SIGBUS for whole pages beyond the end of the object, for MAP_PRIVATE too",
            Succeeds("mmap") & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")),
        C("mmap.sigbus.partial-page-no-signal", "POSIX mmap(): the system shall always zero-fill any partial page at the end of an object and never write out modified portions beyond its end",
            Succeeds("mmap") & Reads("read", 0) & Reads("read_last", 0) & Completes("write") & Is("file_size_after", 100) & Returns("pread", 0)),
        C("mmap.sigbus.after-truncate-shrink", "POSIX mmap(): after the object shrinks, references to whole pages beyond its new end raise SIGBUS",
            Succeeds("mmap") & Returns("ftruncate", 0) & Reads("read_p0", 'A') & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")),
        C("mmap.sigbus.truncate-regrow-zeroed", "POSIX ftruncate(): if the file size is increased, the extended area shall appear as if it were zero-filled",
            Succeeds("mmap") & Returns("ftruncate", 0) & Returns("ftruncate2", 0) & Reads("read_p1", 0)),
        C("mmap.sigbus.shm-zero-size", "POSIX shm_open(): a new object has size zero, so touching its mapping raises SIGBUS",
            Succeeds("mmap") & Faults("read", "SIGBUS", "BUS_ADRERR") & Is("read_si_addr_off", 0)),

        // ---- length, address ----
        C("mmap.len.rounded-up", "mmap(2): the mapping covers whole pages: the rest of the last page of an anonymous mapping is usable",
            Succeeds("mmap") & Reads("read", 0) & Completes("write")),
        C("mmap.addr.hint-unaligned", "mmap(2) Linux: a hint addr without MAP_FIXED is only a hint; the mapping is placed on a page boundary",
            Succeeds("mmap") & IsTrue("page_aligned"))
            with { Managed = MmapChecks.AddrHintUnaligned, MonoPosix = MonoPosixChecks.AddrHintUnaligned },
        C("mmap.addr.page-aligned", "POSIX mmap(): the address returned is page aligned (pa is a multiple of the page size)",
            Succeeds("mmap") & IsTrue("page_aligned"))
            with { Managed = MmapChecks.AddrPageAligned, MonoPosix = MonoPosixChecks.AddrPageAligned },

        // ---- offsets and off_t width ----
        C("mmap.offset.below-2g", "POSIX mmap(): a mapping at any page-aligned offset representable in off_t (2^31 - page fits in 32 bits)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten()),
        C("mmap.offset.2g", "POSIX mmap(): a mapping at offset 2^31 (needs a 64-bit off_t: _FILE_OFFSET_BITS=64 on i686)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten())
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT) },
        C("mmap.offset.4g", "POSIX mmap(): a mapping at offset 2^32 (needs a 64-bit off_t)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten())
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT) },
        C("mmap.offset.2pow44", "mmap2(2) Linux: 32-bit processes pass the offset in 4096-byte units in 32 bits: 2^44 cannot be carried ([EINVAL]); 64-bit ones map it",
            Representable & ByLongBits(Succeeds("mmap"), Fails("mmap", "EINVAL")))
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT), DepartsFrom = "POSIX mmap(): any offset representable in off_t may be mapped ([EOVERFLOW] only past the offset maximum)", DepartsOn = o => o.Int("long_bits") == 32, Managed = MmapChecks.Offset2Pow44 },
        C("mmap.offset.2pow44-minus-page", "mmap2(2) Linux: 2^44 - 4096 is the largest offset a 32-bit process can map; it maps on every ABI with a 64-bit off_t",
            Representable & Succeeds("mmap"))
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT), Managed = MmapChecks.Offset2Pow44MinusPage },
        C("mmap.offset.negative", "POSIX mmap(): [EINVAL] off is considered invalid, or [EOVERFLOW] off plus len exceeds the offset maximum; i386 glibc: mmap2 takes a 32-bit off_t as unsigned pages, so -page maps at 2^32 - page",
            Representable & ByAbi(FailsWithOneOf("mmap", "EINVAL", "EOVERFLOW"), Succeeds("mmap"), FailsWithOneOf("mmap", "EINVAL", "EOVERFLOW")))
            with { DepartsFrom = "POSIX mmap(): a negative off is invalid ([EINVAL]) or out of range ([EOVERFLOW])", DepartsOn = o => o.Str("abi") == "i686", Managed = MmapChecks.OffsetNegative, MonoPosix = MonoPosixChecks.OffsetNegative },
        C("mmap.offset.max-off-t", "POSIX mmap(): [EOVERFLOW] off plus len exceeds the offset maximum of the open file description; Linux i386 maps past the 32-bit off_t maximum (mmap2 counts pages)",
            Representable & Inputs("length") & ByAbi(FailsWithOneOf("mmap", "EOVERFLOW", "EINVAL"), Succeeds("mmap"), FailsWithOneOf("mmap", "EOVERFLOW", "EINVAL")))
            with { DepartsFrom = "POSIX mmap(): [EOVERFLOW] The file is a regular file and the value of off plus len exceeds the offset maximum established in the open file description", DepartsOn = o => o.Str("abi") == "i686", Managed = MmapChecks.OffsetMaxOffT },

        .. MmapErrorCases.All(),
    ];
}

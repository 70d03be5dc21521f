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
        C("mmap.shared.visible-to-read", "POSIX mmap(), DESCRIPTION: \"If MAP_SHARED is specified, write references shall change the underlying object.\"",
            Succeeds("mmap") & Returns("pread", 16) & SeesWritten())
            with { Managed = MmapChecks.SharedVisibleToRead, MonoPosix = MonoPosixChecks.SharedVisibleToRead },
        C("mmap.shared.write-visible-in-map", "POSIX mmap(), DESCRIPTION: \"If MAP_SHARED is specified, write references shall change the underlying object.\" (a write() to the file shows through the mapping)",
            Succeeds("mmap") & Returns("pwrite", 16) & SeesWritten())
            with { Managed = MmapChecks.SharedWriteVisibleInMap, MonoPosix = MonoPosixChecks.SharedWriteVisibleInMap },
        C("mmap.shared.visible-across-fork", "POSIX fork(), DESCRIPTION: \"Memory mappings created in the parent shall be retained in the child process.\"",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.shared.visible-other-process", "POSIX mmap(), DESCRIPTION: \"If MAP_SHARED is specified, write references shall change the underlying object.\" (a store by another process)",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.shared.two-mappings-alias", "POSIX mmap(), DESCRIPTION: \"If MAP_SHARED is specified, write references shall change the underlying object.\" (two mappings in one process)",
            Succeeds("mmap") & Succeeds("mmap2") & IsTrue("distinct_addrs") & SeesWritten())
            with { Managed = MmapChecks.TwoMappingsAlias, MonoPosix = MonoPosixChecks.TwoMappingsAlias },
        C("mmap.shared.close-fd-keeps-map", "POSIX mmap(), DESCRIPTION: \"The mmap() function shall add an extra reference to the file associated with the file descriptor fildes which is not removed by a subsequent close() on that file descriptor.\"",
            Succeeds("mmap") & Returns("close", 0) & Completes("write") & SeesWritten())
            with { Managed = MmapChecks.CloseFdKeepsMap, MonoPosix = MonoPosixChecks.CloseFdKeepsMap },
        C("mmap.shared.offset-page", "POSIX mmap(), DESCRIPTION: \"The mmap() function shall establish a mapping between the address space of the process at an address pa for len bytes to the memory object represented by the file descriptor fildes at offset off for len bytes, or to an anonymous memory object of len bytes.\"",
            Succeeds("mmap") & Same("expected_hex", "seen_hex"))
            with { Managed = MmapChecks.OffsetPage, MonoPosix = MonoPosixChecks.OffsetPage },

        // ---- MAP_PRIVATE ----
        C("mmap.private.not-in-file", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\"",
            Succeeds("mmap") & SeesOriginal() & Same("written_hex", "map_hex"))
            with { Managed = MmapChecks.PrivateNotInFile, MonoPosix = MonoPosixChecks.PrivateNotInFile },
        C("mmap.private.not-in-shared-map", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\" (seen through a MAP_SHARED mapping)",
            Succeeds("mmap") & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { Managed = MmapChecks.PrivateNotInSharedMap },
        C("mmap.private.not-across-fork", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\" (a store by a child)",
            Succeeds("mmap") & ChildExits(0) & SeesOriginal() & Differ("original_hex", "written_hex")),
        C("mmap.private.untouched-tracks-file", "POSIX mmap(), DESCRIPTION: \"It is unspecified whether modifications to the underlying object done after the MAP_PRIVATE mapping is established are visible through the MAP_PRIVATE mapping.\" (Linux: an untouched page shows the write)",
            Succeeds("mmap") & SeesWritten() & Differ("original_hex", "written_hex"))
            with { DepartsFrom = PosixPrivateUnspecified, Managed = MmapChecks.PrivateUntouchedTracksFile },
        C("mmap.private.cow-detached", "POSIX mmap(), DESCRIPTION: \"It is unspecified whether modifications to the underlying object done after the MAP_PRIVATE mapping is established are visible through the MAP_PRIVATE mapping.\" (Linux: a page once written no longer shows it)",
            Succeeds("mmap") & SeesOriginal() & Differ("original_hex", "written_hex"))
            with { DepartsFrom = PosixPrivateUnspecified, Managed = MmapChecks.PrivateCowDetached },

        // ---- MAP_FIXED, MAP_FIXED_NOREPLACE ----
        C("mmap.fixed.replaces", "POSIX mmap(), DESCRIPTION: \"If a MAP_FIXED request is successful, then any previous mappings or memory locks for those whole pages containing any part of the address range [pa,pa+len) shall be removed, as if by an appropriate call to munmap(), before the new mapping is established.\"",
            Succeeds("mmap") & IsTrue("same_addr") & Is("value_before", 0x5a) & Is("value_after", 0))
            with { Managed = MmapChecks.FixedReplaces, MonoPosix = MonoPosixChecks.FixedReplaces },
        C("mmap.fixed.replace-middle", "POSIX mmap(), DESCRIPTION: \"If a MAP_FIXED request is successful, then any previous mappings or memory locks for those whole pages containing any part of the address range [pa,pa+len) shall be removed, as if by an appropriate call to munmap(), before the new mapping is established.\" (only the middle page)",
            Succeeds("mmap") & IsTrue("same_addr") & Is("p0_value", 0x11) & Same("file_value", "p1_value") & Is("p2_value", 0x33))
            with { Managed = MmapChecks.FixedReplaceMiddle },
        C("mmap.fixed-noreplace.eexist", "Linux mmap(2), ERRORS: \"EEXIST MAP_FIXED_NOREPLACE was specified in flags, and the range covered by addr and length clashes with an existing mapping.\"",
            Fails("mmap", "EEXIST") & IsTrue("contents_intact") & IsFalse("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, UnsupportedWhen = (IsTrue("returned_other"), "the kernel ignored MAP_FIXED_NOREPLACE (older than 4.17)"), Managed = MmapChecks.FixedNoReplaceEexist },
        C("mmap.fixed-noreplace.partial-overlap", "Linux mmap(2), ERRORS: \"EEXIST MAP_FIXED_NOREPLACE was specified in flags, and the range covered by addr and length clashes with an existing mapping.\" (one page of two overlaps)",
            Fails("mmap", "EEXIST") & IsTrue("contents_intact") & IsFalse("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, UnsupportedWhen = (IsTrue("returned_other"), "the kernel ignored MAP_FIXED_NOREPLACE (older than 4.17)"), Managed = MmapChecks.FixedNoReplacePartialOverlap },
        C("mmap.fixed-noreplace.free-range", "Linux mmap(2), DESCRIPTION: \"MAP_FIXED_NOREPLACE never clobbers a preexisting mapped range.\" (a free range is mapped at addr)",
            Succeeds("mmap") & IsTrue("returned_requested") & IsFalse("returned_other"))
            with { MinKernel = Linux4_17, Managed = MmapChecks.FixedNoReplaceFreeRange },

        // ---- MAP_SHARED_VALIDATE, unknown flags ----
        C("mmap.shared-validate.unknown-flag", "Linux mmap(2), DESCRIPTION: \"By contrast, when creating a mapping using MAP_SHARED_VALIDATE, the kernel verifies all passed flags are known and fails the mapping with the error EOPNOTSUPP for unknown flags.\"",
            Fails("mmap", "EOPNOTSUPP") & Inputs("flags"))
            with { MinKernel = Linux4_15, Managed = MmapChecks.SharedValidateUnknownFlag },
        C("mmap.shared.unknown-flag-ignored", "Linux mmap(2), DESCRIPTION: \"This flag provides the same behavior as MAP_SHARED except that MAP_SHARED mappings ignore unknown flags in flags.\"",
            Succeeds("mmap") & Inputs("flags"))
            with { Managed = MmapChecks.SharedUnknownFlagIgnored },
        C("mmap.shared-validate.plain", "Linux mmap(2), DESCRIPTION: \"This flag provides the same behavior as MAP_SHARED except that MAP_SHARED mappings ignore unknown flags in flags.\" (MAP_SHARED_VALIDATE alone)",
            Succeeds("mmap") & Returns("pread", 16) & SeesWritten())
            with { MinKernel = Linux4_15, Managed = MmapChecks.SharedValidatePlain },
        C("mmap.shared-validate.map-sync-non-dax", "Linux mmap(2), DESCRIPTION: \"For other files, creating a mapping with this flag results in an EOPNOTSUPP error.\" (MAP_SYNC on a file without DAX)",
            Fails("mmap", "EOPNOTSUPP") & Inputs("flags")
            & Expectation.Irrelevant("names the file system, to show it is not DAX", "fs_magic"))
            with { MinKernel = Linux4_15, Managed = MmapChecks.MapSyncNonDax },

        // ---- MAP_ANONYMOUS ----
        C("mmap.anon.private-zeroed", "Linux mmap(2), DESCRIPTION: \"MAP_ANONYMOUS The mapping is not backed by any file; its contents are initialized to zero.\"",
            Succeeds("mmap") & Is("nonzero_bytes", 0) & Inputs("length"))
            with { Managed = MmapChecks.AnonPrivateZeroed, MonoPosix = MonoPosixChecks.AnonPrivateZeroed },
        C("mmap.anon.shared-zeroed", "Linux mmap(2), DESCRIPTION: \"MAP_ANONYMOUS The mapping is not backed by any file; its contents are initialized to zero.\" (MAP_SHARED)",
            Succeeds("mmap") & Is("nonzero_bytes", 0) & Inputs("length"))
            with { Managed = MmapChecks.AnonSharedZeroed, MonoPosix = MonoPosixChecks.AnonSharedZeroed },
        C("mmap.anon.shared-across-fork", "Linux mmap(2), DESCRIPTION: \"Updates to the mapping are visible to other processes mapping the same region, and (in the case of file-backed mappings) are carried through to the underlying file.\" (MAP_SHARED|MAP_ANONYMOUS across fork())",
            Succeeds("mmap") & ChildExits(0) & SeesWritten()),
        C("mmap.anon.private-across-fork", "POSIX mmap(), DESCRIPTION: \"If MAP_PRIVATE is specified, modifications to the mapped data by the calling process shall be visible only to the calling process and shall not change the underlying object.\" (an anonymous mapping; the child's stores stay in the child)",
            Succeeds("mmap") & ChildExits(0) & AllZero("seen_hex") & Differ("written_hex", "seen_hex")),
        C("mmap.anon.fd-ignored", "Linux mmap(2), DESCRIPTION: \"The fd argument is ignored; however, some implementations require fd to be -1 if MAP_ANONYMOUS (or MAP_ANON) is specified, and portable applications should ensure this.\"",
            Succeeds("mmap") & Is("nonzero_bytes", 0))
            with { Managed = MmapChecks.AnonFdIgnored },

        // ---- protections (private anonymous page; x86: write implies read, NX for exec) ----
        C("mmap.prot.none", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_NONE)",
            Succeeds("mmap") & Faults("read", "SIGSEGV", "SEGV_ACCERR") & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.r", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_READ)",
            Succeeds("mmap") & Reads("read", 0xC3) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.w", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_WRITE: Linux x86 also permits reads)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): PROT_WRITE alone asks that data can be written (an implementation may permit other accesses)" },
        C("mmap.prot.x", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_EXEC: Linux x86 also permits reads unless protection keys forbid them: on a CPU with PKU, Linux 4.6 and later make the mapping execute-only with a protection key, and both reads and writes then fault with SEGV_PKUERR)",
            Succeeds("mmap") & (Reads("read", 0xC3) | Faults("read", "SIGSEGV", "SEGV_PKUERR"))
                & (Faults("write", "SIGSEGV", "SEGV_ACCERR") | Faults("write", "SIGSEGV", "SEGV_PKUERR")) & Completes("exec") & Inputs("prot"))
            with
            {
                DepartsFrom = "POSIX mmap(): PROT_EXEC alone asks that data can be executed (an implementation may permit other accesses)",
                DepartsOn = o => o.Str("read_signal") is null, // execute-only through a protection key is what POSIX asks
            },
        C("mmap.prot.rw", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_READ|PROT_WRITE)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Faults("exec", "SIGSEGV", "SEGV_ACCERR") & Inputs("prot")),
        C("mmap.prot.rx", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_READ|PROT_EXEC)",
            Succeeds("mmap") & Reads("read", 0xC3) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Completes("exec") & Inputs("prot")),
        C("mmap.prot.wx", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_WRITE|PROT_EXEC: Linux x86 also permits reads)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Completes("exec") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): PROT_WRITE|PROT_EXEC asks for write and execute only (an implementation may permit other accesses)" },
        C("mmap.prot.rwx", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (every access)",
            Succeeds("mmap") & Reads("read", 0xC3) & Completes("write") & Completes("exec") & Inputs("prot")),
        C("mmap.prot.shared-file-read-only", "POSIX mmap(), DESCRIPTION: \"An implementation may permit accesses other than those specified by prot; however, the implementation shall not permit a write to succeed where PROT_WRITE has not been set and shall not permit any access where PROT_NONE alone has been set.\" (PROT_READ, MAP_SHARED file)",
            Succeeds("mmap") & Reads("read", 'A') & Faults("write", "SIGSEGV", "SEGV_ACCERR")),
        C("mmap.prot.private-write-rdonly-fd", "POSIX mmap(), ERRORS: \"[EACCES] The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping.\" (needs write access only for MAP_SHARED: MAP_PRIVATE|PROT_WRITE of an O_RDONLY file works)",
            Succeeds("mmap") & Completes("write") & SeesOriginal())
            with { Managed = MmapChecks.PrivateWriteRdonlyFd },
        C("mmap.prot.mprotect-drop-write", "POSIX mprotect(), DESCRIPTION: \"The mprotect() function shall change the access protections to be that specified by prot for those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes.\"",
            Returns("mprotect", 0) & Completes("write1") & Faults("write2", "SIGSEGV", "SEGV_ACCERR") & Reads("read", 0x42)),
        C("mmap.prot.mprotect-none", "POSIX mprotect(), DESCRIPTION: \"The mprotect() function shall change the access protections to be that specified by prot for those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes.\" (PROT_NONE)",
            Returns("mprotect", 0) & Faults("read", "SIGSEGV", "SEGV_ACCERR") & Is("read_si_addr_off", 0)),
        C("mmap.prot.mprotect-write-shared-rdonly-fd", "POSIX mprotect(), ERRORS: \"[EACCES] The prot argument specifies a protection that violates the access permission the process has to the underlying memory object.\"",
            Succeeds("mmap") & Fails("mprotect", "EACCES"))
            with { Managed = MmapChecks.MprotectWriteSharedRdonlyFd, MonoPosix = MonoPosixChecks.MprotectWriteSharedRdonlyFd },

        C("mmap.prot.mprotect-unaligned-addr", "POSIX mprotect(), ERRORS: \"[EINVAL] The addr argument is not a multiple of the page size as returned by sysconf().\" (a 'may fail': either EINVAL, and the failed call changed nothing, both pages still take stores (the Linux kernel); or success on 'those whole pages containing any part of' the range, so both pages refuse stores (musl rounds the address down))",
            (Fails("mprotect", "EINVAL") & Completes("write_p0") & Completes("write_p1"))
            | (Returns("mprotect", 0) & Faults("write_p0", "SIGSEGV", "SEGV_ACCERR") & Faults("write_p1", "SIGSEGV", "SEGV_ACCERR"))),
        C("mmap.prot.mprotect-grows-both", "Linux mprotect(2), ERRORS: \"EINVAL Both PROT_GROWSUP and PROT_GROWSDOWN were specified in prot.\" (the page keeps PROT_READ|PROT_WRITE)",
            Fails("mprotect", "EINVAL") & Completes("write") & Inputs("prot")),
        C("mmap.prot.mprotect-unmapped-page", "POSIX mprotect(), ERRORS: \"[ENOMEM] Addresses in the range [addr,addr+len) are invalid for the address space of a process, or specify one or more pages which are not mapped.\" (pages 0 and 2 mapped, page 1 not; page 0, before the hole, may have been changed: POSIX allows it for a failure other than [EINVAL], and Linux changes it; page 2, after the hole, is not)",
            Fails("mprotect", "ENOMEM") & (Completes("write_p0") | Faults("write_p0", "SIGSEGV", "SEGV_ACCERR")) & Completes("write_p2")),
        C("mmap.prot.mprotect-none-to-write", "POSIX mprotect(), DESCRIPTION: \"Implementations shall support at least the following values of prot: PROT_NONE, PROT_READ, PROT_WRITE, and the bitwise-inclusive OR of PROT_READ and PROT_WRITE.\" (a PROT_NONE page made PROT_WRITE, then PROT_READ|PROT_WRITE)",
            Returns("mprotect_w", 0) & Completes("write_w") & Returns("mprotect_rw", 0) & Completes("write_rw") & Reads("read_rw", 0x43)),
        C("mmap.prot.mprotect-bss", "Linux mprotect(2), NOTES: \"On Linux, it is always permissible to call mprotect() on any address in a process's address space (except for the kernel vsyscall area).\" (a page of the probe's .bss, not obtained from mmap())",
            Returns("mprotect", 0) & Faults("write", "SIGSEGV", "SEGV_ACCERR") & Reads("read", 0x11) & Returns("mprotect2", 0) & Completes("write2")),
        C("mmap.prot.mprotect-code-writable", "Linux mprotect(2), NOTES: \"In particular, it can be used to change existing code mappings to be writable.\" (the page of one of the probe's functions made PROT_READ|PROT_WRITE|PROT_EXEC: a store to it completes and the function, called afterwards, returns 3*13+1)",
            Returns("mprotect", 0) & Completes("write") & Is("call_value", 40) & Returns("mprotect_restore", 0)),
        C("mmap.prot.mprotect-read-implies-exec", "Linux mprotect(2), NOTES: \"If READ_IMPLIES_EXEC is set in the process's personality flags (see personality(2)), specifying PROT_READ will implicitly add PROT_EXEC.\" (a RW anonymous page of 0xC3 made PROT_READ: calling it completes, a store still faults)",
            Succeeds("personality") & Returns("mprotect", 0) & Completes("exec") & Faults("write", "SIGSEGV", "SEGV_ACCERR")),

        // ---- signals ----
        C("mmap.sigsegv.unmapped", "POSIX <signal.h>, DESCRIPTION: \"SEGV_MAPERR Address not mapped to object.\"",
            Faults("read", "SIGSEGV", "SEGV_MAPERR") & Is("read_si_addr_off", 0)),
        C("mmap.sigbus.beyond-eof", "POSIX mmap(), DESCRIPTION: \"References within the address range starting at pa and continuing for len bytes to whole pages following the end of an object shall result in delivery of a SIGBUS signal.\"",
            Succeeds("mmap") & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")
            & Faults("read_p2", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p2", o => 2 * PageSize(o) + 8, "2*page_size+8")),
        C("mmap.sigbus.private-beyond-eof", "POSIX mmap(), DESCRIPTION: \"References within the address range starting at pa and continuing for len bytes to whole pages following the end of an object shall result in delivery of a SIGBUS signal.\" (MAP_PRIVATE)",
            Succeeds("mmap") & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")),
        C("mmap.sigbus.partial-page-no-signal", "POSIX mmap(), DESCRIPTION: \"The system shall always zero-fill any partial page at the end of an object.\"",
            Succeeds("mmap") & Reads("read", 0) & Reads("read_last", 0) & Completes("write") & Is("file_size_after", 100) & Returns("pread", 0)),
        C("mmap.sigbus.after-truncate-shrink", "POSIX mmap(), DESCRIPTION: \"References within the address range starting at pa and continuing for len bytes to whole pages following the end of an object shall result in delivery of a SIGBUS signal.\" (after ftruncate() shrank the file)",
            Succeeds("mmap") & Returns("ftruncate", 0) & Reads("read_p0", 'A') & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")),
        C("mmap.sigbus.truncate-regrow-zeroed", "POSIX ftruncate(), DESCRIPTION: \"If the file size is increased, the extended area shall appear as if it were zero-filled.\"",
            Succeeds("mmap") & Returns("ftruncate", 0) & Returns("ftruncate2", 0) & Reads("read_p1", 0)),
        C("mmap.sigbus.shm-zero-size", "POSIX shm_open(), DESCRIPTION: \"The shared memory object has a size of zero.\"",
            Succeeds("mmap") & Faults("read", "SIGBUS", "BUS_ADRERR") & Is("read_si_addr_off", 0)),

        C("mmap.sigbus.tail-kept-shm", "Linux mmap(2), BUGS: \"On Linux, when you write data to such partial page after the end of the object, the data stays in the page cache even after the file is closed and unmapped and even though the data is never written to the file itself, subsequent mappings may see the modified content.\" (a 100-byte shared memory object: 0x7a stored at byte 200, munmap, a new mapping reads it; again with msync(MS_SYNC) before munmap, which does not help on tmpfs; the size stays 100)",
            Reads("remap", 0x7a) & Reads("remap_msync", 0x7b) & Is("size_after", 100)
            & Expectation.Irrelevant("names the file system (tmpfs) of the shared memory object", "fs_magic"))
            with { DepartsFrom = "POSIX mmap(): the system shall always zero-fill any partial page at the end of an object" },
        C("mmap.sigbus.tail-msync-file", "Linux mmap(2), BUGS: \"In some cases, this could be fixed by calling msync(2) before the unmap takes place; however, this doesn't work on tmpfs(5) (for example, when using the POSIX shared memory interface documented in shm_overview(7)).\" (a 100-byte file on a disk file system: 0x7a stored at byte 200, msync(MS_SYNC), munmap: a new mapping reads 0 there; tmpfs is mmap.sigbus.tail-kept-shm)",
            Reads("remap_msync", 0) & Expectation.Irrelevant("names the file system, which decides whether there is a writeback to zero the tail", "fs_magic"))
            with { UnsupportedWhen = (Is("fs_magic", "0x1021994"), "the temporary directory is on tmpfs, where msync() writes nothing back (mmap.sigbus.tail-kept-shm shows that case)") },

        // ---- length, address ----
        C("mmap.len.rounded-up", "POSIX mmap(), DESCRIPTION: \"Thus, while the parameter len need not meet a size or alignment constraint, the system shall include, in any mapping operation, any partial page specified by the address range starting at pa and continuing for len bytes.\"",
            Succeeds("mmap") & Reads("read", 0) & Completes("write")),
        C("mmap.addr.hint-unaligned", "POSIX mmap(), DESCRIPTION: \"When MAP_FIXED is not set, the implementation uses addr in an implementation-defined manner to arrive at pa.\"",
            Succeeds("mmap") & IsTrue("page_aligned"))
            with { Managed = MmapChecks.AddrHintUnaligned, MonoPosix = MonoPosixChecks.AddrHintUnaligned },
        C("mmap.addr.page-aligned", "POSIX mmap(), DESCRIPTION: \"The system performs mapping operations over whole pages.\"",
            Succeeds("mmap") & IsTrue("page_aligned"))
            with { Managed = MmapChecks.AddrPageAligned, MonoPosix = MonoPosixChecks.AddrPageAligned },
        C("mmap.addr.hint-free-used", "POSIX mmap(), DESCRIPTION: \"A non-zero value of addr is taken to be a suggestion of a process address near which the mapping should be placed.\" (a free page-aligned hint, no MAP_FIXED: Linux places the mapping exactly there)",
            Succeeds("mmap") & IsTrue("at_hint") & Inputs("hint")),
        C("mmap.addr.never-zero-or-extant", "POSIX mmap(), DESCRIPTION: \"When the implementation selects a value for pa, it never places a mapping at address 0, nor does it replace any extant mapping.\" (addr 0, then a hint inside a 2-page mapping of 0x5a)",
            Succeeds("mmap") & IsFalse("mmap_at_zero") & Succeeds("mmap2") & IsFalse("mmap2_at_zero") & IsFalse("mmap2_overlaps") & Is("extant_changed_bytes", 0)),

        // ---- offsets and off_t width ----
        C("mmap.offset.below-2g", "POSIX mmap(), DESCRIPTION: \"The mmap() function shall establish a mapping between an address space of a process and a memory object.\" (offset 2^31 - page fits every off_t)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten()),
        C("mmap.offset.2g", "POSIX mmap(), DESCRIPTION: \"The mmap() function shall establish a mapping between an address space of a process and a memory object.\" (offset 2^31 needs a 64-bit off_t)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten())
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT) },
        C("mmap.offset.4g", "POSIX mmap(), DESCRIPTION: \"The mmap() function shall establish a mapping between an address space of a process and a memory object.\" (offset 2^32)",
            Representable & Succeeds("mmap") & Completes("write") & SeesWritten())
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT) },
        C("mmap.offset.2pow44", "Linux mmap2(2), DESCRIPTION: \"The mmap2() system call provides the same interface as mmap(2), except that the final argument specifies the offset into the file in 4096-byte units (instead of bytes, as is done by mmap(2)).\" (2^44 does not fit a 32-bit count of pages)",
            Representable & ByLongBits(Succeeds("mmap"), Fails("mmap", "EINVAL")))
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT), DepartsFrom = "POSIX mmap(): any offset representable in off_t may be mapped ([EOVERFLOW] only past the offset maximum)", DepartsOn = o => o.Int("long_bits") == 32, Managed = MmapChecks.Offset2Pow44 },
        C("mmap.offset.2pow44-minus-page", "Linux mmap2(2), DESCRIPTION: \"The mmap2() system call provides the same interface as mmap(2), except that the final argument specifies the offset into the file in 4096-byte units (instead of bytes, as is done by mmap(2)).\" (2^44 - 4096 is the largest offset a 32-bit process can map on a 64-bit kernel; a native 32-bit kernel's page index is 32 bits, so its offset maximum is 2^44 - 1 and a page ending at 2^44 is POSIX's [EOVERFLOW]: \"The file is a regular file and the value of off plus len exceeds the offset maximum established in the open file description associated with fildes.\")",
            Representable & ByKernelBits(Succeeds("mmap"), Fails("mmap", "EOVERFLOW")))
            with { UnsupportedWhen = (IsFalse("representable"), Beyond32BitOffT), Managed = MmapChecks.Offset2Pow44MinusPage },
        C("mmap.offset.negative", "POSIX mmap(), ERRORS: \"[EINVAL] The addr argument (if MAP_FIXED was specified) or off is not a multiple of the page size as returned by sysconf(), or is considered invalid by the implementation.\" (a negative off; i386 glibc passes -page as 2^32 - page)",
            Representable & ByAbi(FailsWithOneOf("mmap", "EINVAL", "EOVERFLOW"), Succeeds("mmap"), FailsWithOneOf("mmap", "EINVAL", "EOVERFLOW")))
            with { DepartsFrom = "POSIX mmap(): a negative off is invalid ([EINVAL]) or out of range ([EOVERFLOW])", DepartsOn = o => o.Str("abi") == "i686", Managed = MmapChecks.OffsetNegative, MonoPosix = MonoPosixChecks.OffsetNegative },
        C("mmap.offset.max-off-t", "POSIX mmap(), ERRORS: \"[EOVERFLOW] The file is a regular file and the value of off plus len exceeds the offset maximum established in the open file description associated with fildes.\"",
            Representable & Inputs("length") & ByAbi(FailsWithOneOf("mmap", "EOVERFLOW", "EINVAL"), Succeeds("mmap"), FailsWithOneOf("mmap", "EOVERFLOW", "EINVAL")))
            with { DepartsFrom = "POSIX mmap(): [EOVERFLOW] The file is a regular file and the value of off plus len exceeds the offset maximum established in the open file description", DepartsOn = o => o.Str("abi") == "i686", Managed = MmapChecks.OffsetMaxOffT },

        .. MmapErrorCases.All(),
    ];
}

using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>mmap() errors: every case prints mmap_ret and mmap_errno (native/ipcprobe/CASES.md, "mmap errors").</summary>
public static class MmapErrorCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Mmap, Reference = reference, Expected = expected };

    /// <summary>
    /// The probe's address is above any user address space, whatever the paging mode: at or above
    /// 2^56 (x86-64 5-level paging's top) for 64-bit processes, above 0xffffe000 for 32-bit ones.
    /// </summary>
    static readonly Expectation AboveEveryUserSpace = That("addr >= 2^56 (64-bit) or addr > 0xffffe000 (32-bit)",
        o => o.Str("addr") is { } a && ulong.TryParse(a.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var addr)
             && o.Int("length") > 0 && (o.Int("long_bits") == 64 ? addr >= 1UL << 56 : addr > 0xffffe000UL),
        "addr", "length");

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("mmap.err.zero-length", "POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero.\"",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrZeroLength, MonoPosix = MonoPosixChecks.ErrZeroLength },
        C("mmap.err.zero-length-anon", "POSIX mmap(), ERRORS: \"[EINVAL] The value of len is zero.\" (anonymous mapping)",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrZeroLengthAnon, MonoPosix = MonoPosixChecks.ErrZeroLengthAnon },
        C("mmap.err.unaligned-offset", "POSIX mmap(), ERRORS: \"[EINVAL] The addr argument (if MAP_FIXED was specified) or off is not a multiple of the page size as returned by sysconf(), or is considered invalid by the implementation.\" (off 100)",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrUnalignedOffset, MonoPosix = MonoPosixChecks.ErrUnalignedOffset },
        C("mmap.err.fixed-unaligned-addr", "POSIX mmap(), ERRORS: \"[EINVAL] The addr argument (if MAP_FIXED was specified) or off is not a multiple of the page size as returned by sysconf(), or is considered invalid by the implementation.\" (MAP_FIXED addr page+1)",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrFixedUnalignedAddr, MonoPosix = MonoPosixChecks.ErrFixedUnalignedAddr },
        C("mmap.err.no-sharing-flag", "POSIX mmap(), ERRORS: \"[EINVAL] The value of flags is invalid (neither MAP_PRIVATE nor MAP_SHARED is set).\"",
            Fails("mmap", "EINVAL") & Inputs("flags"))
            with { Managed = MmapChecks.ErrNoSharingFlag, MonoPosix = MonoPosixChecks.ErrNoSharingFlag },
        C("mmap.err.both-sharing-flags", "Linux mmap(2), DESCRIPTION: \"This flag provides the same behavior as MAP_SHARED except that MAP_SHARED mappings ignore unknown flags in flags.\" (MAP_SHARED|MAP_PRIVATE is 3, MAP_SHARED_VALIDATE (since 4.15))",
            Succeeds("mmap") & Inputs("flags"))
            with { MinKernel = new Version(4, 15), DepartsFrom = "POSIX mmap(): either MAP_SHARED or MAP_PRIVATE can be specified, but not both", Managed = MmapChecks.ErrBothSharingFlags },
        C("mmap.err.invalid-map-type", "POSIX mmap(), ERRORS: \"[EINVAL] The value of flags is invalid (neither MAP_PRIVATE nor MAP_SHARED is set).\" (an undefined mapping type 0xf)",
            Fails("mmap", "EINVAL") & Inputs("flags"))
            with { Managed = MmapChecks.ErrInvalidMapType },
        C("mmap.err.ebadf-closed", "POSIX mmap(), ERRORS: \"[EBADF] The fildes argument is not a valid open file descriptor.\"",
            Fails("mmap", "EBADF"))
            with { Managed = MmapChecks.ErrEbadfClosed, MonoPosix = MonoPosixChecks.ErrEbadfClosed },
        C("mmap.err.ebadf-minus-one", "POSIX mmap(), ERRORS: \"[EBADF] The fildes argument is not a valid open file descriptor.\" (-1 without MAP_ANONYMOUS)",
            Fails("mmap", "EBADF"))
            with { Managed = MmapChecks.ErrEbadfMinusOne, MonoPosix = MonoPosixChecks.ErrEbadfMinusOne },
        C("mmap.err.eacces-wronly-read", "POSIX mmap(), ERRORS: \"[EACCES] The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping.\" (O_WRONLY)",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesWronlyRead, MonoPosix = MonoPosixChecks.ErrEaccesWronlyRead },
        C("mmap.err.eacces-wronly-private", "POSIX mmap(), ERRORS: \"[EACCES] The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping.\" (O_WRONLY, MAP_PRIVATE)",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesWronlyPrivate },
        C("mmap.err.eacces-rdonly-shared-write", "POSIX mmap(), ERRORS: \"[EACCES] The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping.\" (O_RDONLY, PROT_WRITE, MAP_SHARED)",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesRdonlySharedWrite, MonoPosix = MonoPosixChecks.ErrEaccesRdonlySharedWrite },
        C("mmap.err.eacces-append-shared-write", "Linux mmap(2), ERRORS: \"Or PROT_WRITE is set, but the file is append-only.\" (an O_APPEND descriptor is not an append-only file: it maps)",
            Succeeds("mmap"))
            with { Managed = MmapChecks.ErrEaccesAppendSharedWrite },
        C("mmap.err.enodev-pipe", "POSIX mmap(), ERRORS: \"[ENODEV] The fildes argument refers to a file whose type is not supported by mmap().\" (a pipe)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevPipe, MonoPosix = MonoPosixChecks.ErrEnodevPipe },
        C("mmap.err.enodev-fifo", "POSIX mmap(), ERRORS: \"[ENODEV] The fildes argument refers to a file whose type is not supported by mmap().\" (a FIFO)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevFifo },
        C("mmap.err.enodev-directory", "POSIX mmap(), ERRORS: \"[ENODEV] The fildes argument refers to a file whose type is not supported by mmap().\" (a directory)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevDirectory },
        C("mmap.err.enomem-rlimit-as", "POSIX getrlimit(), DESCRIPTION: \"If this limit is exceeded, the malloc() and mmap() functions shall fail with errno set to [ENOMEM].\" (RLIMIT_AS)",
            Fails("mmap", "ENOMEM") & ChildExits(0)),
        C("mmap.err.enomem-length-too-large", "POSIX mmap(), ERRORS: \"[ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process; or, if MAP_FIXED was not specified and there is insufficient room in the address space to effect the mapping.\" (no room for a length near SIZE_MAX)",
            Fails("mmap", "ENOMEM") & Inputs("length"))
            with { Managed = MmapChecks.ErrEnomemLengthTooLarge, MonoPosix = MonoPosixChecks.ErrEnomemLengthTooLarge },
        C("mmap.err.enomem-fixed-no-room", "POSIX mmap(), ERRORS: \"[ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process; or, if MAP_FIXED was not specified and there is insufficient room in the address space to effect the mapping.\"",
            Fails("mmap", "ENOMEM") & AboveEveryUserSpace),
        C("mmap.err.fixed-below-min-addr", "POSIX mmap(), ERRORS: \"[ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process; or, if MAP_FIXED was not specified and there is insufficient room in the address space to effect the mapping.\" (a fixed page at address 0, below vm.mmap_min_addr, asked for by a process without CAP_SYS_RAWIO)",
            (Fails("mmap", "EPERM") | Fails("mmap", "ENOMEM")) & AtLeast("mmap_min_addr", 1))
            with
            {
                MinKernel = new Version(4, 17), // MAP_FIXED_NOREPLACE; an older kernel would take the address as a hint
                UnsupportedWhen = (Between("mmap_min_addr", long.MinValue, 0), "vm.mmap_min_addr is 0 or unreadable: no low range is known to be protected here"),
                DepartsFrom = "POSIX mmap(): a range the process may not map is [ENOMEM]; Linux's mmap_min_addr check (security_mmap_addr) answers EPERM (musl turns it into ENOMEM for a non-MAP_FIXED request at address 0)",
                DepartsOn = o => o.Str("mmap_errno") == "EPERM",
                Managed = MmapChecks.FixedBelowMinAddr,
                ManagedNeedsUnprivileged = true,
            },
        C("mmap.err.failed-fixed-keeps-mapping", "POSIX mmap(), DESCRIPTION: \"If mmap() fails for reasons other than [EBADF], [EINVAL], or [ENOTSUP], some of the mappings in the address range starting at addr and continuing for len bytes may have been unmapped.\" (MAP_FIXED over a page of 0x5a, with a closed fd and with off 100: both fail and the page still reads 0x5a)",
            Fails("mmap_ebadf", "EBADF") & Reads("mmap_ebadf_old", 0x5a) & Fails("mmap_einval", "EINVAL") & Reads("mmap_einval_old", 0x5a)),
        C("mmap.err.eacces-pipe-write-end", "Linux mmap(2), ERRORS: \"EACCES A file descriptor refers to a non-regular file.\" (the write end of a pipe, not open for reading: EACCES comes before the ENODEV a readable pipe gets, mmap.err.enodev-pipe)",
            Fails("mmap", "EACCES")),
        C("mmap.err.enodev-procfs", "Linux mmap(2), ERRORS: \"ENODEV The underlying filesystem of the specified file does not support memory mapping.\" (/proc/self/status, a regular file of procfs)",
            Fails("mmap", "ENODEV") & Expectation.Irrelevant("names the file system (procfs)", "fs_magic")),
        C("mmap.err.eperm-sealed-write", "Linux mmap(2), ERRORS: \"EPERM The operation was prevented by a file seal; see fcntl(2).\" (a memfd with F_SEAL_WRITE: PROT_READ|PROT_WRITE MAP_SHARED fails, PROT_READ MAP_SHARED still maps)",
            Fails("mmap", "EPERM") & Succeeds("mmap_read"))
            with { MinKernel = new Version(3, 17) },
        C("mmap.err.denywrite-ignored", "Linux mmap(2), ERRORS: \"ETXTBSY MAP_DENYWRITE was set but the object specified by fd is open for writing.\" (no longer: the same page's DESCRIPTION says the flag is ignored, and a file open O_RDWR maps)",
            Succeeds("mmap") & Inputs("flags")),
        C("mmap.err.enomem-rlimit-data", "Linux mmap(2), ERRORS: \"ENOMEM (since Linux 4.7) The process's RLIMIT_DATA limit, described in getrlimit(2), would have been exceeded.\" (a helper with RLIMIT_DATA = its VmData + 1 MiB: a 16 MiB private writable mapping fails, and so does mprotect() making a 16 MiB read-only private mapping writable)",
            ChildExits(0) & Fails("mmap", "ENOMEM") & Fails("mprotect", "ENOMEM"))
            with { MinKernel = new Version(4, 7) },
        C("mmap.err.prot-unknown-bits", "Linux mprotect(2), ERRORS: \"EINVAL Invalid flags specified in prot.\" (mmap() ignores the unknown bit, mprotect() rejects it)",
            Succeeds("mmap") & Fails("mprotect", "EINVAL") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): prot shall be PROT_NONE or the OR of PROT_READ, PROT_WRITE, PROT_EXEC", Managed = MmapChecks.ErrProtUnknownBits },
    ];
}

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
        C("mmap.err.zero-length", "POSIX mmap(): [EINVAL] The value of len is zero",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrZeroLength, MonoPosix = MonoPosixChecks.ErrZeroLength },
        C("mmap.err.zero-length-anon", "POSIX mmap(): [EINVAL] The value of len is zero (anonymous mapping)",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrZeroLengthAnon, MonoPosix = MonoPosixChecks.ErrZeroLengthAnon },
        C("mmap.err.unaligned-offset", "POSIX mmap(): [EINVAL] off is not a multiple of the page size",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrUnalignedOffset, MonoPosix = MonoPosixChecks.ErrUnalignedOffset },
        C("mmap.err.fixed-unaligned-addr", "POSIX mmap(): [EINVAL] The addr argument (if MAP_FIXED was specified) is not a multiple of the page size",
            Fails("mmap", "EINVAL"))
            with { Managed = MmapChecks.ErrFixedUnalignedAddr, MonoPosix = MonoPosixChecks.ErrFixedUnalignedAddr },
        C("mmap.err.no-sharing-flag", "POSIX mmap(): [EINVAL] The value of flags is invalid (neither MAP_PRIVATE nor MAP_SHARED is set)",
            Fails("mmap", "EINVAL") & Inputs("flags"))
            with { Managed = MmapChecks.ErrNoSharingFlag, MonoPosix = MonoPosixChecks.ErrNoSharingFlag },
        C("mmap.err.both-sharing-flags", "mmap(2) Linux: MAP_SHARED|MAP_PRIVATE is MAP_SHARED_VALIDATE (since 4.15) and maps the file shared",
            Succeeds("mmap") & Inputs("flags"))
            with { MinKernel = new Version(4, 15), DepartsFrom = "POSIX mmap(): either MAP_SHARED or MAP_PRIVATE can be specified, but not both", Managed = MmapChecks.ErrBothSharingFlags },
        C("mmap.err.invalid-map-type", "POSIX mmap(): [EINVAL] The value of flags is invalid (an undefined mapping type)",
            Fails("mmap", "EINVAL") & Inputs("flags"))
            with { Managed = MmapChecks.ErrInvalidMapType },
        C("mmap.err.ebadf-closed", "POSIX mmap(): [EBADF] The fildes argument is not a valid open file descriptor",
            Fails("mmap", "EBADF"))
            with { Managed = MmapChecks.ErrEbadfClosed, MonoPosix = MonoPosixChecks.ErrEbadfClosed },
        C("mmap.err.ebadf-minus-one", "POSIX mmap(): [EBADF] fildes -1 without MAP_ANONYMOUS is not a valid open file descriptor",
            Fails("mmap", "EBADF"))
            with { Managed = MmapChecks.ErrEbadfMinusOne, MonoPosix = MonoPosixChecks.ErrEbadfMinusOne },
        C("mmap.err.eacces-wronly-read", "POSIX mmap(): [EACCES] The fildes argument is not open for read, regardless of the protection specified",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesWronlyRead, MonoPosix = MonoPosixChecks.ErrEaccesWronlyRead },
        C("mmap.err.eacces-wronly-private", "POSIX mmap(): [EACCES] fildes not open for read, for MAP_PRIVATE too",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesWronlyPrivate },
        C("mmap.err.eacces-rdonly-shared-write", "POSIX mmap(): [EACCES] fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping",
            Fails("mmap", "EACCES"))
            with { Managed = MmapChecks.ErrEaccesRdonlySharedWrite, MonoPosix = MonoPosixChecks.ErrEaccesRdonlySharedWrite },
        C("mmap.err.eacces-append-shared-write", "mmap(2) Linux: O_APPEND on the descriptor does not forbid a writable MAP_SHARED mapping (only an append-only inode gives EACCES)",
            Succeeds("mmap"))
            with { Managed = MmapChecks.ErrEaccesAppendSharedWrite },
        C("mmap.err.enodev-pipe", "POSIX mmap(): [ENODEV] The fildes argument refers to a file whose type is not supported by mmap() (a pipe)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevPipe, MonoPosix = MonoPosixChecks.ErrEnodevPipe },
        C("mmap.err.enodev-fifo", "POSIX mmap(): [ENODEV] fildes refers to a file type not supported by mmap() (a FIFO)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevFifo },
        C("mmap.err.enodev-directory", "POSIX mmap(): [ENODEV] fildes refers to a file type not supported by mmap() (a directory)",
            Fails("mmap", "ENODEV"))
            with { Managed = MmapChecks.ErrEnodevDirectory },
        C("mmap.err.enomem-rlimit-as", "POSIX mmap(): [ENOMEM] the mapping could not be established because the RLIMIT_AS limit would be exceeded",
            Fails("mmap", "ENOMEM") & ChildExits(0)),
        C("mmap.err.enomem-length-too-large", "mmap(2) Linux: [ENOMEM] no room for a mapping of that length (length close to SIZE_MAX)",
            Fails("mmap", "ENOMEM") & Inputs("length"))
            with { Managed = MmapChecks.ErrEnomemLengthTooLarge, MonoPosix = MonoPosixChecks.ErrEnomemLengthTooLarge },
        C("mmap.err.enomem-fixed-no-room", "POSIX mmap(): [ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process",
            Fails("mmap", "ENOMEM") & AboveEveryUserSpace),
        C("mmap.err.prot-unknown-bits", "mmap(2) Linux: mmap() ignores prot bits it does not know; mprotect(2) rejects them with [EINVAL]",
            Succeeds("mmap") & Fails("mprotect", "EINVAL") & Inputs("prot"))
            with { DepartsFrom = "POSIX mmap(): prot shall be PROT_NONE or the OR of PROT_READ, PROT_WRITE, PROT_EXEC", Managed = MmapChecks.ErrProtUnknownBits },
    ];
}

using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>shm_open() and shm_unlink() (native/ipcprobe/CASES.md, "shm").</summary>
public static class SharedMemoryCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.SharedMemory, Reference = reference, Expected = expected };

    /// <summary>TMPFS_MAGIC as the probe prints an f_type.</summary>
    const string TmpfsMagic = "0x1021994";

    /// <summary>Every byte of the object reads 0 through its mapping (no signal) and through pread() (the whole object).</summary>
    static readonly Expectation ZeroScan =
        IsNull("map_signal") & Is("map_nonzero", 0) & Computed("pread_ret", "2*page_size", o => 2 * PageSize(o)) & IsNull("pread_errno") & Is("pread_nonzero", 0);

    /// <summary>
    /// A name longer than PATH_MAX: POSIX asks for [ENAMETOOLONG], glibc 2.36 answers <paramref name="errno"/>; the
    /// case is Linux-specific when that is what was observed.
    /// </summary>
    static ConformanceCase DepartsOnGlibc(this ConformanceCase c, string step, string errno) => c with
    {
        DepartsFrom = $"POSIX {step}(): [ENAMETOOLONG] The length of the name argument exceeds {{_XOPEN_PATH_MAX}}",
        DepartsOn = o => o.Str($"{step}_errno") == errno,
    };

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("shm.open.create", "POSIX shm_open(), DESCRIPTION: \"The shared memory object has a size of zero.\" (mode from the mode argument)",
            Returns("shm_open", 0) & Is("size", 0) & Mode("mode", "0600") & IsTrue("s_isreg"))
            with { Managed = ShmChecks.OpenCreate },
        C("shm.open.excl-eexist", "POSIX shm_open(), ERRORS: \"[EEXIST] O_CREAT and O_EXCL are set and the named shared memory object already exists.\"",
            Fails("shm_open", "EEXIST"))
            with { Managed = ShmChecks.OpenExclEexist },
        C("shm.open.enoent", "POSIX shm_open(), ERRORS: \"[ENOENT] O_CREAT is not set and the named shared memory object does not exist.\"",
            Fails("shm_open", "ENOENT"))
            with { Managed = ShmChecks.OpenEnoent },
        C("shm.open.trunc", "POSIX shm_open(), DESCRIPTION: \"If the shared memory object exists, and it is successfully opened O_RDWR, the object shall be truncated to zero length and the mode and owner shall be unchanged by this function call.\"",
            Returns("shm_open", 0) & Computed("size_before", "2*page_size", o => 2 * PageSize(o)) & Is("size_after", 0))
            with { Managed = ShmChecks.OpenTrunc },
        C("shm.open.umask", "POSIX shm_open(), DESCRIPTION: \"The permission bits of the shared memory object shall be set to the value of the mode argument except those set in the file mode creation mask of the process.\"",
            Returns("shm_open", 0) & Mode("mode", "0640")),
        C("shm.ftruncate.size", "POSIX ftruncate(), DESCRIPTION: \"If fildes refers to a shared memory object, ftruncate() shall set the size of the shared memory object to length.\"",
            Returns("ftruncate", 0) & Computed("size", "3*page_size+5", o => 3 * PageSize(o) + 5))
            with { Managed = ShmChecks.FtruncateSize },
        C("shm.ftruncate.rdonly", "POSIX ftruncate(), ERRORS: \"[EBADF] or [EINVAL] The fildes argument is not a file descriptor open for writing.\"",
            FailsWithOneOf("ftruncate", "EINVAL", "EBADF"))
            with { Managed = ShmChecks.FtruncateRdonly },
        C("shm.persist.until-unlink", "POSIX shm_open(), DESCRIPTION: \"When a shared memory object is created, the state of the shared memory object, including all data associated with the shared memory object, persists until the shared memory object is unlinked and all other references are gone.\"",
            Returns("reopen", 0) & SeesWritten() & Fails("after_unlink", "ENOENT"))
            with { Managed = ShmChecks.PersistUntilUnlink },
        C("shm.persist.after-unlink-open", "POSIX shm_unlink(), DESCRIPTION: \"If one or more references to the shared memory object exist when the object is unlinked, the name shall be removed before shm_unlink() returns, but the removal of the memory object contents shall be postponed until all open and map references to the shared memory object have been removed.\"",
            Returns("shm_unlink", 0) & Completes("write") & Is("fstat_nlink", 0) & SeesWritten()),
        C("shm.visible.across-processes", "POSIX shm_open(), DESCRIPTION: \"If name begins with the <slash> character, then processes calling shm_open() with the same value of name refer to the same shared memory object, as long as that name has not been removed.\"",
            ChildExits(0) & SeesWritten()),
        C("shm.mmap.rdonly-shared-write", "POSIX mmap(), ERRORS: \"[EACCES] The fildes argument is not open for read, regardless of the protection specified, or fildes is not open for write and PROT_WRITE was specified for a MAP_SHARED type mapping.\" (a shared memory object opened O_RDONLY)",
            Fails("mmap", "EACCES"))
            with { Managed = ShmChecks.MmapRdonlySharedWrite },
        C("shm.perm.eacces-rdwr-0400", "POSIX shm_open(), ERRORS: \"[EACCES] The shared memory object exists and the permissions specified by oflag are denied, or the shared memory object does not exist and permission to create the shared memory object is denied, or O_TRUNC is specified and write permission is denied.\" (0400, O_RDWR, unprivileged)",
            Fails("shm_open", "EACCES"))
            with { Managed = ShmChecks.PermEaccesRdwr0400, ManagedNeedsUnprivileged = true },
        C("shm.perm.rdonly-0400-ok", "POSIX shm_open(), ERRORS: \"[EACCES] The shared memory object exists and the permissions specified by oflag are denied, or the shared memory object does not exist and permission to create the shared memory object is denied, or O_TRUNC is specified and write permission is denied.\" (0400, O_RDONLY is permitted)",
            Returns("shm_open", 0))
            with { Managed = ShmChecks.PermRdonly0400Ok, ManagedNeedsUnprivileged = true },
        C("shm.perm.create-0000", "POSIX open(), DESCRIPTION: \"O_CREAT ... the access permission bits of the file mode shall be set to the value of the argument following the oflag argument taken as type mode_t modified as follows: a bitwise AND is performed on the file-mode bits and the corresponding bits in the complement of the process' file mode creation mask.\" (the creating open succeeds whatever the mode; a later one is checked)",
            Returns("shm_open", 0) & Fails("reopen", "EACCES"))
            with { Managed = ShmChecks.PermCreate0000, ManagedNeedsUnprivileged = true },
        C("shm.name.no-leading-slash", "POSIX shm_open(), DESCRIPTION: \"If name does not begin with the <slash> character, the effect is implementation-defined.\" (glibc: the same object)",
            Returns("shm_open", 0))
            with { Managed = ShmChecks.NameNoLeadingSlash },
        C("shm.name.embedded-slash", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (glibc: [EINVAL])",
            Fails("shm_open", "EINVAL"))
            with { Managed = ShmChecks.NameEmbeddedSlash },
        C("shm.name.slash-only", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (glibc: \"/\" is [EINVAL])",
            Fails("shm_open", "EINVAL"))
            with { Managed = ShmChecks.NameSlashOnly },
        C("shm.name.dot", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (glibc: \"/.\" names the directory: [EEXIST])",
            FailsWithOneOf("shm_open", "EEXIST", "EINVAL"))
            with { Managed = ShmChecks.NameDot },
        C("shm.name.dotdot", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (glibc: \"/..\" names a directory: [EEXIST])",
            FailsWithOneOf("shm_open", "EEXIST", "EINVAL"))
            with { Managed = ShmChecks.NameDotDot },
        C("shm.name.too-long", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (256 characters: [ENAMETOOLONG], glibc [EINVAL])",
            FailsWithOneOf("shm_open", "ENAMETOOLONG", "EINVAL") & Is("name_length", 256))
            with { Managed = ShmChecks.NameTooLong },
        C("shm.name.max-length", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (255 characters after the slash are accepted)",
            Returns("shm_open", 0) & Is("name_length", 255))
            with { Managed = ShmChecks.NameMaxLength },
        C("shm.name.double-slash", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (glibc strips leading slashes: \"//x\" is \"/x\")",
            Returns("shm_open", 0) & IsTrue("same_object"))
            with { Managed = ShmChecks.NameDoubleSlash },
        C("shm.unlink.enoent", "POSIX shm_unlink(), ERRORS: \"[ENOENT] The named shared memory object does not exist.\"",
            Fails("shm_unlink", "ENOENT"))
            with { Managed = ShmChecks.UnlinkEnoent },
        C("shm.unlink.twice", "POSIX shm_unlink(), ERRORS: \"[ENOENT] The named shared memory object does not exist.\" (the second unlink)",
            Fails("shm_unlink", "ENOENT"))
            with { Managed = ShmChecks.UnlinkTwice },
        C("shm.name.empty", "POSIX shm_open(), DESCRIPTION: \"The name argument conforms to the construction rules for a pathname, except that the interpretation of <slash> characters other than the leading <slash> character in name is implementation-defined, and that the length limits for the name argument are implementation-defined and need not be the same as the pathname limits {PATH_MAX} and {NAME_MAX}.\" (the empty name: glibc [EINVAL], the kernel would say [ENOENT])",
            FailsWithOneOf("shm_open", "EINVAL", "ENOENT"))
            with { Managed = ShmChecks.NameEmpty },
        C("shm.open.cloexec", "POSIX shm_open(), DESCRIPTION: \"The FD_CLOEXEC file descriptor flag associated with the new file descriptor is set.\"",
            Returns("shm_open", 0) & IsTrue("fd_cloexec"))
            with { Managed = ShmChecks.OpenCloexec },
        C("shm.name.reuse-after-unlink", "POSIX shm_unlink(), DESCRIPTION: \"Even if the object continues to exist after the last shm_unlink(), reuse of the name shall subsequently cause shm_open() to behave as if no shared memory object of this name exists (that is, shm_open() will fail if O_CREAT is not set, or will create a new shared memory object if O_CREAT is set).\" (the old object is still open)",
            Returns("shm_open", 0) & Is("size", 0) & IsFalse("same_object")),
        C("shm.open.trunc-rdonly", "Linux shm_open(3), NOTES: \"On Linux, this will successfully truncate an existing shared memory object—this may not be so on other UNIX systems.\" (O_RDONLY|O_TRUNC of a one-page object by its owner)",
            Computed("size_before", "page_size", PageSize) & Returns("shm_open", 0) & Is("size", 0)),
        C("shm.perm.trunc-rdonly-0400", "POSIX shm_open(), ERRORS: \"[EACCES] The shared memory object exists and the permissions specified by oflag are denied, or the shared memory object does not exist and permission to create the shared memory object is denied, or O_TRUNC is specified and write permission is denied.\" (O_RDONLY|O_TRUNC of a one-page 0400 object by its unprivileged owner: the size stays)",
            Fails("shm_open", "EACCES") & Computed("size", "page_size", PageSize)),
        C("shm.ftruncate.shrink-sigbus", "POSIX ftruncate(), DESCRIPTION: \"References to discarded pages shall result in the generation of a SIGBUS signal.\" (a mapped shared memory object of 2 pages, both written, cut to 1 page)",
            Returns("ftruncate", 0) & Reads("read_p0", 0x5a) & Faults("read_p1", "SIGBUS", "BUS_ADRERR") & FaultAt("read_p1", PageSize, "page_size")),
        C("shm.ftruncate.shrink-discards", "POSIX ftruncate(), DESCRIPTION: \"If the effect of ftruncate() is to decrease the size of a memory mapped file or a shared memory object and whole pages beyond the new end were previously mapped, then the whole pages beyond the new end shall be discarded.\" (2 mapped pages written, cut to 1 and regrown to 2: page 0 keeps its byte, page 1 reads 0 through the map and pread())",
            Returns("ftruncate", 0) & Returns("ftruncate2", 0) & Reads("read_p0", 0x5a) & Reads("read_p1", 0) & Returns("pread", 1) & Is("pread_value", 0)),
        C("shm.zero.initial", "POSIX shm_open(), RATIONALE: \"This volume of POSIX.1-2024 specifies that memory objects have initial contents of zero when created.\" (a new object sized to 2 pages by ftruncate(): every byte, through a MAP_SHARED mapping and through pread())",
            Returns("ftruncate", 0) & ZeroScan),
        C("shm.zero.regrow", "Linux shm_open(3), DESCRIPTION: \"The newly allocated bytes of a shared memory object are automatically initialized to 0.\" (2 pages filled with 0xff through a mapping, cut to 0 and regrown to 2 pages: every byte)",
            Returns("ftruncate", 0) & Returns("ftruncate2", 0) & ZeroScan),
        C("shm.open.creat-existing", "POSIX shm_open(), DESCRIPTION: \"If the shared memory object exists, this flag has no effect, except as noted under O_EXCL below.\" (O_CREAT|O_RDWR with mode 0666 and umask 0, of a one-page object of mode 0600)",
            Returns("shm_open", 0) & IsTrue("same_object") & Computed("size", "page_size", PageSize) & Mode("mode", "0600")),
        C("shm.open.status-flags", "POSIX shm_open(), DESCRIPTION: \"The file status flags and file access modes of the open file description shall be set according to the value of oflag.\" (O_RDWR|O_CREAT|O_EXCL: F_GETFL shows O_RDWR and neither O_NONBLOCK nor O_APPEND)",
            Returns("shm_open", 0) & IsFalse("o_nonblock") & IsFalse("o_append") & Is("accmode", "O_RDWR"))
            with { Managed = ShmChecks.OpenStatusFlags },
        C("shm.open.new-description", "POSIX shm_open(), DESCRIPTION: \"The open file description is new, and therefore the file descriptor does not share it with any other processes.\" (two shm_open() of one name: O_NONBLOCK flipped by F_SETFL on the first shows on a dup() of it, not on the second)",
            Returns("shm_open", 0) & IsTrue("dup_changed") & IsFalse("other_changed")),
        C("shm.open.lowest-fd", "POSIX shm_open(), DESCRIPTION: \"The file descriptor shall be allocated as described in 2.6 File Descriptor Allocation, and can be used by other functions to refer to that shared memory object.\" (the lowest free descriptor, after one below the others was closed)",
            Returns("shm_open", 0) & IsTrue("fd_is_lowest_free")),
        C("shm.unlink.name-too-long", "POSIX shm_unlink(), ERRORS: \"[ENAMETOOLONG] The length of the name argument exceeds {_POSIX_PATH_MAX} on systems that do not support the XSI option or exceeds {_XOPEN_PATH_MAX} on XSI systems, or has a pathname component that is longer than {_POSIX_NAME_MAX} on systems that do not support the XSI option or longer than {_XOPEN_NAME_MAX} on XSI systems.\" (256 characters after the slash)",
            Fails("shm_unlink", "ENAMETOOLONG") & Is("name_length", 256)),
        C("shm.unlink.path-max", "POSIX shm_unlink(), ERRORS: \"[ENAMETOOLONG] The length of the name argument exceeds {_POSIX_PATH_MAX} on systems that do not support the XSI option or exceeds {_XOPEN_PATH_MAX} on XSI systems, or has a pathname component that is longer than {_POSIX_NAME_MAX} on systems that do not support the XSI option or longer than {_XOPEN_NAME_MAX} on XSI systems.\" (4096 characters after the slash, longer than PATH_MAX: glibc 2.36 answers [ENOENT])",
            FailsWithOneOf("shm_unlink", "ENAMETOOLONG", "ENOENT") & Is("name_length", 4096))
            .DepartsOnGlibc("shm_unlink", "ENOENT"),
        C("shm.unlink.max-length", "POSIX shm_unlink(), ERRORS: \"[ENAMETOOLONG] A call to shm_unlink() with a name argument that contains the same shared memory object name as was previously used in a successful shm_open() call shall not give an [ENAMETOOLONG] error.\" (255 characters after the slash)",
            Is("name_length", 255) & Returns("shm_open", 0) & Returns("shm_unlink", 0) & Fails("after_unlink", "ENOENT")),
        C("shm.name.path-max", "Linux shm_open(3), ERRORS: \"ENAMETOOLONG The length of name exceeds PATH_MAX.\" (4096 characters after the slash: glibc 2.36 answers [EINVAL])",
            FailsWithOneOf("shm_open", "ENAMETOOLONG", "EINVAL") & Is("name_length", 4096))
            .DepartsOnGlibc("shm_open", "EINVAL"),
        C("shm.tmpfs.dev-shm", "Linux shm_overview(7), DESCRIPTION: \"On Linux, shared memory objects are created in a (tmpfs(5)) virtual filesystem, normally mounted under /dev/shm.\" (fstatfs() of the object and statfs() of /dev/shm: TMPFS_MAGIC; stat() of /dev/shm/NAME: the same inode)",
            Returns("shm_open", 0) & Is("fs_magic", TmpfsMagic) & Is("dev_shm_magic", TmpfsMagic) & Returns("stat", 0) & IsTrue("same_object")),
        C("shm.ftruncate.pipe-einval", "Linux ftruncate(2), ERRORS: \"EINVAL fd does not reference a regular file or a POSIX shared memory object.\" (a pipe's write end)",
            Fails("ftruncate", "EINVAL")),
        C("shm.close.mapped-persists", "POSIX close(), DESCRIPTION: \"If a memory mapped file or a shared memory object remains referenced at the last close (that is, a process has it mapped), then the entire contents of the memory object shall persist until the memory object becomes unreferenced.\" (unlinked and its only descriptor closed: a forked child finds the pattern in the inherited mapping, exit 3 if not, and the parent sees the child's store)",
            Returns("close", 0) & ChildExits(0) & Same("child_written_hex", "seen_hex")),
        C("shm.mmap.close-fd-keeps-map", "Linux shm_open(3), DESCRIPTION: \"After a call to mmap(2) the file descriptor may be closed without affecting the memory mapping.\" (a store through the mapping after close() is read back by pread() on a new shm_open())",
            Returns("close", 0) & IsNull("write_signal") & Returns("reopen", 0) & SeesWritten()),
        C("shm.perm.fchmod", "Linux shm_overview(7), DESCRIPTION: \"To change the permissions of a shared memory object.\" (fchmod(2) of a 0600 object to 0400 by its unprivileged owner: an O_RDWR shm_open() is then denied, O_RDONLY allowed)",
            Returns("fchmod", 0) & Mode("mode", "0400") & Fails("reopen_rdwr", "EACCES") & Returns("reopen_rdonly", 0)),
    ];
}

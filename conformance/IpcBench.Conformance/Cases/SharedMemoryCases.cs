using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>shm_open() and shm_unlink() (native/ipcprobe/CASES.md, "shm").</summary>
public static class SharedMemoryCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.SharedMemory, Reference = reference, Expected = expected };

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
    ];
}

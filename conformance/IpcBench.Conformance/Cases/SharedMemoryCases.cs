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
        C("shm.open.create", "POSIX shm_open(): a new shared memory object has size zero, is a regular-file-like object, mode from the mode argument",
            Returns("shm_open", 0) & Is("size", 0) & Mode("mode", "0600") & IsTrue("s_isreg"))
            with { Managed = ShmChecks.OpenCreate },
        C("shm.open.excl-eexist", "POSIX shm_open(): [EEXIST] O_CREAT and O_EXCL are set and the named shared memory object already exists",
            Fails("shm_open", "EEXIST"))
            with { Managed = ShmChecks.OpenExclEexist },
        C("shm.open.enoent", "POSIX shm_open(): [ENOENT] O_CREAT is not set and the named shared memory object does not exist",
            Fails("shm_open", "ENOENT"))
            with { Managed = ShmChecks.OpenEnoent },
        C("shm.open.trunc", "POSIX shm_open(): O_TRUNC: an existing object opened O_RDWR is truncated to zero length",
            Returns("shm_open", 0) & Computed("size_before", "2*page_size", o => 2 * PageSize(o)) & Is("size_after", 0))
            with { Managed = ShmChecks.OpenTrunc },
        C("shm.open.umask", "POSIX shm_open(): the permission bits are set to mode except those set in the file mode creation mask (0666 & ~027)",
            Returns("shm_open", 0) & Mode("mode", "0640")),
        C("shm.ftruncate.size", "POSIX ftruncate(): a shared memory object's size becomes exactly length bytes (3 pages + 5)",
            Returns("ftruncate", 0) & Computed("size", "3*page_size+5", o => 3 * PageSize(o) + 5))
            with { Managed = ShmChecks.FtruncateSize },
        C("shm.ftruncate.rdonly", "POSIX ftruncate(): [EBADF] or [EINVAL] The fildes argument is not a file descriptor open for writing",
            FailsWithOneOf("ftruncate", "EINVAL", "EBADF"))
            with { Managed = ShmChecks.FtruncateRdonly },
        C("shm.persist.until-unlink", "POSIX shm_unlink(): an object and its contents persist until shm_unlink(); then the name is gone",
            Returns("reopen", 0) & SeesWritten() & Fails("after_unlink", "ENOENT"))
            with { Managed = ShmChecks.PersistUntilUnlink },
        C("shm.persist.after-unlink-open", "POSIX shm_unlink(): removal is postponed while references exist: mappings and descriptors keep working",
            Returns("shm_unlink", 0) & Completes("write") & Is("fstat_nlink", 0) & SeesWritten()),
        C("shm.visible.across-processes", "POSIX shm_open(): processes opening the same name share the same memory",
            ChildExits(0) & SeesWritten()),
        C("shm.mmap.rdonly-shared-write", "POSIX mmap(): [EACCES] PROT_WRITE MAP_SHARED of a shared memory object opened O_RDONLY",
            Fails("mmap", "EACCES"))
            with { Managed = ShmChecks.MmapRdonlySharedWrite },
        C("shm.perm.eacces-rdwr-0400", "POSIX shm_open(): [EACCES] the object exists and the permissions specified by oflag are denied (0400, O_RDWR, unprivileged)",
            Fails("shm_open", "EACCES"))
            with { Managed = ShmChecks.PermEaccesRdwr0400, ManagedNeedsUnprivileged = true },
        C("shm.perm.rdonly-0400-ok", "POSIX shm_open(): opening a 0400 object O_RDONLY by its owner is permitted",
            Returns("shm_open", 0))
            with { Managed = ShmChecks.PermRdonly0400Ok, ManagedNeedsUnprivileged = true },
        C("shm.perm.create-0000", "POSIX open() semantics: the creating open succeeds whatever the mode; a later open is checked against mode 0 ([EACCES])",
            Returns("shm_open", 0) & Fails("reopen", "EACCES"))
            with { Managed = ShmChecks.PermCreate0000, ManagedNeedsUnprivileged = true },
        C("shm.name.no-leading-slash", "shm_open(3) glibc: a name without the leading slash names the same object (POSIX: implementation-defined)",
            Returns("shm_open", 0))
            with { Managed = ShmChecks.NameNoLeadingSlash },
        C("shm.name.embedded-slash", "shm_open(3) glibc: [EINVAL] a slash after the leading ones (POSIX: interpretation implementation-defined)",
            Fails("shm_open", "EINVAL"))
            with { Managed = ShmChecks.NameEmbeddedSlash },
        C("shm.name.slash-only", "shm_open(3) glibc: [EINVAL] the name \"/\" has no characters after the slash",
            Fails("shm_open", "EINVAL"))
            with { Managed = ShmChecks.NameSlashOnly },
        C("shm.name.dot", "POSIX shm_open(): name interpretation is implementation-defined; glibc: \"/.\" names the shm directory itself, so O_CREAT|O_EXCL fails ([EEXIST]; [EINVAL] where rejected)",
            FailsWithOneOf("shm_open", "EEXIST", "EINVAL"))
            with { Managed = ShmChecks.NameDot },
        C("shm.name.dotdot", "POSIX shm_open(): name interpretation is implementation-defined; glibc: \"/..\" names a directory, so O_CREAT|O_EXCL fails ([EEXIST]; [EINVAL] where rejected)",
            FailsWithOneOf("shm_open", "EEXIST", "EINVAL"))
            with { Managed = ShmChecks.NameDotDot },
        C("shm.name.too-long", "POSIX shm_open(): a name longer than {NAME_MAX} fails ([ENAMETOOLONG]; glibc says [EINVAL])",
            FailsWithOneOf("shm_open", "ENAMETOOLONG", "EINVAL") & Is("name_length", 256))
            with { Managed = ShmChecks.NameTooLong },
        C("shm.name.max-length", "POSIX shm_open(): a name of {NAME_MAX} (255) characters after the slash",
            Returns("shm_open", 0) & Is("name_length", 255))
            with { Managed = ShmChecks.NameMaxLength },
        C("shm.name.double-slash", "shm_open(3) glibc: leading slashes are stripped: \"//x\" is the object \"/x\"",
            Returns("shm_open", 0) & IsTrue("same_object"))
            with { Managed = ShmChecks.NameDoubleSlash },
        C("shm.unlink.enoent", "POSIX shm_unlink(): [ENOENT] The named shared memory object does not exist",
            Fails("shm_unlink", "ENOENT"))
            with { Managed = ShmChecks.UnlinkEnoent },
        C("shm.unlink.twice", "POSIX shm_unlink(): [ENOENT] a second unlink of the same name: it no longer exists",
            Fails("shm_unlink", "ENOENT"))
            with { Managed = ShmChecks.UnlinkTwice },
    ];
}

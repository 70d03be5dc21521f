namespace IpcBench.Conformance.Cases;

public static partial class UntestedRequirements
{
    /// <summary>Requirements of shm_open(), shm_unlink(), and ftruncate(), fstat(), close() on their descriptors that no case quotes.</summary>
    static IReadOnlyList<Row> SharedMemory =>
    [
        // ---- shm_open() ----
        By("POSIX shm_open(), DESCRIPTION: \"The shm_open() function shall establish a connection between a shared memory object and a file descriptor.\"",
            "shm.open.create", "shm.visible.across-processes"),
        By("POSIX shm_open(), DESCRIPTION: \"It shall create an open file description that refers to the shared memory object and a file descriptor that refers to that open file description.\"",
            "shm.open.create", "shm.visible.across-processes"),
        Why("POSIX shm_open(), DESCRIPTION: \"It is unspecified whether the name appears in the file system and is visible to other functions that take pathnames as arguments.\"",
            "unspecified: nothing to assert for POSIX (Linux's answer, /dev/shm, is the shm_overview(7) row)"),
        By("POSIX shm_open(), DESCRIPTION: \"If successful, shm_open() shall return a file descriptor for the shared memory object.\"",
            "shm.open.create", "shm.visible.across-processes"),
        Why("POSIX shm_open(), DESCRIPTION: \"It is unspecified whether the file offset is set.\"",
            "unspecified: nothing to assert"),
        By("POSIX shm_open(), DESCRIPTION: \"The FD_CLOEXEC file descriptor flag associated with the new file descriptor shall be set.\"",
            "shm.open.cloexec"),
        By("POSIX shm_open(), DESCRIPTION: \"Otherwise, the shared memory object is created.\"", "shm.open.create"),
        By("POSIX shm_open(), DESCRIPTION: \"The user ID of the shared memory object shall be set to the effective user ID of the process.\"",
            "shm.fstat.fields"),
        By("POSIX shm_open(), DESCRIPTION: \"The group ID of the shared memory object shall be set to the effective group ID of the process; however, if the name argument is visible in the file system, the group ID may be set to the group ID of the containing directory.\"",
            "shm.fstat.fields"),
        Why("POSIX shm_open(), DESCRIPTION: \"When bits in mode other than the file permission bits are set, the effect is unspecified.\"",
            "unspecified: nothing to assert"),
        By("POSIX shm_open(), DESCRIPTION: \"The mode argument does not affect whether the shared memory object is opened for reading, for writing, or for both.\"",
            "shm.perm.create-0000"),
        By("POSIX shm_open(), DESCRIPTION: \"If O_EXCL and O_CREAT are set, shm_open() fails if the shared memory object exists.\"",
            "shm.open.excl-eexist"),
        Todo("POSIX shm_open(), DESCRIPTION: \"The check for the existence of the shared memory object and the creation of the object if it does not exist is atomic with respect to other processes executing shm_open() naming the same shared memory object with O_EXCL and O_CREAT set.\"",
            "8 forked processes released together each shm_open(O_CREAT|O_EXCL) one new name, over 100 rounds: in every round exactly one succeeds and the others fail with EEXIST"),
        Why("POSIX shm_open(), DESCRIPTION: \"If O_EXCL is set and O_CREAT is not set, the result is undefined.\"",
            "undefined behaviour: nothing to assert"),
        Why("POSIX shm_open(), DESCRIPTION: \"The result of using O_TRUNC with O_RDONLY is undefined.\"",
            "undefined behaviour: nothing to assert for POSIX (Linux truncates: shm.open.trunc-rdonly, and asks for write permission: shm.perm.trunc-rdonly-0400)"),
        Todo("POSIX shm_open(), DESCRIPTION: \"If two threads each call one of these functions, each call shall either see all of the specified effects of the other call, or none of them.\"",
            "two threads race shm_open(O_CREAT|O_EXCL) and shm_unlink() of one name, 1000 rounds: either shm_unlink returned 0 and the name is gone, or it failed with ENOENT and the name opens; never one without the other"),
        Todo("POSIX shm_open(), DESCRIPTION: \"The requirement on the close() function shall also apply whenever a file descriptor is successfully closed, however caused (for example, as a consequence of calling close(), calling dup2(), or of process termination).\"",
            "one thread closes the descriptor (close(), or dup2() of another descriptor over it) while another mmap()s it, 1000 rounds: mmap either fails with EBADF or gives a mapping of the object (a pattern written through it reads back from a fresh shm_open)"),
        Why("POSIX shm_open(), DESCRIPTION: \"It is unspecified whether the name and shared memory object state remain valid after a system reboot.\"",
            "unspecified, and a test cannot reboot the machine"),
        By("POSIX shm_open(), RETURN VALUE: \"Upon successful completion, the shm_open() function shall return a non-negative integer representing the file descriptor.\"",
            "shm.open.create"),
        By("POSIX shm_open(), RETURN VALUE: \"Otherwise, it shall return -1 and set errno to indicate the error.\"",
            "shm.open.enoent", "shm.open.excl-eexist"),
        Why("POSIX shm_open(), ERRORS: \"[EINTR] The shm_open() operation was interrupted by a signal.\"",
            "shm_open() opens a file of the /dev/shm tmpfs, which never waits: no signal can interrupt it"),
        By("POSIX shm_open(), ERRORS: \"[EINVAL] The shm_open() operation is not supported for the given name.\"",
            "shm.name.embedded-slash", "shm.name.slash-only"),
        Why("POSIX shm_open(), ERRORS: \"[ENFILE] Too many shared memory objects are currently open in the system.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        Why("POSIX shm_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new shared memory object.\"",
            "filling /dev/shm would disturb every other process on the machine"),
        By("POSIX shm_open(), ERRORS: \"[ENAMETOOLONG] The length of the name argument exceeds {_POSIX_PATH_MAX} on systems that do not support the XSI option or exceeds {_XOPEN_PATH_MAX} on XSI systems, or has a pathname component that is longer than {_POSIX_NAME_MAX} on systems that do not support the XSI option or longer than {_XOPEN_NAME_MAX} on XSI systems.\"",
            "shm.name.too-long"),
        By("POSIX shm_open(), RATIONALE: \"When the Shared Memory Objects option is supported, the shm_open() function shall obtain a descriptor to the shared memory object to be mapped.\"",
            "shm.visible.across-processes", "mmap.sigbus.shm-zero-size"),
        By("POSIX shm_open(), RATIONALE: \"In both cases, the size can be set after the open using ftruncate().\"", "shm.ftruncate.size"),
        Todo("POSIX shm_open(), RATIONALE: \"The O_CLOEXEC open flag is not listed, because all shared memory objects are created with the FD_CLOEXEC flag already set; an application can later use fcntl() to clear that flag to allow the shared memory file descriptor to be preserved across the exec family of functions.\"",
            "clear FD_CLOEXEC with fcntl(F_SETFD, 0), then exec a helper: the descriptor is open there and fstat() shows the same object (that the flag is set at creation is shm.open.cloexec)"),
        By("POSIX shm_open(), RATIONALE: \"Thus, initializing memory objects to zero is required.\"", "shm.zero.initial", "shm.zero.regrow"),

        // ---- shm_unlink() ----
        By("POSIX shm_unlink(), DESCRIPTION: \"The shm_unlink() function shall remove the name of the shared memory object named by the string pointed to by name.\"",
            "shm.persist.until-unlink", "shm.unlink.twice"),
        By("POSIX shm_unlink(), DESCRIPTION: \"Even if the object continues to exist after the last shm_unlink(), reuse of the name shall subsequently cause shm_open() to behave as if no shared memory object of this name exists (that is, shm_open() shall fail if O_CREAT is not set, or shall create a new shared memory object if O_CREAT is set).\"",
            "shm.name.reuse-after-unlink", "shm.persist.until-unlink"),
        By("POSIX shm_unlink(), RETURN VALUE: \"Upon successful completion, a value of zero shall be returned.\"", "shm.persist.after-unlink-open"),
        By("POSIX shm_unlink(), RETURN VALUE: \"Otherwise, a value of -1 shall be returned and errno set to indicate the error.\"",
            "shm.unlink.enoent", "shm.unlink.twice"),
        Todo("POSIX shm_unlink(), RETURN VALUE: \"If -1 is returned, the named shared memory object shall not be changed by this function call.\"",
            "an unprivileged shm_unlink() of a one-page object another user created in the sticky /dev/shm fails with EACCES; the name still opens, and the size and a pattern written before are unchanged"),
        Todo("POSIX shm_unlink(), ERRORS: \"[EACCES] Permission is denied to unlink the named shared memory object.\"",
            "an unprivileged shm_unlink() of an object another user created in the sticky /dev/shm: EACCES (glibc turns the kernel's EPERM into EACCES)"),
        By("POSIX shm_unlink(), APPLICATION USAGE: \"Note that the actual memory object is not destroyed until the last close and unmap on it have occurred if it was already in use.\"",
            "shm.persist.after-unlink-open"),

        // ---- close() ----
        Why("POSIX close(), DESCRIPTION: \"If this is the last close of a memory mapped file or a shared memory object and the close results in the memory object becoming unreferenced, and the memory object has been unlinked, then the memory object shall be removed.\"",
            "once unlinked and unreferenced, nothing can name the object; its removal shows only in the free space of /dev/shm and the system's Shmem count, which every other process changes"),

        // ---- ftruncate() ----
        Why("POSIX ftruncate(), DESCRIPTION: \"If the effect of ftruncate() is to increase the size of a memory object, it is unspecified whether the contents of any mapped pages between the old end-of-file and the new are flushed to the underlying object.\"",
            "unspecified: nothing to assert"),

        // ---- fstat() ----
        Why("POSIX fstat(), DESCRIPTION: \"The implementation may update other fields and flags.\"",
            "a permission ('may'): Linux fills every field from the tmpfs inode, and nothing is required of them"),

        // ---- Linux shm_open(3) ----
        Todo("Linux shm_open(3), DESCRIPTION: \"A shared memory object opened in this way can be mmap(2)ed only for read (PROT_READ) access.\"",
            "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of an O_RDONLY descriptor succeeds on Linux (only MAP_SHARED with PROT_WRITE fails, shm.mmap.rdonly-shared-write): a case would record that the sentence holds for shared mappings only"),
        Why("Linux shm_open(3), ERRORS: \"ENFILE The system-wide limit on the total number of open files has been reached.\"",
            "a system-wide limit (fs.file-max): reaching it would disturb every other process on the machine"),
        By("Linux shm_open(3), NOTES: \"The POSIX shared memory object implementation on Linux makes use of a dedicated tmpfs(5) filesystem that is normally mounted under /dev/shm.\"",
            "shm.tmpfs.dev-shm"),

        // ---- Linux shm_overview(7) ----
        By("Linux shm_overview(7), DESCRIPTION: \"The POSIX shared memory API allows processes to communicate information by sharing a region of memory.\"",
            "shm.visible.across-processes"),
        By("Linux shm_overview(7), DESCRIPTION: \"A newly created shared memory object has a length of zero.\"",
            "shm.open.create", "mmap.sigbus.shm-zero-size"),
        By("Linux shm_overview(7), DESCRIPTION: \"Among the information returned by this call are the object's size (st_size), permissions (st_mode), owner (st_uid), and group (st_gid).\"",
            "shm.fstat.fields"),
        Todo("Linux shm_overview(7), DESCRIPTION: \"To change the ownership of a shared memory object.\"",
            "fchown() of a shared memory object descriptor (as root, to another uid and gid): fstat() shows the new owner and group"),
        Todo("Linux shm_overview(7), DESCRIPTION: \"Since Linux 2.6.19, Linux supports the use of access control lists (ACLs) to control the permissions of objects in the virtual filesystem.\"",
            "an object of mode 0600 with an ACL (system.posix_acl_access on /dev/shm/NAME) granting an unprivileged user read: its shm_open(O_RDONLY) succeeds and its O_RDWR fails with EACCES"),

        // ---- Linux ftruncate(2) ----
        By("Linux ftruncate(2), NOTES: \"ftruncate() can also be used to set the size of a POSIX shared memory object; see shm_open(3).\"",
            "shm.ftruncate.size"),
    ];
}

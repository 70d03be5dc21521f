using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>FIFOs: mkfifo() and open/read/write on one (native/ipcprobe/CASES.md, "fifo").</summary>
public static class FifoCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Fifo, Reference = reference, Expected = expected };

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("fifo.mkfifo.create", "POSIX mkfifo(), DESCRIPTION: \"The mkfifo() function shall create a new FIFO special file named by the pathname pointed to by path.\"",
            Returns("mkfifo", 0) & IsTrue("s_isfifo") & Mode("mode", "0600")),
        C("fifo.mkfifo.umask", "POSIX mkfifo(), DESCRIPTION: \"The file permission bits of the new FIFO shall be initialized from mode.\" (modified by the umask: 0666 & ~027)",
            Returns("mkfifo", 0) & IsTrue("s_isfifo") & Mode("mode", "0640")),
        C("fifo.mkfifo.eexist", "POSIX mkfifo(), ERRORS: \"[EEXIST] The named file already exists.\"",
            Fails("mkfifo", "EEXIST"))
            with { Managed = FifoChecks.MkfifoEexist, MonoPosix = MonoPosixChecks.FifoMkfifoEexist },
        C("fifo.mkfifo.enoent", "POSIX mkfifo(), ERRORS: \"[ENOENT] A component of the path prefix of path does not name an existing file or path is an empty string.\"",
            Fails("mkfifo", "ENOENT"))
            with { Managed = FifoChecks.MkfifoEnoent, MonoPosix = MonoPosixChecks.FifoMkfifoEnoent },
        C("fifo.open.nonblock-writer-no-reader", "POSIX open(), ERRORS: \"[ENXIO] O_NONBLOCK is set, the named file is a FIFO, O_WRONLY is set, and no process has the file open for reading.\"",
            Fails("open", "ENXIO"))
            with { Managed = FifoChecks.OpenNonblockWriterNoReader, MonoPosix = MonoPosixChecks.FifoOpenNonblockWriterNoReader },
        C("fifo.open.nonblock-reader-no-writer", "POSIX open(), DESCRIPTION: \"If O_NONBLOCK is set, an open() for reading-only shall return without delay.\"",
            Returns("open", 0) & Returns("read", 0))
            with { Managed = FifoChecks.OpenNonblockReaderNoWriter, MonoPosix = MonoPosixChecks.FifoOpenNonblockReaderNoWriter },
        C("fifo.open.nonblock-writer-with-reader", "POSIX open(), DESCRIPTION: \"An open() for writing-only shall return an error if no process currently has the file open for reading.\" (one has: the open succeeds)",
            Returns("open", 0))
            with { Managed = FifoChecks.OpenNonblockWriterWithReader, MonoPosix = MonoPosixChecks.FifoOpenNonblockWriterWithReader },
        C("fifo.open.blocking-waits", "POSIX open(), DESCRIPTION: \"If O_NONBLOCK is clear, an open() for reading-only shall block the calling thread until a thread opens the file for writing.\"",
            Returns("open", 0) & AtLeast("elapsed_ms", 10) & ChildExits(0)),
        C("fifo.open.rdwr", "Linux fifo(7), DESCRIPTION: \"Under Linux, opening a FIFO for read and write will succeed both in blocking and nonblocking mode.\"",
            Returns("open", 0))
            with { DepartsFrom = "POSIX open(): O_RDWR on a FIFO: the result is undefined", Managed = FifoChecks.OpenRdwr, MonoPosix = MonoPosixChecks.FifoOpenRdwr },
        C("fifo.roundtrip.fork", "POSIX mkfifo(), DESCRIPTION: \"The mkfifo() function shall create a new FIFO special file named by the pathname pointed to by path.\" (bytes written by one process are read by another)",
            ChildExits(0) & SeesWritten()),
        C("fifo.eof.after-writer-close", "POSIX read(), DESCRIPTION: \"If no process has the pipe open for writing, read() shall return 0 to indicate end-of-file.\" (a FIFO)",
            ReturnsAtLeast("read1", 1) & Returns("read2", 0))
            with { Managed = FifoChecks.EofAfterWriterClose },
        C("fifo.epipe", "POSIX write(), ERRORS: \"[EPIPE] An attempt is made to write to a pipe or FIFO that is not open for reading by any process, or that only has one end open.\" (a FIFO)",
            Fails("write", "EPIPE"))
            with { Managed = FifoChecks.Epipe, MonoPosix = MonoPosixChecks.FifoEpipe },
        C("fifo.nonblock.read-empty-with-writer", "POSIX read(), DESCRIPTION: \"If some process has the pipe open for writing and O_NONBLOCK is set, read() shall return -1 and set errno to [EAGAIN].\" (a FIFO)",
            Fails("read", "EAGAIN"))
            with { Managed = FifoChecks.NonblockReadEmptyWithWriter },
        C("fifo.espipe.lseek", "POSIX lseek(), ERRORS: \"[ESPIPE] The fildes argument is associated with a pipe, FIFO, or socket.\" (a FIFO)",
            Fails("lseek", "ESPIPE"))
            with { Managed = FifoChecks.EspipeLseek, MonoPosix = MonoPosixChecks.FifoEspipeLseek },
        C("fifo.atomic.pipe-buf-concurrent", "POSIX write(), DESCRIPTION: \"Write requests of {PIPE_BUF} bytes or less shall not be interleaved with data from other processes doing writes on the same pipe.\" (through a FIFO)",
            PipeCases.PipeBufAtomic),
        C("fifo.unlink-while-open", "POSIX unlink(), DESCRIPTION: \"If one or more processes have the file open when the last link is removed, the link shall be removed before unlink() returns, but the removal of the file contents shall be postponed until all references to the file are closed.\"",
            Returns("unlink", 0) & ReturnsField("write", "read_ret") & ReturnsAtLeast("read", 1) & SeesWritten())
            with { Managed = FifoChecks.UnlinkWhileOpen },
        C("fifo.capacity", "Linux pipe(7), DESCRIPTION: \"Since Linux 2.6.35, the default pipe capacity is 16 pages, but the capacity can be queried and set using the fcntl(2) F_GETPIPE_SZ and F_SETPIPE_SZ operations.\" (a FIFO too)",
            Computed("f_getpipe_sz", "16*page_size", o => 16 * PageSize(o)) & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = FifoChecks.Capacity },
        C("fifo.perm.eacces", "POSIX open(), ERRORS: \"[EACCES] Search permission is denied on a component of the path prefix, or the file exists and the permissions specified by oflag are denied, or the file does not exist and write permission is denied for the parent directory of the file to be created, or O_TRUNC is specified and write permission is denied.\" (mode 0200, O_RDONLY)",
            Fails("open", "EACCES"))
            with { Managed = FifoChecks.PermEacces, ManagedNeedsUnprivileged = true },
        C("fifo.mkfifo.symlink-eexist", "POSIX mkfifo(), DESCRIPTION: \"If path names a symbolic link, mkfifo() shall fail and set errno to [EEXIST].\" (a dangling link, and one to a regular file; both links and the file unchanged)",
            Fails("mkfifo_dangling", "EEXIST") & Fails("mkfifo_to_file", "EEXIST")
            & IsTrue("links_unchanged") & IsTrue("nowhere_absent") & IsTrue("file_still_regular")),
        C("fifo.mkfifo.enametoolong", "POSIX mkfifo(), ERRORS: \"[ENAMETOOLONG] The length of a component of a pathname is longer than {NAME_MAX}.\" (a last component of {NAME_MAX}+1 bytes; nothing created)",
            Fails("mkfifo", "ENAMETOOLONG") & Is("entries_added", 0) & Inputs("name_max")),
        C("fifo.mkfifo.enotdir", "POSIX mkfifo(), ERRORS: \"[ENOTDIR] A component of the path prefix names an existing file that is neither a directory nor a symbolic link to a directory.\" (\"file/f\")",
            Fails("mkfifo", "ENOTDIR")),
        C("fifo.mkfifo.eloop", "POSIX mkfifo(), ERRORS: \"[ELOOP] A loop exists in symbolic links encountered during resolution of the path argument.\" (a -> b, b -> a; \"a/f\")",
            Fails("mkfifo", "ELOOP")),
        C("fifo.mkfifo.trailing-slash", "POSIX mkfifo(), ERRORS: \"[ENOENT] or [ENOTDIR] The path argument contains at least one non-<slash> character and ends with one or more trailing <slash> characters.\" (\"absent/\"; and \"file/\" naming a regular file: not ENOENT)",
            FailsWithOneOf("mkfifo_absent", "ENOENT", "ENOTDIR") & Fails("lstat_absent", "ENOENT")
            & That("mkfifo_file fails, not with ENOENT", o => o.Int("mkfifo_file_ret") == -1 && o.Str("mkfifo_file_errno") is { } e && e != "ENOENT", "mkfifo_file_ret", "mkfifo_file_errno")
            & IsTrue("file_still_regular")),
        C("fifo.mkfifo.eacces", "POSIX mkfifo(), ERRORS: \"[EACCES] A component of the path prefix denies search permission, or write permission is denied on the parent directory of the FIFO to be created.\" (unprivileged: a 0500 parent, and a 0600 directory on the prefix; nothing created)",
            Fails("mkfifo_no_write", "EACCES") & Fails("mkfifo_no_search", "EACCES") & Fails("lstat_no_write", "ENOENT")),
        C("fifo.mkfifoat.relative", "POSIX mkfifo(), DESCRIPTION: \"In this case the newly created FIFO is created relative to the directory associated with the file descriptor fd instead of the current working directory.\"",
            Returns("mkfifoat", 0) & IsTrue("fifo_in_dirfd") & Fails("lstat_cwd", "ENOENT")),
        C("fifo.mkfifoat.ebadf", "POSIX mkfifo(), ERRORS: \"[EBADF] The path argument does not specify an absolute path and the fd argument is neither AT_FDCWD nor a valid file descriptor open for reading or searching.\" (a closed descriptor number)",
            Fails("mkfifoat", "EBADF")),
        C("fifo.mkfifoat.enotdir", "POSIX mkfifo(), ERRORS: \"[ENOTDIR] The path argument is not an absolute path and fd is a file descriptor associated with a non-directory file.\" (a regular file)",
            Fails("mkfifoat", "ENOTDIR")),
        C("fifo.stat.no-contents", "Linux fifo(7), DESCRIPTION: \"When processes are exchanging data via the FIFO, the kernel passes all data internally without writing it to the filesystem.\" (16 unread bytes: st_size and st_blocks 0)",
            Returns("write", 16) & Is("st_size", 0) & Is("st_blocks", 0) & Returns("read", 16) & SeesWritten()),
        C("fifo.close.discards", "POSIX close(), DESCRIPTION: \"When all file descriptors associated with a pipe or FIFO special file are closed, any data remaining in the pipe or FIFO shall be discarded.\" (a FIFO reopened after 5 unread bytes)",
            Returns("write", 5) & Is("fionread", 0) & Fails("read", "EAGAIN")),
        C("fifo.open.trunc-no-effect", "POSIX open(), DESCRIPTION: \"It shall have no effect on FIFO special files or terminal device files.\" (O_TRUNC on a FIFO holding 5 bytes)",
            Returns("write", 5) & Returns("open_trunc", 0) & Is("fionread", 5) & Returns("read", 5) & SeesWritten()),
        C("fifo.mkfifo.owner", "POSIX mkfifo(), DESCRIPTION: \"The FIFO's user ID shall be set to the process' effective user ID.\" (unprivileged; the group ID is the parent directory's or the effective one)",
            Same("euid", "st_uid")
            & That("st_gid is dir_gid or egid", o => (o.Int("st_gid"), o.Int("dir_gid"), o.Int("egid")) is ({ } g, var d, var e) && (g == d || g == e), "st_gid", "dir_gid", "egid")),
        C("fifo.mkfifoat.absolute", "POSIX mkfifo(), DESCRIPTION: \"The mkfifoat() function shall be equivalent to the mkfifo() function except in the case where path specifies a relative path.\" (an absolute path with a regular file's descriptor: fd ignored)",
            Returns("mkfifoat", 0) & IsTrue("fifo_at_path")),
        C("fifo.mkfifoat.eacces-dirfd", "POSIX mkfifo(), ERRORS: \"[EACCES] The access mode of the open file description associated with fd is not O_SEARCH and the permissions of the directory underlying fd do not permit directory searches.\" (unprivileged: opened O_RDONLY, then chmod 0600; nothing created)",
            Fails("mkfifoat", "EACCES") & Fails("lstat", "ENOENT")),
        C("fifo.epipe.signal", "Linux fifo(7), NOTES: \"When a process tries to write to a FIFO that is not opened for read on the other side, the process is sent a SIGPIPE signal.\" (SIGPIPE caught: one signal, write -1/EPIPE)",
            Fails("write", "EPIPE") & Is("sigpipe_count", 1)),
        C("fifo.open.rdwr-io", "Linux fifo(7), DESCRIPTION: \"This can be used to open a FIFO for writing while there are no readers available.\" (O_RDWR without other party: 5 bytes written and read back on that descriptor)",
            Returns("open", 0) & Returns("write", 5) & Returns("read", 5) & SeesWritten())
            with { DepartsFrom = "POSIX open(): O_RDWR on a FIFO: the result is undefined" },
        C("fifo.open.rdwr-nonblock-io", "Linux fifo(7), DESCRIPTION: \"This can be used to open a FIFO for writing while there are no readers available.\" (O_RDWR|O_NONBLOCK without other party: 5 bytes written and read back on that descriptor)",
            Returns("open", 0) & Returns("write", 5) & Returns("read", 5) & SeesWritten())
            with { DepartsFrom = "POSIX open(): O_RDWR on a FIFO: the result is undefined" },
    ];
}

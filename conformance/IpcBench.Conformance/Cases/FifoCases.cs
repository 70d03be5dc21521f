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
    ];
}

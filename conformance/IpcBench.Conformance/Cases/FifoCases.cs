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
        C("fifo.mkfifo.create", "POSIX mkfifo(): creates a FIFO special file with the permission bits of mode (modified by the umask: 0600 & ~022)",
            Returns("mkfifo", 0) & IsTrue("s_isfifo") & Mode("mode", "0600")),
        C("fifo.mkfifo.umask", "POSIX mkfifo(): the file permission bits are mode modified by the file creation mask (0666 & ~027 = 0640)",
            Returns("mkfifo", 0) & IsTrue("s_isfifo") & Mode("mode", "0640")),
        C("fifo.mkfifo.eexist", "POSIX mkfifo(): [EEXIST] The named file already exists",
            Fails("mkfifo", "EEXIST"))
            with { Managed = FifoChecks.MkfifoEexist, MonoPosix = MonoPosixChecks.FifoMkfifoEexist },
        C("fifo.mkfifo.enoent", "POSIX mkfifo(): [ENOENT] A component of the path prefix does not exist",
            Fails("mkfifo", "ENOENT"))
            with { Managed = FifoChecks.MkfifoEnoent, MonoPosix = MonoPosixChecks.FifoMkfifoEnoent },
        C("fifo.open.nonblock-writer-no-reader", "POSIX open(): [ENXIO] O_NONBLOCK|O_WRONLY on a FIFO that no process has open for reading",
            Fails("open", "ENXIO"))
            with { Managed = FifoChecks.OpenNonblockWriterNoReader, MonoPosix = MonoPosixChecks.FifoOpenNonblockWriterNoReader },
        C("fifo.open.nonblock-reader-no-writer", "POSIX open(): O_NONBLOCK|O_RDONLY on a FIFO returns without delay; read() then returns 0 (no writer)",
            Returns("open", 0) & Returns("read", 0))
            with { Managed = FifoChecks.OpenNonblockReaderNoWriter, MonoPosix = MonoPosixChecks.FifoOpenNonblockReaderNoWriter },
        C("fifo.open.nonblock-writer-with-reader", "POSIX open(): O_NONBLOCK|O_WRONLY succeeds when a reader has the FIFO open",
            Returns("open", 0))
            with { Managed = FifoChecks.OpenNonblockWriterWithReader, MonoPosix = MonoPosixChecks.FifoOpenNonblockWriterWithReader },
        C("fifo.open.blocking-waits", "POSIX open(): without O_NONBLOCK, an open for reading-only shall block until a thread opens the file for writing",
            Returns("open", 0) & AtLeast("elapsed_ms", 10) & ChildExits(0)),
        C("fifo.open.rdwr", "fifo(7) Linux: opening a FIFO O_RDWR succeeds without a peer",
            Returns("open", 0))
            with { DepartsFrom = "POSIX open(): O_RDWR on a FIFO: the result is undefined", Managed = FifoChecks.OpenRdwr, MonoPosix = MonoPosixChecks.FifoOpenRdwr },
        C("fifo.roundtrip.fork", "POSIX mkfifo(): bytes a writer process puts in the FIFO are what the reader gets",
            ChildExits(0) & SeesWritten()),
        C("fifo.eof.after-writer-close", "POSIX read(): once the last writer closed and the FIFO is drained, read() returns 0",
            ReturnsAtLeast("read1", 1) & Returns("read2", 0))
            with { Managed = FifoChecks.EofAfterWriterClose },
        C("fifo.epipe", "POSIX write(): [EPIPE] write to a FIFO that is not open for reading by any process",
            Fails("write", "EPIPE"))
            with { Managed = FifoChecks.Epipe, MonoPosix = MonoPosixChecks.FifoEpipe },
        C("fifo.nonblock.read-empty-with-writer", "POSIX read(): [EAGAIN] O_NONBLOCK, empty FIFO, a writer has it open",
            Fails("read", "EAGAIN"))
            with { Managed = FifoChecks.NonblockReadEmptyWithWriter },
        C("fifo.espipe.lseek", "POSIX lseek(): [ESPIPE] The fildes argument is associated with a FIFO",
            Fails("lseek", "ESPIPE"))
            with { Managed = FifoChecks.EspipeLseek, MonoPosix = MonoPosixChecks.FifoEspipeLseek },
        C("fifo.atomic.pipe-buf-concurrent", "POSIX write(): writes of PIPE_BUF bytes or less to a FIFO shall not be interleaved with other writers' data",
            PipeCases.PipeBufAtomic),
        C("fifo.unlink-while-open", "POSIX unlink(): the FIFO stays usable by the processes that have it open after its name is removed",
            Returns("unlink", 0) & ReturnsField("write", "read_ret") & ReturnsAtLeast("read", 1) & SeesWritten())
            with { Managed = FifoChecks.UnlinkWhileOpen },
        C("fifo.capacity", "pipe(7) Linux: a FIFO holds 16 pages like a pipe",
            Computed("f_getpipe_sz", "16*page_size", o => 16 * PageSize(o)) & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = FifoChecks.Capacity },
        C("fifo.perm.eacces", "POSIX open(): [EACCES] read permission is denied for the FIFO (mode 0200, opened O_RDONLY by its unprivileged owner)",
            Fails("open", "EACCES"))
            with { Managed = FifoChecks.PermEacces, ManagedNeedsUnprivileged = true },
    ];
}

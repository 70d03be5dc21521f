using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>pipe() and pipe2() (native/ipcprobe/CASES.md, "pipe"). SIGPIPE is ignored unless the case says otherwise.</summary>
public static class PipeCases
{
    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.Pipe, Reference = reference, Expected = expected };

    /// <summary>Shared with the FIFO case of the same name.</summary>
    internal static readonly Expectation PipeBufAtomic =
        Is("records_mixed", 0) & Same("records_expected", "records_seen") & IsTrue("records_per_writer_ok") & Is("writers_failed", 0)
        & AtLeast("pipe_buf", 512) & Inputs("writers");

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("pipe.basic.roundtrip", "POSIX pipe(), DESCRIPTION: \"A read on the file descriptor fildes[0] shall access data written to the file descriptor fildes[1] on a first-in-first-out basis.\"",
            Returns("pipe", 0) & Returns("write", 32) & Returns("read", 32) & SeesWritten())
            with { Managed = PipeChecks.BasicRoundtrip, MonoPosix = MonoPosixChecks.PipeBasicRoundtrip },
        C("pipe.eof.after-writers-closed", "POSIX read(), DESCRIPTION: \"If no process has the pipe open for writing, read() shall return 0 to indicate end-of-file.\"",
            Returns("read1", 5) & Returns("read2", 0))
            with { Managed = PipeChecks.EofAfterWritersClosed, MonoPosix = MonoPosixChecks.PipeEofAfterWritersClosed },
        C("pipe.eof.nonblock", "POSIX read(), DESCRIPTION: \"If no process has the pipe open for writing, read() shall return 0 to indicate end-of-file.\" (O_NONBLOCK set)",
            Returns("read", 0))
            with { Managed = PipeChecks.EofNonblock },
        C("pipe.epipe.signal", "POSIX write(), ERRORS: \"A SIGPIPE signal shall also be sent to the thread.\" ([EPIPE])",
            Fails("write", "EPIPE") & Is("sigpipe_count", 1)
            & Expectation.Irrelevant("POSIX does not say which si_code a SIGPIPE from write() carries", "sigpipe_si_code")),
        C("pipe.epipe.ignored", "POSIX write(), ERRORS: \"[EPIPE] An attempt is made to write to a pipe or FIFO that is not open for reading by any process, or that only has one end open.\" (SIGPIPE ignored: discarded, not pending)",
            Fails("write", "EPIPE") & IsFalse("sigpipe_pending") & IsTrue("still_ignored")),
        C("pipe.epipe.default-kills", "Linux pipe(7), DESCRIPTION: \"If all file descriptors referring to the read end of a pipe have been closed, then a write(2) will cause a SIGPIPE signal to be generated for the calling process.\" (the default action terminates it)",
            Is("child_signal", "SIGPIPE") & IsNull("child_exit")),
        C("pipe.nonblock.read-empty", "POSIX read(), DESCRIPTION: \"If some process has the pipe open for writing and O_NONBLOCK is set, read() shall return -1 and set errno to [EAGAIN].\"",
            Fails("read", "EAGAIN"))
            with { Managed = PipeChecks.NonblockReadEmpty, MonoPosix = MonoPosixChecks.PipeNonblockReadEmpty },
        C("pipe.nonblock.write-full", "POSIX write(), ERRORS: \"[EAGAIN] The O_NONBLOCK flag is set for the file descriptor and the thread would be delayed in the write() operation.\"",
            Fails("write", "EAGAIN") & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.NonblockWriteFull },
        C("pipe.nonblock.small-write-atomic", "POSIX write(), DESCRIPTION: \"Otherwise, write() shall transfer no data and shall return -1 with errno set to [EAGAIN].\" (O_NONBLOCK, {PIPE_BUF} bytes or fewer)",
            (Fails("write", "EAGAIN") | ReturnsField("write", "pipe_buf")) & That("free_bytes < pipe_buf (the scenario)", o => o.Int("free_bytes") < o.Int("pipe_buf"), "free_bytes", "pipe_buf"))
            with { Managed = PipeChecks.NonblockSmallWriteAtomic },
        C("pipe.nonblock.large-write-partial", "POSIX write(), DESCRIPTION: \"When at least one byte can be written, transfer what it can and return the number of bytes written.\" (O_NONBLOCK, more than {PIPE_BUF} bytes)",
            ReturnsAtLeast("write", 1) & That("0 < write_ret <= free_bytes", o => o.Int("write_ret") is > 0 and var n && n <= o.Int("free_bytes"), "write_ret", "free_bytes"))
            with { Managed = PipeChecks.NonblockLargeWritePartial },
        C("pipe.capacity.default", "Linux pipe(7), DESCRIPTION: \"Since Linux 2.6.35, the default pipe capacity is 16 pages, but the capacity can be queried and set using the fcntl(2) F_GETPIPE_SZ and F_SETPIPE_SZ operations.\"",
            Computed("f_getpipe_sz", "16*page_size", o => 16 * PageSize(o)) & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.CapacityDefault },
        C("pipe.setpipe-sz.grow", "Linux fcntl(2), DESCRIPTION: \"Change the capacity of the pipe referred to by fd to be at least arg bytes.\" (arg = /proc/sys/fs/pipe-max-size)",
            That("fcntl_ret >= pipe_max_size", o => o.Int("fcntl_ret") >= o.Int("pipe_max_size") && o.Int("pipe_max_size") > 0, "fcntl_ret", "pipe_max_size")
            & ReturnsAtLeast("fcntl", 1) & Same("fcntl_ret", "f_getpipe_sz") & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.SetPipeSzGrow },
        C("pipe.setpipe-sz.round-up", "Linux fcntl(2), DESCRIPTION: \"When allocating the buffer for the pipe, the kernel may use a capacity larger than arg, if that is convenient for the implementation.\"",
            That("f_getpipe_sz == fcntl_ret, >= 5000, a power-of-two number of pages",
                o => o.Int("f_getpipe_sz") is { } n && n == o.Int("fcntl_ret") && n >= 5000 && n % PageSize(o) == 0 && long.IsPow2(n / PageSize(o)),
                "fcntl_ret", "f_getpipe_sz") & ReturnsAtLeast("fcntl", 5000))
            with { Managed = PipeChecks.SetPipeSzRoundUp },
        C("pipe.setpipe-sz.below-content", "Linux fcntl(2), ERRORS: \"EBUSY cmd is F_SETPIPE_SZ and the new pipe capacity specified in arg is smaller than the amount of buffer space currently used to store data in the pipe.\"",
            Fails("fcntl", "EBUSY"))
            with { Managed = PipeChecks.SetPipeSzBelowContent },
        C("pipe.setpipe-sz.over-max", "Linux fcntl(2), DESCRIPTION: \"Attempts by an unprivileged process to set the pipe capacity above the limit in /proc/sys/fs/pipe-max-size yield the error EPERM; a privileged process (CAP_SYS_RESOURCE) can override the limit.\"",
            Fails("fcntl", "EPERM") & AtLeast("pipe_max_size", 4096))
            with { Managed = PipeChecks.SetPipeSzOverMax, ManagedNeedsUnprivileged = true },
        C("pipe.atomic.pipe-buf-concurrent", "POSIX write(), DESCRIPTION: \"Write requests of {PIPE_BUF} bytes or less shall not be interleaved with data from other processes doing writes on the same pipe.\"",
            PipeBufAtomic),
        C("pipe.espipe.lseek", "POSIX lseek(), ERRORS: \"[ESPIPE] The fildes argument is associated with a pipe, FIFO, or socket.\" (a pipe)",
            Fails("lseek", "ESPIPE"))
            with { Managed = PipeChecks.EspipeLseek, MonoPosix = MonoPosixChecks.PipeEspipeLseek },
        C("pipe.espipe.pread", "POSIX pread(), ERRORS: \"[ESPIPE] The file is a pipe or FIFO.\"",
            Fails("pread", "ESPIPE"))
            with { Managed = PipeChecks.EspipePread, MonoPosix = MonoPosixChecks.PipeEspipePread },
        C("pipe.espipe.pwrite", "POSIX pwrite(), ERRORS: \"[ESPIPE] The file is a pipe or FIFO.\"",
            Fails("pwrite", "ESPIPE"))
            with { Managed = PipeChecks.EspipePwrite, MonoPosix = MonoPosixChecks.PipeEspipePwrite },
        C("pipe.pipe-buf.value", "POSIX write(), DESCRIPTION: \"A write request for {PIPE_BUF} or fewer bytes shall have the following effect: if there is sufficient space available in the pipe, write() shall transfer all the data and shall return the number of bytes requested.\" ({PIPE_BUF} as fpathconf() reports it, at least {_POSIX_PIPE_BUF} (512))",
            ReturnsAtLeast("fpathconf", 512) & ReturnsField("fpathconf", "pipe_buf")
            & Fails("write_short", "EAGAIN") & Is("fionread_delta", 0) & ReturnsField("write_room", "fpathconf_ret")),
        C("pipe.pipe2.flags", "Linux pipe(2), DESCRIPTION: \"O_CLOEXEC Set the close-on-exec (FD_CLOEXEC) flag on the two new file descriptors.\" (and O_NONBLOCK on both)",
            Returns("pipe2", 0) & IsTrue("fd_cloexec") & IsTrue("o_nonblock"))
            with { Managed = PipeChecks.Pipe2Flags },
        C("pipe.read.partial", "POSIX read(), DESCRIPTION: \"The value returned may be less than nbyte if the number of bytes left in the file is less than nbyte, if the read() request was interrupted by a signal, or if the file is a pipe or FIFO or special file and has fewer than nbyte bytes immediately available for reading.\"",
            Returns("read", 10))
            with { Managed = PipeChecks.ReadPartial, MonoPosix = MonoPosixChecks.PipeReadPartial },
        C("pipe.write.zero", "POSIX write(), DESCRIPTION: \"If nbyte is zero and the file is not a regular file, the results are unspecified.\" (Linux returns 0)",
            Returns("write", 0))
            with { DepartsFrom = "POSIX write(): if nbyte is zero and the file is not a regular file, the results are unspecified", Managed = PipeChecks.WriteZero, MonoPosix = MonoPosixChecks.PipeWriteZero },
        C("pipe.fstat.is-fifo", "POSIX <sys/stat.h>, DESCRIPTION: \"S_ISFIFO(m) Test for a pipe or FIFO special file.\"",
            Returns("fstat", 0) & IsTrue("s_isfifo")),
        C("pipe.poll.hup", "POSIX poll(), DESCRIPTION: \"POLLHUP A device has been disconnected, or a pipe or FIFO has been closed by the last process that had it open for writing.\"",
            Returns("poll", 1) & IsTrue("pollhup") & IsFalse("pollin"))
            with { Managed = PipeChecks.PollHup },
        C("pipe.open-wrong-end", "POSIX write(), ERRORS: \"[EBADF] The fildes argument is not a valid file descriptor open for writing.\" (and read() on the write end: [EBADF])",
            Fails("write", "EBADF") & Fails("read", "EBADF"))
            with { Managed = PipeChecks.OpenWrongEnd, MonoPosix = MonoPosixChecks.PipeOpenWrongEnd },
    ];
}

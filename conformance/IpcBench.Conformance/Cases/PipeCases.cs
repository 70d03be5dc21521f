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
        C("pipe.pipe.flags-clear", "POSIX pipe(), DESCRIPTION: \"The O_NONBLOCK and FD_CLOEXEC flags shall be clear on both file descriptors.\"",
            Returns("pipe", 0) & IsFalse("o_nonblock_any") & IsFalse("fd_cloexec_any")
            & Expectation.Irrelevant("POSIX leaves unspecified whether fildes[0] is also open for writing and fildes[1] for reading (pipe.pipe2.zero-flags checks Linux's one-way ends)", "accmode0", "accmode1")),
        C("pipe.pipe2.zero-flags", "Linux pipe(2), DESCRIPTION: \"If flags is 0, then pipe2() is the same as pipe().\"",
            Returns("pipe2", 0) & IsFalse("o_nonblock_any") & IsFalse("fd_cloexec_any") & Is("accmode0", "O_RDONLY") & Is("accmode1", "O_WRONLY")
            & Returns("write", 5) & Returns("read", 5)),
        C("pipe.pipe2.einval", "Linux pipe(2), ERRORS: \"EINVAL (pipe2()) Invalid value in flags.\" (O_APPEND, and a bit no O_* flag uses)",
            Fails("pipe2_append", "EINVAL") & Fails("pipe2_unknown_bit", "EINVAL") & IsTrue("fildes_unchanged")),
        C("pipe.fd-allocation.lowest", "POSIX pipe(), DESCRIPTION: \"The file descriptors shall be allocated as described in Section 2.14, File Descriptor Allocation.\" (the two lowest free numbers, fildes[0] the lower)",
            Returns("pipe", 0) & Same("lowest_free", "fildes0") & Same("next_free", "fildes1")),
        C("pipe.owner", "POSIX pipe(), DESCRIPTION: \"The pipe's user ID shall be set to the effective user ID of the calling process.\" (and the group ID to the effective group ID)",
            Is("fstat_ret", 0) & Same("euid", "st_uid0") & Same("euid", "st_uid1") & Same("egid", "st_gid0") & Same("egid", "st_gid1")),
        C("pipe.setpipe-sz.below-page", "Linux fcntl(2), DESCRIPTION: \"Attempts to set the pipe capacity below the page size are silently rounded up to the page size.\" (F_SETPIPE_SZ 1)",
            Succeeds("fcntl") & Computed("fcntl_ret", "page_size", PageSize) & Computed("f_getpipe_sz", "page_size", PageSize)),
        C("pipe.setpipe-sz.next-pow2", "Linux fcntl(2), DESCRIPTION: \"In the current implementation, the allocation is the next higher power-of-two page-size multiple of the requested size.\" (5000 bytes, and 3 pages + 1 byte)",
            Succeeds("set_5000") & Computed("set_5000_ret", "next power-of-two number of pages holding 5000 bytes", o => NextPow2Pages(5000, PageSize(o)))
            & Succeeds("set_3pages_plus1") & Computed("set_3pages_plus1_ret", "4*page_size", o => 4 * PageSize(o))
            & Same("set_3pages_plus1_ret", "f_getpipe_sz")),
        C("pipe.setpipe-sz.unprivileged-range", "Linux fcntl(2), DESCRIPTION: \"An unprivileged process can adjust the pipe capacity to any value between the system page size and the limit defined in /proc/sys/fs/pipe-max-size (see proc(5)).\" (both bounds)",
            Succeeds("set_page") & Computed("set_page_ret", "page_size", PageSize) & Succeeds("set_max")
            & That("set_max_ret >= pipe_max_size", o => o.Int("pipe_max_size") is > 0 and var max && o.Int("set_max_ret") >= max, "set_max_ret", "pipe_max_size")
            & Same("set_max_ret", "f_getpipe_sz")),
        C("pipe.nonblock.large-write-full", "POSIX write(), DESCRIPTION: \"When no data can be written, transfer no data, and return -1 with errno set to [EAGAIN].\" (O_NONBLOCK, full pipe, 2*{PIPE_BUF} bytes)",
            Fails("write", "EAGAIN") & Is("fionread_delta", 0) & Inputs("pipe_buf")),
        C("pipe.nonblock.empty-large-write", "POSIX write(), DESCRIPTION: \"When all data previously written to the pipe or FIFO is read, it shall transfer at least {PIPE_BUF} bytes.\" (O_NONBLOCK, an empty one-page pipe, 3*{PIPE_BUF} bytes)",
            ReturnsAtLeast("write", 1)
            & That("pipe_buf <= write_ret <= f_getpipe_sz", o => o.Int("write_ret") is { } n && n >= o.Int("pipe_buf") && n <= o.Int("f_getpipe_sz"), "write_ret", "pipe_buf", "f_getpipe_sz")),
        C("pipe.direct.packets", "Linux pipe(2), DESCRIPTION: \"Each write(2) to the pipe is dealt with as a separate packet, and read(2)s from the pipe will read one packet at a time.\" (pipe2(O_DIRECT), writes of 10 and 20 bytes, reads of 100)",
            Returns("pipe2", 0) & Returns("write1", 10) & Returns("write2", 20) & Returns("read1", 10) & Returns("read2", 20))
            with { MinKernel = new Version(3, 4) },
        C("pipe.direct.short-read", "Linux pipe(2), DESCRIPTION: \"If a read(2) specifies a buffer size that is smaller than the next packet, then the requested number of bytes are read, and the excess bytes in the packet are discarded.\" (packets of 10 and 5 bytes, read(4) then read(100))",
            Returns("pipe2", 0) & Returns("read_short", 4) & Returns("read_next", 5) & SeesWritten())
            with { MinKernel = new Version(3, 4) },
        C("pipe.fcntl.set-flags", "POSIX pipe(), DESCRIPTION: \"The fcntl() function can be used to set both these flags.\" (O_NONBLOCK by F_SETFL and FD_CLOEXEC by F_SETFD, on both ends of a pipe() pipe)",
            IsTrue("clear_before") & IsTrue("setfl_ok") & IsTrue("setfd_ok") & IsTrue("o_nonblock") & IsTrue("fd_cloexec") & Fails("read", "EAGAIN")),
        C("pipe.emfile.fildes-unchanged", "POSIX pipe(), RETURN VALUE: \"Upon successful completion, 0 shall be returned; otherwise, -1 shall be returned and errno set to indicate the error, no file descriptors shall be allocated and the contents of fildes shall be left unmodified.\" (RLIMIT_NOFILE with exactly one number free: [EMFILE])",
            Fails("pipe", "EMFILE") & IsTrue("fildes_unchanged") & Fails("getfd_free", "EBADF")),
        C("pipe.pipe-buf.linux-4096", "Linux pipe(7), DESCRIPTION: \"On Linux, PIPE_BUF is 4096 bytes.\" (fpathconf(_PC_PIPE_BUF) on both ends of a pipe and on a FIFO)",
            Returns("fpathconf_read_end", 4096) & Returns("fpathconf_write_end", 4096) & Returns("fpathconf_fifo", 4096)),
    ];

    /// <summary>F_SETPIPE_SZ's allocation for a request of n bytes: the next power-of-two number of pages.</summary>
    static long NextPow2Pages(long n, long pageSize) =>
        (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)((n + pageSize - 1) / pageSize)) * pageSize;
}

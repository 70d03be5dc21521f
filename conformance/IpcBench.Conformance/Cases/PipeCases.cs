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
        C("pipe.basic.roundtrip", "POSIX pipe(): data written to fildes[1] appears on (is read from) fildes[0]",
            Returns("pipe", 0) & Returns("write", 32) & Returns("read", 32) & SeesWritten())
            with { Managed = PipeChecks.BasicRoundtrip, MonoPosix = MonoPosixChecks.PipeBasicRoundtrip },
        C("pipe.eof.after-writers-closed", "POSIX read(): reading an empty pipe that no process has open for writing returns 0 (end-of-file)",
            Returns("read1", 5) & Returns("read2", 0))
            with { Managed = PipeChecks.EofAfterWritersClosed, MonoPosix = MonoPosixChecks.PipeEofAfterWritersClosed },
        C("pipe.eof.nonblock", "POSIX read(): end-of-file (0) takes precedence over O_NONBLOCK's [EAGAIN] when there are no writers",
            Returns("read", 0))
            with { Managed = PipeChecks.EofNonblock },
        C("pipe.epipe.signal", "POSIX write(): [EPIPE] write to a pipe not open for reading by any process; a SIGPIPE signal shall also be sent to the thread",
            Fails("write", "EPIPE") & Is("sigpipe_count", 1)
            & Expectation.Irrelevant("POSIX does not say which si_code a SIGPIPE from write() carries", "sigpipe_si_code")),
        C("pipe.epipe.ignored", "POSIX write(): [EPIPE] with SIGPIPE ignored, the write fails and no signal is delivered",
            Fails("write", "EPIPE") & IsFalse("sigpipe_pending") & IsTrue("still_ignored")),
        C("pipe.epipe.default-kills", "POSIX signal.h: SIGPIPE's default action is to terminate the process",
            Is("child_signal", "SIGPIPE") & IsNull("child_exit")),
        C("pipe.nonblock.read-empty", "POSIX read(): [EAGAIN] O_NONBLOCK is set and the pipe is empty while a writer has it open",
            Fails("read", "EAGAIN"))
            with { Managed = PipeChecks.NonblockReadEmpty, MonoPosix = MonoPosixChecks.PipeNonblockReadEmpty },
        C("pipe.nonblock.write-full", "POSIX write(): [EAGAIN] O_NONBLOCK is set and the pipe is full; it took exactly its capacity",
            Fails("write", "EAGAIN") & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.NonblockWriteFull },
        C("pipe.nonblock.small-write-atomic", "POSIX write(): O_NONBLOCK, nbyte <= PIPE_BUF: all of it or nothing ([EAGAIN]); never a partial write",
            (Fails("write", "EAGAIN") | ReturnsField("write", "pipe_buf")) & That("free_bytes < pipe_buf (the scenario)", o => o.Int("free_bytes") < o.Int("pipe_buf"), "free_bytes", "pipe_buf"))
            with { Managed = PipeChecks.NonblockSmallWriteAtomic },
        C("pipe.nonblock.large-write-partial", "POSIX write(): O_NONBLOCK, nbyte > PIPE_BUF, some room: transfers what it can and returns that count",
            ReturnsAtLeast("write", 1) & That("0 < write_ret <= free_bytes", o => o.Int("write_ret") is > 0 and var n && n <= o.Int("free_bytes"), "write_ret", "free_bytes"))
            with { Managed = PipeChecks.NonblockLargeWritePartial },
        C("pipe.capacity.default", "pipe(7) Linux: a new pipe holds 16 pages (65536 bytes), F_GETPIPE_SZ tells",
            Computed("f_getpipe_sz", "16*page_size", o => 16 * PageSize(o)) & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.CapacityDefault },
        C("pipe.setpipe-sz.grow", "fcntl(2) Linux: F_SETPIPE_SZ (since 2.6.35) grows a pipe to 1 MiB (pipe-max-size), and it then holds that much",
            That("fcntl_ret >= pipe_max_size", o => o.Int("fcntl_ret") >= o.Int("pipe_max_size") && o.Int("pipe_max_size") > 0, "fcntl_ret", "pipe_max_size")
            & ReturnsAtLeast("fcntl", 1) & Same("fcntl_ret", "f_getpipe_sz") & Same("f_getpipe_sz", "filled_bytes"))
            with { Managed = PipeChecks.SetPipeSzGrow },
        C("pipe.setpipe-sz.round-up", "fcntl(2) Linux: F_SETPIPE_SZ rounds the size up (to a power-of-two number of pages)",
            That("f_getpipe_sz == fcntl_ret, >= 5000, a power-of-two number of pages",
                o => o.Int("f_getpipe_sz") is { } n && n == o.Int("fcntl_ret") && n >= 5000 && n % PageSize(o) == 0 && long.IsPow2(n / PageSize(o)),
                "fcntl_ret", "f_getpipe_sz") & ReturnsAtLeast("fcntl", 5000))
            with { Managed = PipeChecks.SetPipeSzRoundUp },
        C("pipe.setpipe-sz.below-content", "fcntl(2) Linux: F_SETPIPE_SZ: [EBUSY] arg is smaller than the data the pipe holds",
            Fails("fcntl", "EBUSY"))
            with { Managed = PipeChecks.SetPipeSzBelowContent },
        C("pipe.setpipe-sz.over-max", "fcntl(2) Linux: F_SETPIPE_SZ: [EPERM] an unprivileged process asked for more than /proc/sys/fs/pipe-max-size",
            Fails("fcntl", "EPERM") & AtLeast("pipe_max_size", 4096))
            with { Managed = PipeChecks.SetPipeSzOverMax, ManagedNeedsUnprivileged = true },
        C("pipe.atomic.pipe-buf-concurrent", "POSIX write(): write requests of PIPE_BUF bytes or less shall not be interleaved with data from other processes",
            PipeBufAtomic),
        C("pipe.espipe.lseek", "POSIX lseek(): [ESPIPE] The fildes argument is associated with a pipe",
            Fails("lseek", "ESPIPE"))
            with { Managed = PipeChecks.EspipeLseek, MonoPosix = MonoPosixChecks.PipeEspipeLseek },
        C("pipe.espipe.pread", "POSIX pread(): [ESPIPE] fildes is associated with a pipe or FIFO",
            Fails("pread", "ESPIPE"))
            with { Managed = PipeChecks.EspipePread, MonoPosix = MonoPosixChecks.PipeEspipePread },
        C("pipe.espipe.pwrite", "POSIX pwrite(): [ESPIPE] fildes is associated with a pipe or FIFO",
            Fails("pwrite", "ESPIPE"))
            with { Managed = PipeChecks.EspipePwrite, MonoPosix = MonoPosixChecks.PipeEspipePwrite },
        C("pipe.pipe-buf.value", "POSIX limits.h: {PIPE_BUF} >= {_POSIX_PIPE_BUF} (512); pipe(7) Linux: 4096; fpathconf(_PC_PIPE_BUF) agrees",
            ReturnsAtLeast("fpathconf", 512) & ReturnsField("fpathconf", "pipe_buf")
            & Fails("write_short", "EAGAIN") & Is("fionread_delta", 0) & ReturnsField("write_room", "fpathconf_ret")),
        C("pipe.pipe2.flags", "POSIX pipe2() (Issue 8): O_CLOEXEC and O_NONBLOCK are set on both new descriptors",
            Returns("pipe2", 0) & IsTrue("fd_cloexec") & IsTrue("o_nonblock"))
            with { Managed = PipeChecks.Pipe2Flags },
        C("pipe.read.partial", "POSIX read(): from a pipe holding fewer bytes than requested, read() returns the bytes available",
            Returns("read", 10))
            with { Managed = PipeChecks.ReadPartial, MonoPosix = MonoPosixChecks.PipeReadPartial },
        C("pipe.write.zero", "write(2) Linux: writing 0 bytes to a pipe returns 0",
            Returns("write", 0))
            with { DepartsFrom = "POSIX write(): if nbyte is zero and the file is not a regular file, the results are unspecified", Managed = PipeChecks.WriteZero, MonoPosix = MonoPosixChecks.PipeWriteZero },
        C("pipe.fstat.is-fifo", "POSIX sys/stat.h: S_ISFIFO() is true for a pipe",
            Returns("fstat", 0) & IsTrue("s_isfifo")),
        C("pipe.poll.hup", "poll(2) Linux: a pipe whose writers all closed reports POLLHUP, and no POLLIN when it is empty",
            Returns("poll", 1) & IsTrue("pollhup") & IsFalse("pollin"))
            with { Managed = PipeChecks.PollHup },
        C("pipe.open-wrong-end", "POSIX write()/read(): [EBADF] fildes is not open for writing (the read end) / reading (the write end)",
            Fails("write", "EBADF") & Fails("read", "EBADF"))
            with { Managed = PipeChecks.OpenWrongEnd, MonoPosix = MonoPosixChecks.PipeOpenWrongEnd },
    ];
}

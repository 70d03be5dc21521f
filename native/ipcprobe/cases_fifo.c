/* FIFOs: mkfifo, open rules (ENXIO, blocking rendezvous, O_RDWR), data, EOF, EPIPE,
 * O_NONBLOCK, ESPIPE, PIPE_BUF atomicity, permissions. FIFOs live in the private temp dir. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *new_fifo(const char *tag, mode_t mode)
{
    const char *path = tmp_path(tag);
    if (mkfifo(path, mode) < 0) setup_fail("mkfifo", errno);
    return path;
}

/* reader (O_NONBLOCK during open, then blocking) and writer on one FIFO */
static void open_pair(const char *path, int *rfd, int *wfd)
{
    *rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    SETUP(*rfd, "open_reader");
    *wfd = open(path, O_WRONLY | O_CLOEXEC);
    SETUP(*wfd, "open_writer");
    set_nonblock(*rfd, false);
}

static void mkfifo_mode(mode_t mask, mode_t mode)
{
    umask(mask);
    const char *path = tmp_path("fifo");
    OBS("mkfifo", mkfifo(path, mode));
    struct stat st;
    if (stat(path, &st) < 0) { j_null("s_isfifo"); j_null("mode"); return; }
    j_bool("s_isfifo", S_ISFIFO(st.st_mode));
    j_octal("mode", st.st_mode & 07777);
}
static void mkfifo_create(void) { mkfifo_mode(022, 0600); }
static void mkfifo_umask(void) { mkfifo_mode(027, 0666); }

static void mkfifo_eexist(void)
{
    const char *path = new_fifo("fifo", 0600);
    OBS("mkfifo", mkfifo(path, 0600));
}

static void mkfifo_enoent(void)
{
    const char *path = tmp_path("missing/fifo");
    OBS("mkfifo", mkfifo(path, 0600));
}

static void open_nonblock_writer_no_reader(void)
{
    obs_open("open", new_fifo("fifo", 0600), O_WRONLY | O_NONBLOCK);
}

static void open_nonblock_reader_no_writer(void)
{
    int fd = obs_open("open", new_fifo("fifo", 0600), O_RDONLY | O_NONBLOCK);
    if (fd < 0) return;
    char b[8];
    OBS("read", read(fd, b, sizeof b));
}

static void open_nonblock_writer_with_reader(void)
{
    const char *path = new_fifo("fifo", 0600);
    int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    SETUP(r, "open_reader");
    obs_open("open", path, O_WRONLY | O_NONBLOCK);
}

static void open_blocking_waits(void)
{
    const char *path = new_fifo("fifo", 0600);
    long long t0 = now_ms(); /* before the fork: elapsed_ms >= the helper's 60 ms sleep */
    pid_t pid = helper_fork();
    if (pid == 0) {
        sleep_ms(60);
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(1);
        sleep_ms(20);
        close(fd);
        _exit(0);
    }
    obs_open("open", path, O_RDONLY);
    j_int("elapsed_ms", now_ms() - t0);
    helper_wait(pid, 2000, "child");
}

static void open_rdwr(void)
{
    obs_open("open", new_fifo("fifo", 0600), O_RDWR);
}

static void roundtrip_fork(void)
{
    const char *path = new_fifo("fifo", 0600);
    unsigned char w[64], r[64];
    fill_pattern(w, sizeof w, 0x21);
    memset(r, 0, sizeof r);
    pid_t pid = helper_fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(1);
        if (write(fd, w, sizeof w) != (ssize_t)sizeof w) _exit(2);
        close(fd);
        _exit(0);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    SETUP(fd, "open_reader");
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fd, r + got, sizeof r - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    helper_wait(pid, 2000, "child");
    j_written_seen(w, r, sizeof w);
}

static void eof_after_writer_close(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    if (write(wfd, "hello", 5) != 5) setup_fail("write", errno);
    close(wfd);
    char b[16];
    OBS("read1", read(rfd, b, sizeof b));
    OBS("read2", read(rfd, b, sizeof b));
}

static void epipe(void)
{
    signal(SIGPIPE, SIG_IGN);
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    close(rfd);
    OBS("write", write(wfd, "x", 1));
}

static void nonblock_read_empty_with_writer(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    set_nonblock(rfd, true);
    char b[8];
    OBS("read", read(rfd, b, sizeof b));
}

static void espipe_lseek(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    OBS("lseek", lseek(rfd, 0, SEEK_CUR));
}

static void atomic_concurrent(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    pipe_atomic_writers(rfd, wfd);
}

static void unlink_while_open(void)
{
    const char *path = new_fifo("fifo", 0600);
    int rfd, wfd;
    open_pair(path, &rfd, &wfd);
    OBS("unlink", unlink(path));
    unsigned char w[16], r[16];
    fill_pattern(w, sizeof w, 0x33);
    memset(r, 0, sizeof r);
    OBS("write", write(wfd, w, sizeof w));
    OBS("read", read(rfd, r, sizeof r));
    j_written_seen(w, r, sizeof w);
}

static void capacity(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    j_int("f_getpipe_sz", fcntl(wfd, F_GETPIPE_SZ));
    j_int("filled_bytes", pipe_fill_nonblock(wfd));
}

static void perm_eacces(void)
{
    umask(0);
    obs_open("open", new_fifo("fifo", 0200), O_RDONLY | O_NONBLOCK);
}

#define C(id, fn, sum) { id, "fifo", sum, fn, 0 }
CASE_TABLE(cases_fifo) = {
    C("fifo.mkfifo.create", mkfifo_create, "mkfifo creates a FIFO with the requested mode"),
    C("fifo.mkfifo.umask", mkfifo_umask, "mkfifo applies the umask"),
    C("fifo.mkfifo.eexist", mkfifo_eexist, "mkfifo on an existing path: EEXIST"),
    C("fifo.mkfifo.enoent", mkfifo_enoent, "mkfifo in a missing directory: ENOENT"),
    C("fifo.open.nonblock-writer-no-reader", open_nonblock_writer_no_reader, "O_WRONLY|O_NONBLOCK open without a reader: ENXIO"),
    C("fifo.open.nonblock-reader-no-writer", open_nonblock_reader_no_writer, "O_RDONLY|O_NONBLOCK open without a writer succeeds; read returns 0"),
    C("fifo.open.nonblock-writer-with-reader", open_nonblock_writer_with_reader, "O_WRONLY|O_NONBLOCK open with a reader succeeds"),
    C("fifo.open.blocking-waits", open_blocking_waits, "a blocking O_RDONLY open waits for a writer"),
    C("fifo.open.rdwr", open_rdwr, "O_RDWR open without other party (undefined by POSIX; Linux succeeds)"),
    C("fifo.roundtrip.fork", roundtrip_fork, "bytes written by another process are read back in order"),
    C("fifo.eof.after-writer-close", eof_after_writer_close, "after the writer closes, read returns the data then 0"),
    C("fifo.epipe", epipe, "write after the reader closed: EPIPE"),
    C("fifo.nonblock.read-empty-with-writer", nonblock_read_empty_with_writer, "O_NONBLOCK read of an empty FIFO with a writer: EAGAIN"),
    C("fifo.espipe.lseek", espipe_lseek, "lseek on a FIFO: ESPIPE"),
    C("fifo.atomic.pipe-buf-concurrent", atomic_concurrent, "writes of PIPE_BUF bytes from 4 concurrent writers through a FIFO never interleave"),
    C("fifo.unlink-while-open", unlink_while_open, "an unlinked FIFO keeps working for open descriptors"),
    C("fifo.capacity", capacity, "FIFO capacity (F_GETPIPE_SZ and bytes until EAGAIN)"),
    { "fifo.perm.eacces", "fifo", "owner opening a mode-0200 FIFO for reading: EACCES", perm_eacces, CASE_UNPRIV },
};
CASE_COUNT(cases_fifo_count, cases_fifo);

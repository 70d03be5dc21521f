/* pipes: data, end of file, EPIPE/SIGPIPE, O_NONBLOCK, capacity and F_SETPIPE_SZ, PIPE_BUF
 * atomicity, ESPIPE. SIGPIPE is ignored unless the case says otherwise. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

void set_nonblock(int fd, bool on)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) setup_fail("fcntl_getfl", errno);
    fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
    if (fcntl(fd, F_SETFL, fl) < 0) setup_fail("fcntl_setfl", errno);
}

static void must_pipe(int fds[2])
{
    if (pipe2(fds, O_CLOEXEC) < 0) setup_fail("pipe", errno);
}

long long pipe_fill_nonblock(int wfd)
{
    static char buf[4096];
    long long total = 0;
    set_nonblock(wfd, true);
    for (size_t chunk = sizeof buf; chunk >= 1; chunk = chunk > 1 ? chunk / 64 : 0) {
        for (;;) {
            ssize_t w = write(wfd, buf, chunk);
            if (w < 0) {
                if (errno == EAGAIN) break;
                setup_fail("fill_write", errno);
            }
            total += w;
            if (total > (1LL << 28)) setup_fail("fill_write", EFBIG);
        }
        if (chunk == 1) break;
    }
    return total;
}

#define WRITERS 4
#define RECORDS 256

void pipe_atomic_writers(int rfd, int wfd)
{
    const size_t rec = PIPE_BUF;
    pid_t pids[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
        pids[w] = helper_fork();
        if (pids[w] == 0) {
            close(rfd);
            unsigned char *b = malloc(rec);
            if (!b) _exit(3);
            memset(b, w + 1, rec);
            for (unsigned s = 0; s < RECORDS; s++) {
                memcpy(b + 1, &s, sizeof s);
                if (write(wfd, b, rec) != (ssize_t)rec) _exit(2);
            }
            _exit(0);
        }
    }
    close(wfd);
    unsigned char *b = malloc(rec);
    if (!b) setup_fail("malloc", ENOMEM);
    long long seen = 0, mixed = 0;
    unsigned next[WRITERS] = { 0 };
    bool in_order = true;
    for (;;) {
        size_t got = 0;
        while (got < rec) {
            ssize_t r = read(rfd, b + got, rec - got);
            if (r < 0) { if (errno == EINTR) continue; setup_fail("read", errno); }
            if (r == 0) break;
            got += (size_t)r;
        }
        if (got == 0) break;
        seen++;
        bool ok = got == rec && b[0] >= 1 && b[0] <= WRITERS;
        for (size_t i = 5; ok && i < rec; i++) if (b[i] != b[0]) ok = false;
        if (!ok) { mixed++; continue; }
        unsigned s; memcpy(&s, b + 1, sizeof s);
        if (s != next[b[0] - 1]) in_order = false;
        next[b[0] - 1] = s + 1;
        if (got < rec) break;
    }
    int bad = 0;
    for (int w = 0; w < WRITERS; w++) {
        int code, sig;
        helper_wait_quiet(pids[w], 3000, &code, &sig);
        if (code != 0) bad++;
    }
    j_int("pipe_buf", PIPE_BUF);
    j_int("writers", WRITERS);
    j_int("records_expected", WRITERS * RECORDS);
    j_int("records_seen", seen);
    j_int("records_mixed", mixed);
    j_bool("records_per_writer_ok", in_order);
    j_int("writers_failed", bad);
    free(b);
}

static void basic_roundtrip(void)
{
    int fds[2];
    OBS("pipe", pipe(fds));
    unsigned char w[32], r[32];
    fill_pattern(w, sizeof w, 0x11);
    memset(r, 0, sizeof r);
    OBS("write", write(fds[1], w, sizeof w));
    OBS("read", read(fds[0], r, sizeof r));
    j_written_seen(w, r, sizeof w);
}

static void eof_after_writers_closed(void)
{
    int fds[2]; must_pipe(fds);
    char b[16];
    if (write(fds[1], "hello", 5) != 5) setup_fail("write", errno);
    close(fds[1]);
    OBS("read1", read(fds[0], b, sizeof b));
    OBS("read2", read(fds[0], b, sizeof b));
}

static void eof_nonblock(void)
{
    int fds[2]; must_pipe(fds);
    set_nonblock(fds[0], true);
    close(fds[1]);
    char b[16];
    OBS("read", read(fds[0], b, sizeof b));
}

static volatile sig_atomic_t g_sigpipe_count, g_sigpipe_code;
static void on_sigpipe(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    g_sigpipe_count++;
    g_sigpipe_code = si ? si->si_code : 0;
}

static void epipe_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigpipe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGPIPE, &sa, NULL);
    int fds[2]; must_pipe(fds);
    close(fds[0]);
    OBS("write", write(fds[1], "x", 1));
    j_int("sigpipe_count", g_sigpipe_count);
    j_str("sigpipe_si_code", g_sigpipe_count ? si_code_name(SIGPIPE, g_sigpipe_code) : NULL);
}

static void epipe_ignored(void)
{
    /* An ignored SIGPIPE is discarded: it neither runs a handler nor stays pending. */
    signal(SIGPIPE, SIG_IGN);
    int fds[2]; must_pipe(fds);
    close(fds[0]);
    OBS("write", write(fds[1], "x", 1));
    sigset_t pend;
    sigemptyset(&pend);
    SETUP(sigpending(&pend), "sigpending");
    j_bool("sigpipe_pending", sigismember(&pend, SIGPIPE) == 1);
    struct sigaction now;
    SETUP(sigaction(SIGPIPE, NULL, &now), "sigaction");
    j_bool("still_ignored", now.sa_handler == SIG_IGN);
}

static void epipe_default_kills(void)
{
    int fds[2]; must_pipe(fds);
    close(fds[0]);
    pid_t pid = helper_fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        ssize_t w = write(fds[1], "x", 1);
        _exit(w < 0 ? 1 : 0);
    }
    helper_wait(pid, 2000, "child");
}

static void nonblock_read_empty(void)
{
    int fds[2]; must_pipe(fds);
    set_nonblock(fds[0], true);
    char b[8];
    OBS("read", read(fds[0], b, sizeof b));
}

static void nonblock_write_full(void)
{
    int fds[2]; must_pipe(fds);
    long long n = pipe_fill_nonblock(fds[1]);
    j_int("filled_bytes", n);
    OBS("write", write(fds[1], "x", 1));
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
}

static void drain(int rfd, size_t n)
{
    char b[4096];
    while (n) {
        ssize_t r = read(rfd, b, n < sizeof b ? n : sizeof b);
        if (r <= 0) setup_fail("drain_read", r < 0 ? errno : EIO);
        n -= (size_t)r;
    }
}

static void nonblock_small_atomic(void)
{
    int fds[2]; must_pipe(fds);
    pipe_fill_nonblock(fds[1]);
    drain(fds[0], PIPE_BUF / 2);
    j_int("free_bytes", PIPE_BUF / 2);
    j_int("pipe_buf", PIPE_BUF);
    static char b[PIPE_BUF];
    OBS("write", write(fds[1], b, PIPE_BUF));
}

static void nonblock_large_partial(void)
{
    int fds[2]; must_pipe(fds);
    pipe_fill_nonblock(fds[1]);
    drain(fds[0], 2 * PIPE_BUF);
    j_int("free_bytes", 2 * PIPE_BUF);
    static char b[4 * PIPE_BUF];
    OBS("write", write(fds[1], b, sizeof b));
}

static void capacity_default(void)
{
    int fds[2]; must_pipe(fds);
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
    j_int("filled_bytes", pipe_fill_nonblock(fds[1]));
}

static void setpipe_grow(void)
{
    /* grow to the system's own maximum (what an unprivileged process may ask for) */
    long max = read_proc_long("/proc/sys/fs/pipe-max-size");
    j_int("pipe_max_size", max);
    if (max < 0) setup_fail("read_pipe_max_size", ENOENT);
    int fds[2]; must_pipe(fds);
    OBS("fcntl", fcntl(fds[1], F_SETPIPE_SZ, (int)(max > INT_MAX ? INT_MAX : max)));
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
    j_int("filled_bytes", pipe_fill_nonblock(fds[1]));
}

/* F_SETPIPE_SZ n on a fresh pipe as the step "fcntl", then f_getpipe_sz */
static void setpipe_to(int n)
{
    int fds[2]; must_pipe(fds);
    OBS("fcntl", fcntl(fds[1], F_SETPIPE_SZ, n));
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
}

static void setpipe_round_up(void) { setpipe_to(5000); }

static void setpipe_below_content(void)
{
    int fds[2]; must_pipe(fds);
    static char b[8192];
    set_nonblock(fds[1], true);
    if (write(fds[1], b, 2 * pagesz()) != 2 * pagesz()) setup_fail("write", errno);
    OBS("fcntl", fcntl(fds[1], F_SETPIPE_SZ, (int)pagesz()));
}

static void setpipe_over_max(void)
{
    long max = read_proc_long("/proc/sys/fs/pipe-max-size");
    j_int("pipe_max_size", max);
    if (max < 0) setup_fail("read_pipe_max_size", ENOENT);
    int fds[2]; must_pipe(fds);
    long req = max * 2 > INT_MAX ? INT_MAX : max * 2;
    OBS("fcntl", fcntl(fds[1], F_SETPIPE_SZ, (int)req));
}

static void atomic_concurrent(void)
{
    int fds[2]; must_pipe(fds);
    pipe_atomic_writers(fds[0], fds[1]);
}

static void espipe_lseek(void)
{
    int fds[2]; must_pipe(fds);
    OBS("lseek", lseek(fds[0], 0, SEEK_CUR));
}

static void espipe_pread(void)
{
    int fds[2]; must_pipe(fds);
    if (write(fds[1], "abc", 3) != 3) setup_fail("write", errno);
    char b[4];
    OBS("pread", pread(fds[0], b, 3, 0));
}

static void espipe_pwrite(void)
{
    int fds[2]; must_pipe(fds);
    OBS("pwrite", pwrite(fds[1], "abc", 3, 0));
}

static void pipe_buf_value(void)
{
    /* The bound by behaviour: with one byte less than {PIPE_BUF} free, a non-blocking write of
     * {PIPE_BUF} bytes transfers nothing (EAGAIN, FIONREAD unchanged); with {PIPE_BUF} free it
     * transfers everything. {PIPE_BUF} is the value fpathconf() reports for this pipe. */
    int fds[2]; must_pipe(fds);
    errno = 0;
    long pb = fpathconf(fds[0], _PC_PIPE_BUF);
    j_ret("fpathconf", pb, errno);
    j_int("pipe_buf", PIPE_BUF);
    if (pb <= 0 || pb > (1 << 20)) return;
    unsigned char *b = calloc(1, (size_t)pb);
    if (!b) setup_fail("calloc", ENOMEM);
    pipe_fill_nonblock(fds[1]);
    drain(fds[0], (size_t)pb - 1);
    int before = -1, after = -1;
    SETUP(ioctl(fds[0], FIONREAD, &before), "fionread");
    OBS("write_short", write(fds[1], b, (size_t)pb));
    SETUP(ioctl(fds[0], FIONREAD, &after), "fionread");
    j_int("fionread_delta", (long long)after - before);
    drain(fds[0], 1);
    OBS("write_room", write(fds[1], b, (size_t)pb));
    free(b);
}

static void pipe2_flags(void)
{
    int fds[2];
    OBS("pipe2", pipe2(fds, O_CLOEXEC | O_NONBLOCK));
    bool cloexec = true, nonblock = true;
    for (int i = 0; i < 2; i++) {
        int fd = fcntl(fds[i], F_GETFD), fl = fcntl(fds[i], F_GETFL);
        if (fd < 0 || !(fd & FD_CLOEXEC)) cloexec = false;
        if (fl < 0 || !(fl & O_NONBLOCK)) nonblock = false;
    }
    j_bool("fd_cloexec", cloexec);
    j_bool("o_nonblock", nonblock);
}

static void read_partial(void)
{
    int fds[2]; must_pipe(fds);
    if (write(fds[1], "0123456789", 10) != 10) setup_fail("write", errno);
    char b[100];
    OBS("read", read(fds[0], b, sizeof b));
}

static void write_zero(void)
{
    int fds[2]; must_pipe(fds);
    OBS("write", write(fds[1], "", 0));
}

static void fstat_is_fifo(void)
{
    int fds[2]; must_pipe(fds);
    struct stat a, b;
    int r1 = fstat(fds[0], &a), r2 = fstat(fds[1], &b);
    j_int("fstat_ret", r1 < 0 ? r1 : r2);
    j_bool("s_isfifo", r1 == 0 && r2 == 0 && S_ISFIFO(a.st_mode) && S_ISFIFO(b.st_mode));
}

static void poll_hup(void)
{
    int fds[2]; must_pipe(fds);
    close(fds[1]);
    struct pollfd p = { fds[0], POLLIN, 0 };
    OBS("poll", poll(&p, 1, 100));
    j_bool("pollhup", (p.revents & POLLHUP) != 0);
    j_bool("pollin", (p.revents & POLLIN) != 0);
}

static void wrong_end(void)
{
    int fds[2]; must_pipe(fds);
    char b[4];
    OBS("write", write(fds[0], "x", 1));
    OBS("read", read(fds[1], b, 1));
}

static const char *accmode_name(int fl)
{
    if (fl < 0) return NULL;
    switch (fl & O_ACCMODE) {
    case O_RDONLY: return "O_RDONLY";
    case O_WRONLY: return "O_WRONLY";
    case O_RDWR: return "O_RDWR";
    default: return "other";
    }
}

/* o_nonblock_any, fd_cloexec_any (bool: set on either end), accmode0, accmode1 (F_GETFL & O_ACCMODE) */
static void j_pipe_flags(const int fds[2])
{
    bool nonblock = false, cloexec = false;
    int fl[2];
    for (int i = 0; i < 2; i++) {
        int fd = fcntl(fds[i], F_GETFD);
        fl[i] = fcntl(fds[i], F_GETFL);
        SETUP(fd, "fcntl_getfd");
        SETUP(fl[i], "fcntl_getfl");
        if (fd & FD_CLOEXEC) cloexec = true;
        if (fl[i] & O_NONBLOCK) nonblock = true;
    }
    j_bool("o_nonblock_any", nonblock);
    j_bool("fd_cloexec_any", cloexec);
    j_str("accmode0", accmode_name(fl[0]));
    j_str("accmode1", accmode_name(fl[1]));
}

static void pipe_flags_clear(void)
{
    int fds[2] = { -1, -1 };
    OBS("pipe", pipe(fds));
    if (fds[0] < 0) return;
    j_pipe_flags(fds);
}

static void pipe2_zero_flags(void)
{
    int fds[2] = { -1, -1 };
    OBS("pipe2", pipe2(fds, 0));
    if (fds[0] < 0) return;
    j_pipe_flags(fds);
    char b[8];
    OBS("write", write(fds[1], "abcde", 5));
    OBS("read", read(fds[0], b, sizeof b));
}

static void pipe2_einval(void)
{
    /* O_APPEND is a valid open() flag but not one pipe2() accepts; 0x40000000 is no O_* flag on Linux */
    int fds[2] = { -7, -7 };
    OBS("pipe2_append", pipe2(fds, O_APPEND));
    OBS("pipe2_unknown_bit", pipe2(fds, 0x40000000));
    j_bool("fildes_unchanged", fds[0] == -7 && fds[1] == -7);
}

static void fd_allocation_lowest(void)
{
    /* d1 and d2 are the two lowest free numbers (each the lowest when it was taken); d3 stays
     * open above them, so closing d1 and d2 leaves gaps below the highest open descriptor */
    int src[2]; must_pipe(src);
    int d1 = fcntl(src[0], F_DUPFD_CLOEXEC, 0), d2 = fcntl(src[0], F_DUPFD_CLOEXEC, 0);
    int d3 = fcntl(src[0], F_DUPFD_CLOEXEC, 0);
    SETUP(d1, "dupfd"); SETUP(d2, "dupfd"); SETUP(d3, "dupfd");
    close(d1);
    close(d2);
    j_int("lowest_free", d1);
    j_int("next_free", d2);
    int fds[2] = { -1, -1 };
    OBS("pipe", pipe(fds));
    j_int("fildes0", fds[0]);
    j_int("fildes1", fds[1]);
}

static void owner_ids(void)
{
    int fds[2]; must_pipe(fds);
    struct stat a, b;
    int r1 = fstat(fds[0], &a), r2 = fstat(fds[1], &b);
    j_int("fstat_ret", r1 < 0 ? r1 : r2);
    if (r1 < 0 || r2 < 0) return;
    j_int("euid", geteuid());
    j_int("egid", getegid());
    j_int("st_uid0", a.st_uid);
    j_int("st_uid1", b.st_uid);
    j_int("st_gid0", a.st_gid);
    j_int("st_gid1", b.st_gid);
}

static void setpipe_below_page(void) { setpipe_to(1); }

static void setpipe_next_pow2(void)
{
    int fds[2]; must_pipe(fds);
    OBS("set_5000", fcntl(fds[1], F_SETPIPE_SZ, 5000));
    OBS("set_3pages_plus1", fcntl(fds[1], F_SETPIPE_SZ, (int)(3 * pagesz() + 1)));
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
}

static void setpipe_unpriv_range(void)
{
    long max = read_proc_long("/proc/sys/fs/pipe-max-size");
    j_int("pipe_max_size", max);
    if (max < 0) setup_fail("read_pipe_max_size", ENOENT);
    int fds[2]; must_pipe(fds);
    OBS("set_page", fcntl(fds[1], F_SETPIPE_SZ, (int)pagesz()));
    OBS("set_max", fcntl(fds[1], F_SETPIPE_SZ, (int)(max > INT_MAX ? INT_MAX : max)));
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
}

static void nonblock_large_write_full(void)
{
    int fds[2]; must_pipe(fds);
    pipe_fill_nonblock(fds[1]);
    int before = -1, after = -1;
    SETUP(ioctl(fds[0], FIONREAD, &before), "fionread");
    static char b[2 * PIPE_BUF];
    j_int("pipe_buf", PIPE_BUF);
    OBS("write", write(fds[1], b, sizeof b));
    SETUP(ioctl(fds[0], FIONREAD, &after), "fionread");
    j_int("fionread_delta", (long long)after - before);
}

static void nonblock_empty_large_write(void)
{
    /* a one-page pipe, empty: a non-blocking write of 3*{PIPE_BUF} bytes must transfer at least {PIPE_BUF} */
    int fds[2]; must_pipe(fds);
    SETUP(fcntl(fds[1], F_SETPIPE_SZ, (int)pagesz()), "setpipe_sz");
    set_nonblock(fds[1], true);
    j_int("f_getpipe_sz", fcntl(fds[1], F_GETPIPE_SZ));
    j_int("pipe_buf", PIPE_BUF);
    static char b[3 * PIPE_BUF];
    OBS("write", write(fds[1], b, sizeof b));
}

static void direct_packets(void)
{
    int fds[2] = { -1, -1 };
    OBS("pipe2", pipe2(fds, O_DIRECT | O_CLOEXEC));
    if (fds[0] < 0) return;
    char b[100];
    memset(b, 'p', sizeof b);
    OBS("write1", write(fds[1], b, 10));
    OBS("write2", write(fds[1], b, 20));
    OBS("read1", read(fds[0], b, sizeof b));
    OBS("read2", read(fds[0], b, sizeof b));
}

static void direct_short_read(void)
{
    int fds[2] = { -1, -1 };
    OBS("pipe2", pipe2(fds, O_DIRECT | O_CLOEXEC));
    if (fds[0] < 0) return;
    unsigned char p1[10], p2[5], r[100];
    fill_pattern(p1, sizeof p1, 0x40);
    fill_pattern(p2, sizeof p2, 0x80);
    memset(r, 0, sizeof r);
    if (write(fds[1], p1, sizeof p1) != (ssize_t)sizeof p1) setup_fail("write1", errno);
    if (write(fds[1], p2, sizeof p2) != (ssize_t)sizeof p2) setup_fail("write2", errno);
    OBS("read_short", read(fds[0], r, 4));
    OBS("read_next", read(fds[0], r, sizeof r));
    j_written_seen(p2, r, sizeof p2);
}

static void fcntl_set_flags(void)
{
    /* a pipe() pipe (both flags clear); F_SETFL O_NONBLOCK and F_SETFD FD_CLOEXEC on each end */
    int fds[2] = { -1, -1 };
    SETUP(pipe(fds), "pipe");
    bool clear_before = true, nonblock = true, cloexec = true, setfl_ok = true, setfd_ok = true;
    for (int i = 0; i < 2; i++) {
        int fl = fcntl(fds[i], F_GETFL), fd = fcntl(fds[i], F_GETFD);
        SETUP(fl, "fcntl_getfl");
        SETUP(fd, "fcntl_getfd");
        if ((fl & O_NONBLOCK) || (fd & FD_CLOEXEC)) clear_before = false;
        if (fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) != 0) setfl_ok = false;
        if (fcntl(fds[i], F_SETFD, fd | FD_CLOEXEC) != 0) setfd_ok = false;
        fl = fcntl(fds[i], F_GETFL);
        fd = fcntl(fds[i], F_GETFD);
        if (fl < 0 || !(fl & O_NONBLOCK)) nonblock = false;
        if (fd < 0 || !(fd & FD_CLOEXEC)) cloexec = false;
    }
    j_bool("clear_before", clear_before);
    j_bool("setfl_ok", setfl_ok);
    j_bool("setfd_ok", setfd_ok);
    j_bool("o_nonblock", nonblock);
    j_bool("fd_cloexec", cloexec);
    char b[4];
    OBS("read", read(fds[0], b, sizeof b)); /* O_NONBLOCK in effect: EAGAIN, not a hang */
    close(fds[0]);
    close(fds[1]);
}

static void emfile_fildes_unchanged(void)
{
    /* RLIMIT_NOFILE lowered, every number below it taken but one (free_fd): pipe() needs two */
    tmp_dir(); /* the cleanup's directory exists before the table fills */
    struct rlimit r;
    SETUP(getrlimit(RLIMIT_NOFILE, &r), "getrlimit");
    r.rlim_cur = 32;
    SETUP(setrlimit(RLIMIT_NOFILE, &r), "setrlimit");
    int src[2]; must_pipe(src);
    int taken[32], n = 0, d;
    while (n < 32 && (d = fcntl(src[0], F_DUPFD_CLOEXEC, 0)) >= 0) taken[n++] = d;
    if (errno != EMFILE || n == 0) setup_fail("fill_table", errno);
    int free_fd = taken[--n];
    close(free_fd);
    int fds[2] = { -7, -7 };
    errno = 0;
    int ret = pipe(fds), e = errno;
    j_ret("pipe", ret, e);
    j_bool("fildes_unchanged", fds[0] == -7 && fds[1] == -7);
    errno = 0;
    int g = fcntl(free_fd, F_GETFD), ge = errno;
    j_ret("getfd_free", g, ge);
    if (ret == 0) { close(fds[0]); close(fds[1]); }
    for (int i = 0; i < n; i++) close(taken[i]);
    close(src[0]);
    close(src[1]);
}

static void pipe_buf_linux(void)
{
    /* fpathconf(_PC_PIPE_BUF) on both ends of a pipe and on a FIFO's descriptor */
    int fds[2]; must_pipe(fds);
    const char *path = tmp_path("fifo");
    SETUP(mkfifo(path, 0600), "mkfifo");
    int ffd = open(path, O_RDWR | O_CLOEXEC);
    SETUP(ffd, "open_fifo");
    errno = 0; long a = fpathconf(fds[0], _PC_PIPE_BUF); j_ret("fpathconf_read_end", a, errno);
    errno = 0; long b = fpathconf(fds[1], _PC_PIPE_BUF); j_ret("fpathconf_write_end", b, errno);
    errno = 0; long c = fpathconf(ffd, _PC_PIPE_BUF); j_ret("fpathconf_fifo", c, errno);
    close(ffd);
}

#define C(id, fn, sum) { id, "pipe", sum, fn, 0 }
#define U(id, fn, sum) { id, "pipe", sum, fn, CASE_UNPRIV }
CASE_TABLE(cases_pipe) = {
    C("pipe.basic.roundtrip", basic_roundtrip, "bytes written to a pipe are read back in order"),
    C("pipe.eof.after-writers-closed", eof_after_writers_closed, "after the last writer closes, read returns the data then 0"),
    C("pipe.eof.nonblock", eof_nonblock, "O_NONBLOCK read of an empty pipe without writers returns 0, not EAGAIN"),
    C("pipe.epipe.signal", epipe_signal, "write without readers raises SIGPIPE and fails with EPIPE"),
    C("pipe.epipe.ignored", epipe_ignored, "with SIGPIPE ignored, write without readers fails with EPIPE"),
    C("pipe.epipe.default-kills", epipe_default_kills, "with SIGPIPE default, write without readers kills the writer"),
    C("pipe.nonblock.read-empty", nonblock_read_empty, "O_NONBLOCK read of an empty pipe with a writer: EAGAIN"),
    C("pipe.nonblock.write-full", nonblock_write_full, "O_NONBLOCK write to a full pipe: EAGAIN"),
    C("pipe.nonblock.small-write-atomic", nonblock_small_atomic, "O_NONBLOCK write of PIPE_BUF bytes with less room: EAGAIN, nothing written"),
    C("pipe.nonblock.large-write-partial", nonblock_large_partial, "O_NONBLOCK write of more than PIPE_BUF with some room: partial write"),
    C("pipe.capacity.default", capacity_default, "default pipe capacity (F_GETPIPE_SZ and bytes until EAGAIN)"),
    C("pipe.setpipe-sz.grow", setpipe_grow, "F_SETPIPE_SZ 1 MiB grows the capacity"),
    C("pipe.setpipe-sz.round-up", setpipe_round_up, "F_SETPIPE_SZ 5000 rounds up to a power-of-two number of pages"),
    C("pipe.setpipe-sz.below-content", setpipe_below_content, "F_SETPIPE_SZ below the bytes held: EBUSY"),
    { "pipe.setpipe-sz.over-max", "pipe", "unprivileged F_SETPIPE_SZ above pipe-max-size: EPERM", setpipe_over_max, CASE_UNPRIV },
    C("pipe.atomic.pipe-buf-concurrent", atomic_concurrent, "writes of PIPE_BUF bytes from 4 concurrent writers never interleave"),
    C("pipe.espipe.lseek", espipe_lseek, "lseek on a pipe: ESPIPE"),
    C("pipe.espipe.pread", espipe_pread, "pread on a pipe: ESPIPE"),
    C("pipe.espipe.pwrite", espipe_pwrite, "pwrite on a pipe: ESPIPE"),
    C("pipe.pipe-buf.value", pipe_buf_value, "PIPE_BUF and fpathconf(_PC_PIPE_BUF) (POSIX minimum 512)"),
    C("pipe.pipe2.flags", pipe2_flags, "pipe2(O_CLOEXEC|O_NONBLOCK) sets both flags on both ends"),
    C("pipe.read.partial", read_partial, "read returns the bytes available, fewer than asked"),
    C("pipe.write.zero", write_zero, "write of 0 bytes returns 0"),
    C("pipe.fstat.is-fifo", fstat_is_fifo, "fstat reports S_ISFIFO for both ends"),
    C("pipe.poll.hup", poll_hup, "poll on the read end after writers close reports POLLHUP"),
    C("pipe.open-wrong-end", wrong_end, "write on the read end and read on the write end: EBADF"),
    C("pipe.pipe.flags-clear", pipe_flags_clear, "pipe(): O_NONBLOCK and FD_CLOEXEC clear on both ends; access modes"),
    C("pipe.pipe2.zero-flags", pipe2_zero_flags, "pipe2(fds, 0) is pipe(): flags clear, read and write ends, data flows"),
    C("pipe.pipe2.einval", pipe2_einval, "pipe2 with O_APPEND or an unknown flag bit: EINVAL, fildes unchanged"),
    C("pipe.fd-allocation.lowest", fd_allocation_lowest, "pipe() takes the two lowest free descriptor numbers, in order"),
    U("pipe.owner", owner_ids, "fstat of both ends: st_uid and st_gid are the effective ids"),
    C("pipe.setpipe-sz.below-page", setpipe_below_page, "F_SETPIPE_SZ 1 rounds up to the page size"),
    C("pipe.setpipe-sz.next-pow2", setpipe_next_pow2, "F_SETPIPE_SZ allocates the next power-of-two number of pages"),
    U("pipe.setpipe-sz.unprivileged-range", setpipe_unpriv_range, "unprivileged F_SETPIPE_SZ to the page size and to pipe-max-size succeed"),
    C("pipe.nonblock.large-write-full", nonblock_large_write_full, "O_NONBLOCK write of 2*PIPE_BUF to a full pipe: EAGAIN, nothing written"),
    C("pipe.nonblock.empty-large-write", nonblock_empty_large_write, "O_NONBLOCK write of 3*PIPE_BUF into an empty one-page pipe transfers at least PIPE_BUF"),
    C("pipe.direct.packets", direct_packets, "pipe2(O_DIRECT): each write is one packet, each read returns one"),
    C("pipe.direct.short-read", direct_short_read, "pipe2(O_DIRECT): a read shorter than the packet discards the rest of it"),
    C("pipe.fcntl.set-flags", fcntl_set_flags, "F_SETFL O_NONBLOCK and F_SETFD FD_CLOEXEC on both ends of a pipe() pipe take effect"),
    C("pipe.emfile.fildes-unchanged", emfile_fildes_unchanged, "pipe() with one descriptor free: EMFILE, fildes unchanged, the free number still free"),
    C("pipe.pipe-buf.linux-4096", pipe_buf_linux, "fpathconf(_PC_PIPE_BUF) on both pipe ends and on a FIFO"),
};
CASE_COUNT(cases_pipe_count, cases_pipe);

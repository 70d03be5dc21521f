/* Cross-ABI modes: the other side (e.g. the x86-64 managed harness) creates the shm object,
 * queue or FIFO; this ABI's probe reads or writes it and reports what it saw, as this ABI
 * sees it (struct mq_attr layout, off_t). Never creates or unlinks anything. */
#include "probe.h"

#include <errno.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *g_mode;

static _Noreturn void bad(const char *what)
{
    fprintf(stderr, "ipcprobe %s: %s (see native/ipcprobe/CASES.md)\n", g_mode, what);
    exit(2);
}

static unsigned long long num(const char *s, unsigned long long max, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v > max || s[0] == '-') bad(what);
    return v;
}

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
    return h;
}

static void j_data(const unsigned char *p, size_t n)
{
    j_int("len", (long long)n);
    j_uint("checksum", fnv1a(p, n));
    j_hex("head_hex", p, n < 32 ? n : 32);
}

static void shm_write(const char *name, size_t len, unsigned pattern)
{
    int fd = obs_shm_open("shm_open", name, O_RDWR, 0);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    if ((unsigned long long)st.st_size < len && ftruncate(fd, (off_t)len) < 0) setup_fail("ftruncate", errno);
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("size", (long long)st.st_size);
    unsigned char *p = obs_mmap("mmap", NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return;
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(pattern + i);
    OBS("msync", msync(p, len, MS_SYNC));
    j_data(p, len);
}

static void shm_read(const char *name, size_t len)
{
    int fd = obs_shm_open("shm_open", name, O_RDONLY, 0);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("size", (long long)st.st_size);
    if ((unsigned long long)st.st_size < len) len = (size_t)st.st_size; /* never touch past the end */
    if (len == 0) { j_data((const unsigned char *)"", 0); return; }
    unsigned char *p = obs_mmap("mmap", NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return;
    j_data(p, len);
}

static mqd_t mq_open_attr(const char *name, int flags, struct mq_attr *a)
{
    j_int("sizeof_mq_attr", (long long)sizeof(struct mq_attr));
    mqd_t q = obs_mq_open("mq_open", name, flags, 0, NULL);
    if (q != (mqd_t)-1) *a = j_mq_attr(q);
    return q;
}

static void mq_send_mode(const char *name, unsigned prio, const char *payload, long tmo)
{
    struct mq_attr a;
    mqd_t q = mq_open_attr(name, O_WRONLY, &a);
    if (q == (mqd_t)-1) return;
    struct timespec ts = deadline_ms(tmo);
    OBS("mq_send", mq_timedsend(q, payload, strlen(payload), prio, &ts));
    j_hex("sent_hex", payload, strlen(payload));
}

static void mq_receive_mode(const char *name, long tmo)
{
    struct mq_attr a;
    mqd_t q = mq_open_attr(name, O_RDONLY, &a);
    if (q == (mqd_t)-1) return;
    size_t cap = a.mq_msgsize > 0 ? (size_t)a.mq_msgsize : 1;
    unsigned char *b = malloc(cap);
    if (!b) setup_fail("malloc", ENOMEM);
    unsigned prio = 0;
    struct timespec ts = deadline_ms(tmo);
    errno = 0;
    ssize_t n = mq_timedreceive(q, (char *)b, cap, &prio, &ts);
    j_ret("mq_receive", n, errno);
    if (n >= 0) { j_int("prio", prio); j_hex("received_hex", b, (size_t)n); }
    else { j_null("prio"); j_null("received_hex"); }
    free(b);
}

static void fifo_write(const char *path, size_t len, unsigned pattern, long tmo)
{
    long long end = now_ms() + tmo;
    int fd;
    for (;;) {
        errno = 0;
        fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0 || errno != ENXIO || now_ms() >= end) break;
        sleep_ms(2);
    }
    j_ret("open", fd < 0 ? -1 : 0, errno);
    if (fd < 0) return;
    set_nonblock(fd, false);
    unsigned char *b = malloc(len ? len : 1);
    if (!b) setup_fail("malloc", ENOMEM);
    for (size_t i = 0; i < len; i++) b[i] = (unsigned char)(pattern + i);
    size_t done = 0;
    int err = 0;
    while (done < len) {
        ssize_t w = write(fd, b + done, len - done);
        if (w < 0) { if (errno == EINTR) continue; err = errno; break; }
        done += (size_t)w;
    }
    j_int("write_ret", err ? -1 : (long long)done);
    j_errno("write_errno", err);
    j_int("write_total", (long long)done);
    j_data(b, len);
    close(fd);
    free(b);
}

static void fifo_read(const char *path, size_t len, long tmo)
{
    int fd = obs_open("open", path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return;
    unsigned char *b = malloc(len ? len : 1);
    if (!b) setup_fail("malloc", ENOMEM);
    size_t got = 0;
    bool eof = false, timed_out = false;
    long long end = now_ms() + tmo;
    while (got < len) {
        long long left = end - now_ms();
        if (left <= 0) { timed_out = true; break; }
        struct pollfd p = { fd, POLLIN, 0 };
        int r = poll(&p, 1, (int)(left > 100 ? 100 : left));
        if (r < 0 && errno != EINTR) setup_fail("poll", errno);
        if (r <= 0) continue;
        if (p.revents & POLLIN) {
            ssize_t n = read(fd, b + got, len - got);
            if (n > 0) { got += (size_t)n; continue; }
            if (n == 0) { eof = true; break; }
            if (errno != EAGAIN && errno != EINTR) setup_fail("read", errno);
        } else if (p.revents & POLLHUP) { eof = true; break; }
    }
    j_int("read_total", (long long)got);
    j_bool("eof", eof);
    j_bool("timed_out", timed_out);
    j_data(b, got);
    free(b);
}

int xabi_main(int argc, char **argv)
{
    g_mode = argv[1];
    static const char *modes[] = { "xabi-shm-write", "xabi-shm-read", "xabi-mq-send", "xabi-mq-receive",
                                   "xabi-mq-attr", "xabi-fifo-write", "xabi-fifo-read", NULL };
    bool known = false;
    for (const char **m = modes; *m; m++) if (!strcmp(*m, g_mode)) known = true;
    if (!known) bad("unknown mode");
    long tmo = 2000;
    int fixed = !strcmp(g_mode, "xabi-shm-write") || !strcmp(g_mode, "xabi-mq-send") || !strcmp(g_mode, "xabi-fifo-write") ? 5
              : !strcmp(g_mode, "xabi-shm-read") || !strcmp(g_mode, "xabi-fifo-read") ? 4
              : 3;
    if (!strcmp(g_mode, "xabi-mq-attr")) { if (argc != 3) bad("usage: xabi-mq-attr NAME"); }
    else if (argc == fixed + 1) tmo = (long)num(argv[fixed], 600000, "bad TIMEOUT_MS");
    else if (argc != fixed) bad("wrong number of arguments");
    sig_install();
    signal(SIGPIPE, SIG_IGN);
    j_begin(g_mode);
    alarm((unsigned)(tmo / 1000 + 3));
    if (!strcmp(g_mode, "xabi-shm-write"))
        shm_write(argv[2], (size_t)num(argv[3], 1u << 30, "bad LEN"), (unsigned)num(argv[4], 255, "bad PATTERN"));
    else if (!strcmp(g_mode, "xabi-shm-read"))
        shm_read(argv[2], (size_t)num(argv[3], 1u << 30, "bad LEN"));
    else if (!strcmp(g_mode, "xabi-mq-send"))
        mq_send_mode(argv[2], (unsigned)num(argv[3], 1u << 20, "bad PRIO"), argv[4], tmo);
    else if (!strcmp(g_mode, "xabi-mq-receive"))
        mq_receive_mode(argv[2], tmo);
    else if (!strcmp(g_mode, "xabi-mq-attr")) {
        struct mq_attr a;
        mq_open_attr(argv[2], O_RDONLY, &a);
    } else if (!strcmp(g_mode, "xabi-fifo-write"))
        fifo_write(argv[2], (size_t)num(argv[3], 1u << 30, "bad LEN"), (unsigned)num(argv[4], 255, "bad PATTERN"), tmo);
    else
        fifo_read(argv[2], (size_t)num(argv[3], 1u << 30, "bad LEN"), tmo);
    alarm(0);
    j_end("done");
    return 0;
}

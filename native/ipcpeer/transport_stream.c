/* Stream transports: pipe, fifo, uds. A message moves as a loop of partial read(2)/write(2)
 * calls, each preceded by poll(2) so that every single wait is bounded by --timeout-ms. The
 * fds are blocking (as the protocol asks for FIFOs; pipes and sockets are treated the same so
 * the three compare like for like): after POLLIN a read returns what is there, and a write
 * that does not fit blocks in the kernel only while the partner is alive to drain it (a dead
 * partner turns it into EPIPE). */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int rfd = -1, wfd = -1;
static uint32_t size;
static int timeout_ms;
static uint8_t *sbuf, *rbuf;
static const char *tname;

static void wait_fd(int fd, short events, const char *what)
{
    struct pollfd p = { .fd = fd, .events = events };
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r > 0)
            return; /* POLLHUP/POLLERR too: the read or write names it */
        if (r == 0)
            peer_fail("%s: %s timed out after %d ms", tname, what, timeout_ms);
        if (errno != EINTR)
            peer_fail("%s: poll: %s", tname, strerror(errno));
    }
}

static void read_all(uint8_t *p, size_t n)
{
    while (n > 0) {
        wait_fd(rfd, POLLIN, "read");
        ssize_t r = read(rfd, p, n);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
        } else if (r == 0) {
            peer_fail("%s: read: end of file (the partner closed or died)", tname);
        } else if (errno != EINTR && errno != EAGAIN) {
            peer_fail("%s: read: %s", tname, strerror(errno));
        }
    }
}

static void write_all(const uint8_t *p, size_t n)
{
    while (n > 0) {
        wait_fd(wfd, POLLOUT, "write");
        ssize_t r = write(wfd, p, n);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
        } else if (r < 0 && errno != EINTR && errno != EAGAIN) {
            peer_fail("%s: write: %s", tname, strerror(errno)); /* EPIPE: the partner is gone */
        }
    }
}

static void set_blocking(int fd, const char *what)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
        peer_fail("%s: fcntl %s: %s", tname, what, strerror(errno));
}

static void common_open(const struct options *o, const char *name)
{
    size = o->size;
    timeout_ms = o->timeout_ms;
    tname = name;
    sbuf = msg_alloc(size);
    rbuf = msg_alloc(size);
}

static void pipe_open(const struct options *o)
{
    common_open(o, "pipe");
    rfd = o->fds[0];
    wfd = o->fds[1];
    for (int i = 2; i < o->nfds; i++)
        if (o->fds[i] != rfd && o->fds[i] != wfd)
            close(o->fds[i]); /* the partner's ends: without this, its death is never seen */
    int rfl = fcntl(rfd, F_GETFL), wfl = fcntl(wfd, F_GETFL);
    if (rfl < 0 || (rfl & O_ACCMODE) != O_RDONLY)
        peer_fail("pipe: --fds read fd %d is %s", rfd, rfl < 0 ? "not open" : "not read-only");
    if (wfl < 0 || (wfl & O_ACCMODE) != O_WRONLY)
        peer_fail("pipe: --fds write fd %d is %s", wfd, wfl < 0 ? "not open" : "not write-only");
    /* Keep them out of anything this process might start. */
    fcntl(rfd, F_SETFD, FD_CLOEXEC);
    fcntl(wfd, F_SETFD, FD_CLOEXEC);
    set_blocking(rfd, "read fd");
    set_blocking(wfd, "write fd");
}

/* Read end first (never blocks with O_NONBLOCK), then the write end, which fails with ENXIO
 * until the other side's reader exists; then back to blocking. */
static void fifo_open(const struct options *o)
{
    common_open(o, "fifo");
    int server = o->role == ROLE_SERVER;
    char rpath[4096], wpath[4096];
    if ((size_t)snprintf(rpath, sizeof rpath, "%s/%s", o->path, server ? "c2s" : "s2c") >= sizeof rpath ||
        (size_t)snprintf(wpath, sizeof wpath, "%s/%s", o->path, server ? "s2c" : "c2s") >= sizeof wpath)
        peer_fail("fifo: --path too long");
    rfd = open(rpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (rfd < 0)
        peer_fail("fifo: open %s for reading: %s", rpath, strerror(errno));
    uint64_t deadline = now_ns() + (uint64_t)o->timeout_ms * 1000000u;
    while ((wfd = open(wpath, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
        if (errno != ENXIO && errno != EINTR)
            peer_fail("fifo: open %s for writing: %s", wpath, strerror(errno));
        if (now_ns() > deadline)
            peer_fail("fifo: open %s for writing: no reader within %d ms", wpath, o->timeout_ms);
        sleep_ns(1000000);
    }
    struct stat st;
    if (fstat(rfd, &st) != 0 || !S_ISFIFO(st.st_mode))
        peer_fail("fifo: %s is not a FIFO", rpath);
    set_blocking(rfd, "read end");
    set_blocking(wfd, "write end");
}

static void uds_open(const struct options *o)
{
    common_open(o, "uds");
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    strcpy(sa.sun_path, o->path); /* length checked by options_parse */
    uint64_t deadline = now_ns() + (uint64_t)o->timeout_ms * 1000000u;
    int fd;
    if (o->role == ROLE_SERVER) {
        int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (ls < 0)
            peer_fail("uds: socket: %s", strerror(errno));
        mode_t old = umask(077); /* the socket file: owner only */
        int b = bind(ls, (struct sockaddr *)&sa, sizeof sa);
        umask(old);
        if (b != 0)
            peer_fail("uds: bind %s: %s", o->path, strerror(errno));
        if (listen(ls, 1) != 0)
            peer_fail("uds: listen: %s", strerror(errno));
        wait_fd(ls, POLLIN, "accept");
        while ((fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC)) < 0)
            if (errno != EINTR)
                peer_fail("uds: accept: %s", strerror(errno));
        close(ls);
    } else {
        for (;;) {
            fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0)
                peer_fail("uds: socket: %s", strerror(errno));
            if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
                break;
            int e = errno;
            close(fd);
            if (e != ENOENT && e != ECONNREFUSED && e != EAGAIN && e != EINTR)
                peer_fail("uds: connect %s: %s", o->path, strerror(e));
            if (now_ns() > deadline)
                peer_fail("uds: connect %s: no listener within %d ms (%s)", o->path,
                          o->timeout_ms, strerror(e));
            sleep_ns(1000000);
        }
    }
    rfd = wfd = fd;
}

static uint8_t *stream_send_slot(void) { return sbuf; }
static void stream_send(void) { write_all(sbuf, size); }
static const uint8_t *stream_recv(uint64_t seq)
{
    (void)seq;
    read_all(rbuf, size);
    return rbuf;
}
static void stream_release(void) {}

const struct transport transport_pipe = { pipe_open, stream_send_slot, stream_send, stream_recv, stream_release };
const struct transport transport_fifo = { fifo_open, stream_send_slot, stream_send, stream_recv, stream_release };
const struct transport transport_uds = { uds_open, stream_send_slot, stream_send, stream_recv, stream_release };

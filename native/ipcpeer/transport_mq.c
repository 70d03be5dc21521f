/* POSIX message queues: one message per mq_timedsend/mq_timedreceive, each bounded by an
 * absolute CLOCK_REALTIME deadline --timeout-ms away. A dead partner shows as a timeout. */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>

static mqd_t rq = (mqd_t)-1, wq = (mqd_t)-1;
static uint32_t size;
static int timeout_ms;
static uint8_t *sbuf, *rbuf;
static size_t rcap;

static mqd_t open_queue(const char *prefix, const char *dir, int flags)
{
    char name[512];
    if ((size_t)snprintf(name, sizeof name, "%s-%s", prefix, dir) >= sizeof name)
        peer_fail("mq: --name too long");
    mqd_t q = mq_open(name, flags | O_CLOEXEC);
    if (q == (mqd_t)-1)
        peer_fail("mq: mq_open %s: %s", name, strerror(errno));
    struct mq_attr a;
    if (mq_getattr(q, &a) != 0)
        peer_fail("mq: mq_getattr %s: %s", name, strerror(errno));
    if (a.mq_msgsize < (long)size)
        peer_fail("mq: queue %s carries at most %ld bytes per message, --size is %u", name,
                  a.mq_msgsize, size);
    if (flags == O_RDONLY)
        rcap = (size_t)a.mq_msgsize; /* mq_receive wants room for the largest message */
    return q;
}

static void queue_open(const struct options *o)
{
    size = o->size;
    timeout_ms = o->timeout_ms;
    int server = o->role == ROLE_SERVER;
    rq = open_queue(o->name, server ? "c2s" : "s2c", O_RDONLY);
    wq = open_queue(o->name, server ? "s2c" : "c2s", O_WRONLY);
    sbuf = msg_alloc(size);
    rbuf = msg_alloc(rcap);
}

static struct timespec deadline(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += timeout_ms / 1000;
    ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static uint8_t *queue_send_slot(void) { return sbuf; }

static void queue_send(void)
{
    struct timespec ts = deadline();
    while (mq_timedsend(wq, (const char *)sbuf, size, 0, &ts) != 0) {
        if (errno == ETIMEDOUT)
            peer_fail("mq: send timed out after %d ms (queue full, partner not receiving)", timeout_ms);
        if (errno != EINTR)
            peer_fail("mq: mq_timedsend: %s", strerror(errno));
    }
}

static const uint8_t *queue_recv(uint64_t seq)
{
    struct timespec ts = deadline();
    ssize_t n;
    while ((n = mq_timedreceive(rq, (char *)rbuf, rcap, NULL, &ts)) < 0) {
        if (errno == ETIMEDOUT)
            peer_fail("mq: receive timed out after %d ms", timeout_ms);
        if (errno != EINTR)
            peer_fail("mq: mq_timedreceive: %s", strerror(errno));
    }
    if ((size_t)n != size)
        peer_fail("verify: message %llu: received %zd bytes, expected %u", (unsigned long long)seq,
                  n, size);
    return rbuf;
}

static void queue_release(void) {}

const struct transport transport_mq = { queue_open, queue_send_slot, queue_send, queue_recv, queue_release };

/* The floors (docs/protocol.md, "Floors"): the cache-line ping-pong and the cross-CPU hand-off
 * between two processes, and the in-process memcpy, own-work and kernel-copy costs. */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static _Atomic uint32_t *ping, *pong;
static uint8_t *handoff_buf; /* --workload handoff: the c2s and s2c buffers from offset 4096 */

void cacheline_open(const struct options *o)
{
    size_t len, need = sizeof(struct cacheline_segment);
    if (o->workload == W_HANDOFF)
        need = PROTO_CACHELINE_HANDOFF + 2 * (((size_t)o->size + 4095) & ~(size_t)4095);
    uint8_t *seg = segment_open(o, need, &len);
    struct cacheline_segment *c = (struct cacheline_segment *)(void *)seg;
    ping = &c->ping;
    pong = &c->pong;
    handoff_buf = o->workload == W_HANDOFF ? seg + PROTO_CACHELINE_HANDOFF : NULL;
    if (o->role == ROLE_SERVER) {
        /* Header as for the rings, without slots: slot_size 0 (handoff: the size), slots 0; ready last. */
        atomic_store_explicit(ping, 0, memory_order_relaxed);
        atomic_store_explicit(pong, 0, memory_order_relaxed);
        segment_init(seg, handoff_buf ? o->size : 0, 0);
    } else {
        segment_wait_ready(o, seg);
    }
}

/* Spins until *w == v, checking the deadline every ~1024 polls. */
static void spin_until(_Atomic uint32_t *w, uint32_t v, const struct options *o)
{
    uint64_t deadline = 0;
    for (uint32_t n = 1; atomic_load_explicit(w, memory_order_acquire) != v; n++) {
        spin_pause(o->yield);
        if ((n & 1023) == 0) {
            uint64_t t = now_ns();
            if (!deadline)
                deadline = t + (uint64_t)o->timeout_ms * 1000000u;
            else if (t > deadline)
                peer_fail("cacheline: the partner made no progress within %d ms", o->timeout_ms);
        }
    }
}

/* ---- the hand-off: one message written on one CPU, read on the other ---- */

/* Round v (from 1): the client builds message v in the c2s buffer (the peers' own fill, in place)
 * and publishes ping = v; the server waits for it, verifies every byte in place, builds message v
 * in the s2c buffer and publishes pong = v; the client waits and verifies. One buffer per
 * direction, as every transport has: re-writing a buffer the other CPU still holds lines of costs
 * more than writing one it just read (docs/copy-model.md). Two hand-offs per round, no kernel.
 * Warm-up rounds, then 5 batches of --count rounds timed by the client; result_ns is the best
 * batch's time per hand-off (one direction). */
static void handoff_run(const struct options *o, struct result *r)
{
    int client = o->role == ROLE_CLIENT;
    uint8_t *c2s = handoff_buf, *s2c = handoff_buf + (((size_t)o->size + 4095) & ~(size_t)4095);
    uint64_t total = o->warmup + 5 * o->count, best = UINT64_MAX, t0 = 0;
    for (uint64_t i = 0; i < total; i++) {
        if (i == o->warmup) {
            usage_take(&r->usage);
            r->elapsed_ns = now_ns();
        }
        if (i >= o->warmup && (i - o->warmup) % o->count == 0)
            t0 = now_ns();
        uint32_t v = (uint32_t)(i + 1);
        if (client) {
            msg_build(c2s, v, o->size);
            atomic_store_explicit(ping, v, memory_order_release);
            spin_until(pong, v, o);
            msg_verify(s2c, v, o->size);
        } else {
            spin_until(ping, v, o);
            msg_verify(c2s, v, o->size);
            msg_build(s2c, v, o->size);
            atomic_store_explicit(pong, v, memory_order_release);
        }
        if (i >= o->warmup && (i - o->warmup) % o->count == o->count - 1) {
            uint64_t dt = now_ns() - t0;
            if (dt < best)
                best = dt;
        }
    }
    r->elapsed_ns = now_ns() - r->elapsed_ns;
    usage_since(&r->usage);
    r->messages = 5 * o->count;
    r->bytes = 2 * r->messages * (uint64_t)o->size; /* verified bytes moved, both directions */
    if (client)
        r->result_ns = (double)best / (2.0 * (double)o->count);
}

/* Round i (from 1, so the zeroed words never match) carries the value i; u32 wrap-around is
 * harmless since only equality with the current round matters. */
void cacheline_run(const struct options *o, struct result *r)
{
    if (o->workload == W_HANDOFF) {
        handoff_run(o, r);
        return;
    }
    int client = o->role == ROLE_CLIENT;
    uint64_t total = o->warmup + o->count;
    uint64_t *s = NULL;
    if (client && !(s = malloc((size_t)o->count * sizeof *s)))
        peer_fail("out of memory for %llu samples", (unsigned long long)o->count);
    uint64_t start = 0, t0 = 0;
    for (uint64_t i = 0; i < total; i++) {
        if (i == o->warmup) {
            usage_take(&r->usage);
            start = t0 = now_ns();
        }
        uint32_t v = (uint32_t)(i + 1);
        progress_tick(i);
        if (client) {
            atomic_store_explicit(ping, v, memory_order_release);
            spin_until(pong, v, o);
            if (i >= o->warmup) {
                uint64_t t1 = now_ns();
                s[i - o->warmup] = t1 - t0;
                t0 = t1;
            }
        } else {
            spin_until(ping, v, o);
            atomic_store_explicit(pong, v, memory_order_release);
        }
    }
    r->elapsed_ns = now_ns() - start;
    usage_since(&r->usage);
    r->messages = o->count;
    if (client) {
        samples_write(o->samples, s, o->count);
        free(s);
        r->samples = o->count;
        r->has_samples = 1;
    }
}

/* kcopy: N bytes written into a pipe and read back by this one process on its one CPU, the pipe
 * grown to hold them (F_SETPIPE_SZ up to what it allows; beyond, chunks of its capacity): the
 * kernel's two copies with no wake-up and no other CPU, the unit the copy model reports the
 * kernel-copy transports in beside memcpy (docs/copy-model.md). */
static int kcopy_fd[2] = { -1, -1 };
static size_t kcopy_chunk;

static void kcopy_open(size_t n)
{
    if (pipe2(kcopy_fd, O_CLOEXEC) != 0)
        peer_fail("kcopy: pipe2: %s", strerror(errno));
    size_t want = 4096;
    while (want < n && want < (size_t)1 << 30)
        want *= 2;
    /* Above pipe-max-size an unprivileged process gets EPERM: keep the largest size that took. */
    for (; want > 4096 && fcntl(kcopy_fd[1], F_SETPIPE_SZ, (int)want) < 0; want /= 2)
        ;
    int got = fcntl(kcopy_fd[1], F_GETPIPE_SZ);
    if (got <= 0)
        peer_fail("kcopy: F_GETPIPE_SZ: %s", strerror(errno));
    kcopy_chunk = (size_t)got;
}

static void kcopy_once(const uint8_t *src, uint8_t *dst, size_t n)
{
    for (size_t off = 0; off < n;) {
        size_t len = n - off < kcopy_chunk ? n - off : kcopy_chunk;
        if (write_whole(kcopy_fd[1], (const char *)src + off, len) < 0)
            peer_fail("kcopy: write: %s", strerror(errno));
        for (size_t got = 0; got < len;) {
            ssize_t k = read(kcopy_fd[0], dst + off + got, len - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                peer_fail("kcopy: read: %s", k < 0 ? strerror(errno) : "end of file");
            got += (size_t)k;
        }
        off += len;
    }
}

/* One operation of a one-process floor (inlined into the warm-up and the timed loop alike). */
static inline void floor_once(enum workload_kind w, uint8_t *src, uint8_t *dst, uint32_t size, uint64_t seq)
{
    if (w == W_OWN) {
        msg_build(src, seq, size);
        msg_verify(src, seq, size);
    } else if (w == W_KCOPY) {
        kcopy_once(src, dst, size);
    } else {
        memcpy(dst, src, size);
        __asm__ volatile("" : : "r"(dst), "r"(src) : "memory"); /* keep every copy */
    }
}

/* memcpy: N bytes between two buffers 2N apart, reused. own: fill + checksum a message, then
 * verify it as the receiver would. kcopy: see above; the copy is checked against the source after
 * the warm-up and after every batch, outside the timing. Each: warm-up operations, then 5 batches
 * of --count; the result is the best batch's time per operation. */
void floor_run(const struct options *o, struct result *r)
{
    size_t n = o->size, gap = (2 * n + 63) & ~(size_t)63;
    uint8_t *buf = msg_alloc(gap + n);
    uint8_t *src = buf, *dst = buf + gap;
    int kcopy = o->workload == W_KCOPY;
    uint64_t seq = 0;
    if (kcopy) {
        kcopy_open(n);
        msg_build(src, 1, o->size);
    }
    for (uint64_t i = 0; i < o->warmup; i++, seq++)
        floor_once(o->workload, src, dst, o->size, seq);
    usage_take(&r->usage);
    uint64_t best = UINT64_MAX, all = 0;
    for (int b = 0; b < 5; b++) {
        if (kcopy) {
            if (o->warmup)
                msg_verify(dst, 1, o->size);
            memset(dst, 0, n);
        }
        uint64_t t0 = now_ns();
        for (uint64_t i = 0; i < o->count; i++, seq++)
            floor_once(o->workload, src, dst, o->size, seq);
        uint64_t dt = now_ns() - t0;
        all += dt;
        if (dt < best)
            best = dt;
    }
    if (kcopy) {
        msg_verify(dst, 1, o->size);
        close(kcopy_fd[0]);
        close(kcopy_fd[1]);
    }
    usage_since(&r->usage);
    free(buf);
    r->elapsed_ns = all;
    r->messages = 5 * o->count;
    r->result_ns = (double)best / (double)o->count;
}

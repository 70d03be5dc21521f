/* The floors (docs/protocol.md, "Floors"): the cache-line ping-pong between two processes, and
 * the in-process memcpy and own-work costs. */
#include "peer.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic uint32_t *ping, *pong;

void cacheline_open(const struct options *o)
{
    size_t len;
    uint8_t *seg = segment_open(o, sizeof(struct cacheline_segment), &len);
    struct cacheline_segment *c = (struct cacheline_segment *)(void *)seg;
    ping = &c->ping;
    pong = &c->pong;
    if (o->role == ROLE_SERVER) {
        /* Header as for the rings, without slots: slot_size 0, slots 0; ready last. */
        atomic_store_explicit(ping, 0, memory_order_relaxed);
        atomic_store_explicit(pong, 0, memory_order_relaxed);
        segment_init(seg, 0, 0);
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

/* Round i (from 1, so the zeroed words never match) carries the value i; u32 wrap-around is
 * harmless since only equality with the current round matters. */
void cacheline_run(const struct options *o, struct result *r)
{
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

/* memcpy: N bytes between two buffers 2N apart, reused. own: fill + checksum a message, then
 * verify it as the receiver would. Each: warm-up operations, then 5 batches of --count; the
 * result is the best batch's time per operation. */
void floor_run(const struct options *o, struct result *r)
{
    size_t n = o->size, gap = (2 * n + 63) & ~(size_t)63;
    uint8_t *buf = msg_alloc(gap + n);
    uint8_t *src = buf, *dst = buf + gap;
    int own = o->workload == W_OWN;
    uint64_t seq = 0;
    for (uint64_t i = 0; i < o->warmup; i++, seq++) {
        if (own) {
            msg_build(src, seq, o->size);
            msg_verify(src, seq, o->size);
        } else {
            memcpy(dst, src, n);
            __asm__ volatile("" : : "r"(dst), "r"(src) : "memory"); /* keep every copy */
        }
    }
    usage_take(&r->usage);
    uint64_t best = UINT64_MAX, all = 0;
    for (int b = 0; b < 5; b++) {
        uint64_t t0 = now_ns();
        for (uint64_t i = 0; i < o->count; i++, seq++) {
            if (own) {
                msg_build(src, seq, o->size);
                msg_verify(src, seq, o->size);
            } else {
                memcpy(dst, src, n);
                __asm__ volatile("" : : "r"(dst), "r"(src) : "memory");
            }
        }
        uint64_t dt = now_ns() - t0;
        all += dt;
        if (dt < best)
            best = dt;
    }
    usage_since(&r->usage);
    free(buf);
    r->elapsed_ns = all;
    r->messages = 5 * o->count;
    r->result_ns = (double)best / (double)o->count;
}

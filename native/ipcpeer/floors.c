/* The floors (docs/protocol.md, "Floors"): the cache-line ping-pong and the cross-CPU hand-off
 * between two processes, and the in-process memcpy and own-work costs. */
#include "peer.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic uint32_t *ping, *pong;
static uint8_t *handoff_buf; /* --workload handoff: --size bytes at offset 4096 */

void cacheline_open(const struct options *o)
{
    size_t len, need = sizeof(struct cacheline_segment);
    if (o->workload == W_HANDOFF)
        need = PROTO_CACHELINE_HANDOFF + (((size_t)o->size + 4095) & ~(size_t)4095);
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

/* ---- the hand-off: N bytes written on one CPU, read on the other ---- */

/* 16-byte vectors (SSE2, also on i686 with -msse2): the same stores and loads for every size. */
typedef uint64_t v2u64 __attribute__((vector_size(16), aligned(16)));

/* The word every 8 bytes of hand-off `v` carry: the round in the low half, the direction in the
 * high one, so neither a stale round nor the other direction's bytes pass for it. */
static uint64_t handoff_word(uint32_t v, int from_server)
{
    return (uint64_t)v | ((uint64_t)(from_server ? 0x5e5e5e5eu : 0xc1c1c1c1u) << 32);
}

/* Stores the pattern into all n bytes (whole lines with 16-byte stores, the tail bytewise). */
static void handoff_write(uint8_t *buf, size_t n, uint64_t w)
{
    v2u64 x = { w, w };
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        v2u64 *p = (v2u64 *)(void *)(buf + i);
        p[0] = x; p[1] = x; p[2] = x; p[3] = x;
    }
    for (; i < n; i++)
        buf[i] = (uint8_t)(w >> (8 * (i & 7)));
}

/* Loads all n bytes and checks them against the pattern; returns the offset of the first 64-byte
 * line (or tail byte) that differs, or n when every byte is right. */
static size_t handoff_check(const uint8_t *buf, size_t n, uint64_t w)
{
    v2u64 x = { w, w }, acc = { 0, 0 };
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        const v2u64 *p = (const v2u64 *)(const void *)(buf + i);
        acc |= (p[0] ^ x) | (p[1] ^ x) | (p[2] ^ x) | (p[3] ^ x);
        /* One test per 4 KiB keeps the loop a stream of loads; a miss is located below. */
        if ((i & 4095) == 4032 && (acc[0] | acc[1]))
            break;
    }
    if (acc[0] | acc[1]) {
        for (size_t j = i & ~(size_t)4095; j + 64 <= n; j += 64) {
            const v2u64 *p = (const v2u64 *)(const void *)(buf + j);
            v2u64 d = (p[0] ^ x) | (p[1] ^ x) | (p[2] ^ x) | (p[3] ^ x);
            if (d[0] | d[1])
                return j;
        }
    }
    for (i = n & ~(size_t)63; i < n; i++)
        if (buf[i] != (uint8_t)(w >> (8 * (i & 7))))
            return i;
    return n;
}

static void handoff_expect(uint32_t v, int from_server, size_t n)
{
    size_t bad = handoff_check(handoff_buf, n, handoff_word(v, from_server));
    if (bad != n)
        peer_fail("handoff: round %u: bytes at offset %zu are not what the %s wrote", v, bad,
                  from_server ? "server" : "client");
}

/* Round v (from 1): the client writes the buffer and publishes ping = v; the server waits for
 * it, reads and checks every byte, writes the buffer and publishes pong = v; the client waits,
 * reads and checks. Two hand-offs per round, no kernel. Warm-up rounds, then 5 batches of
 * --count rounds timed by the client; result_ns is the best batch's time per hand-off (one
 * direction). */
static void handoff_run(const struct options *o, struct result *r)
{
    int client = o->role == ROLE_CLIENT;
    size_t n = o->size;
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
            handoff_write(handoff_buf, n, handoff_word(v, 0));
            atomic_store_explicit(ping, v, memory_order_release);
            spin_until(pong, v, o);
            handoff_expect(v, 1, n);
        } else {
            spin_until(ping, v, o);
            handoff_expect(v, 0, n);
            handoff_write(handoff_buf, n, handoff_word(v, 1));
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
    r->bytes = 2 * r->messages * (uint64_t)n; /* verified bytes moved, both directions */
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

/* Shared-memory transport (shm, mmap-file), protocol v2: one segment, a 64-byte header and two
 * SPSC rings of fixed-size slots (docs/protocol.md, "Shared-memory segment and rings"). Each slot
 * starts with its u32 turn word (seqlock style) on the message's first line, so a message costs
 * the consumer one line transfer plus its payload. Messages are built and verified in place.
 * Turns are free-running u32 words, so the futex word is the turn itself and an i686 peer shares
 * it unchanged. */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>


static const char *tname = "shm";
static int timeout_ms, yield, use_futex;

void spin_pause(int y)
{
    if (y)
        sched_yield();
    else
        __builtin_ia32_pause();
}

/* ---- futex: shared (no FUTEX_PRIVATE_FLAG), the words live in a MAP_SHARED mapping ---- */

/* i686 with 64-bit time_t passes a 64-bit timespec, which only futex_time64 understands. */
#if defined(__i386__) && defined(_TIME_BITS) && _TIME_BITS == 64
#define FUTEX_NR SYS_futex_time64
_Static_assert(sizeof(time_t) == 8, "futex_time64 takes a 64-bit timespec");
#else
#define FUTEX_NR SYS_futex
_Static_assert(sizeof(time_t) == sizeof(long), "SYS_futex takes the native timespec");
#endif

/* Sleeps while *w == val, at most 100 ms and never past the deadline. */
static void futex_wait_bounded(_Atomic uint32_t *w, uint32_t val, uint64_t deadline)
{
    uint64_t now = now_ns(), left = deadline > now ? deadline - now : 0;
    struct timespec ts = { 0, (long)(left < 100000000u ? left : 100000000u) };
    if (syscall(FUTEX_NR, (void *)w, FUTEX_WAIT, val, &ts, NULL, 0) != 0 && errno != EAGAIN &&
        errno != ETIMEDOUT && errno != EINTR)
        peer_fail("%s: futex wait: %s", tname, strerror(errno));
}

static void futex_wake(_Atomic uint32_t *w)
{
    if (syscall(FUTEX_NR, (void *)w, FUTEX_WAKE, 1, NULL, NULL, 0) < 0)
        peer_fail("%s: futex wake: %s", tname, strerror(errno));
}

/* Waits until *w == want (read with acquire). `flag` is this side's *_waiting word, raised
 * before sleeping so the partner knows to wake us. */
static void wait_for(_Atomic uint32_t *w, uint32_t want, _Atomic uint32_t *flag, const char *what)
{
    uint32_t v;
    if (!use_futex) {
        uint64_t deadline = 0;
        for (uint32_t n = 1;; n++) {
            if (atomic_load_explicit(w, memory_order_acquire) == want)
                return;
            spin_pause(yield);
            if ((n & 1023) == 0) { /* a clock read every ~1024 polls keeps the spin cheap */
                uint64_t t = now_ns();
                if (!deadline)
                    deadline = t + (uint64_t)timeout_ms * 1000000u;
                else if (t > deadline)
                    peer_fail("%s: %s: the partner made no progress within %d ms", tname, what, timeout_ms);
            }
        }
    }
    uint64_t deadline = now_ns() + (uint64_t)timeout_ms * 1000000u;
    for (;;) {
        atomic_store_explicit(flag, 1, memory_order_relaxed);
        atomic_thread_fence(memory_order_seq_cst); /* pairs with the partner's fence after publishing */
        v = atomic_load_explicit(w, memory_order_acquire);
        if (v != want)
            futex_wait_bounded(w, v, deadline);
        atomic_store_explicit(flag, 0, memory_order_relaxed);
        if (atomic_load_explicit(w, memory_order_acquire) == want)
            return;
        if (now_ns() > deadline)
            peer_fail("%s: %s: the partner made no progress within %d ms", tname, what, timeout_ms);
    }
}

/* ---- the segment ---- */

uint8_t *segment_open(const struct options *o, size_t need, size_t *len)
{
    int mmap_file = o->transport == T_MMAP_FILE;
    tname = transport_name(o->transport);
    const char *obj = mmap_file ? o->path : o->name;
    int fd = mmap_file ? open(obj, O_RDWR | O_CLOEXEC) : shm_open(obj, O_RDWR, 0);
    if (fd < 0)
        peer_fail("%s: %s %s: %s", tname, mmap_file ? "open" : "shm_open", obj, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0)
        peer_fail("%s: fstat %s: %s", tname, obj, strerror(errno));
    if ((uint64_t)st.st_size < need)
        peer_fail("%s: %s is %lld bytes, the options need %zu", tname, obj, (long long)st.st_size, need);
    uint8_t *seg = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (seg == MAP_FAILED)
        peer_fail("%s: mmap %zu bytes of %s: %s", tname, need, obj, strerror(errno));
    close(fd); /* the mapping keeps the object alive after the harness unlinks it */
    *len = need;
    return seg;
}

/* Server: zero the waiting flags, write the header, publish ready=1 last (release). */
void segment_init(uint8_t *seg, uint32_t slot_size, uint32_t slots)
{
    struct segment *s = (struct segment *)(void *)seg;
    if (slots) { /* the cache-line floor has no rings */
        atomic_store_explicit(&s->c2s.consumer_waiting, 0, memory_order_relaxed);
        atomic_store_explicit(&s->c2s.producer_waiting, 0, memory_order_relaxed);
        atomic_store_explicit(&s->s2c.consumer_waiting, 0, memory_order_relaxed);
        atomic_store_explicit(&s->s2c.producer_waiting, 0, memory_order_relaxed);
    }
    s->hdr.magic = PROTO_SEG_MAGIC;
    s->hdr.version = PROTO_VERSION;
    s->hdr.slot_size = slot_size;
    s->hdr.slots = slots;
    atomic_store_explicit(&s->hdr.ready, 1, memory_order_release);
}

/* Client: wait (bounded) for ready, then check magic and version. */
void segment_wait_ready(const struct options *o, const uint8_t *seg)
{
    struct seg_header *h = (struct seg_header *)(void *)seg;
    uint64_t deadline = now_ns() + (uint64_t)o->timeout_ms * 1000000u;
    while (atomic_load_explicit(&h->ready, memory_order_acquire) != 1) {
        if (now_ns() > deadline)
            peer_fail("%s: the server did not initialise the segment within %d ms", tname, o->timeout_ms);
        sleep_ns(100000);
    }
    if (h->magic != PROTO_SEG_MAGIC)
        peer_fail("%s: segment magic is 0x%08x, expected 0x%08x", tname, h->magic, PROTO_SEG_MAGIC);
    if (h->version != PROTO_VERSION)
        peer_fail("%s: segment version is %u, expected %u", tname, h->version, PROTO_VERSION);
}

/* ---- the rings ---- */

struct ring {
    _Atomic uint32_t *consumer_waiting, *producer_waiting;
    uint8_t *slots;
    uint32_t pos; /* producer: messages published; consumer: messages consumed (only this side knows it) */
};
static struct ring tx, rx;
static uint32_t nslots, slot_size;

static void ring_attach(struct ring *r, struct ring_control *c, uint8_t *slots)
{
    r->consumer_waiting = &c->consumer_waiting;
    r->producer_waiting = &c->producer_waiting;
    r->slots = slots;
    r->pos = 0;
}

static inline _Atomic uint32_t *turn_of(const struct ring *r)
{
    struct slot_header *h = (struct slot_header *)(void *)(r->slots + (size_t)(r->pos & (nslots - 1)) * slot_size);
    return &h->turn;
}

static void ring_open(const struct options *o)
{
    timeout_ms = o->timeout_ms;
    yield = o->yield;
    use_futex = o->wait == WAIT_FUTEX;
    nslots = o->slots;
    slot_size = (PROTO_SLOT_MESSAGE + o->size + PROTO_SLOT_ALIGN - 1) & ~(PROTO_SLOT_ALIGN - 1);
    uint64_t ring_bytes = (uint64_t)nslots * slot_size;
    uint64_t need = (PROTO_SLOTS_START + 2 * ring_bytes + PROTO_SEGMENT_ALIGN - 1) & ~(uint64_t)(PROTO_SEGMENT_ALIGN - 1);
    if (need > SIZE_MAX / 2)
        peer_fail("%s: segment of %llu bytes does not fit this address space", tname, (unsigned long long)need);
    size_t len;
    uint8_t *seg = segment_open(o, (size_t)need, &len);
    struct segment *s = (struct segment *)(void *)seg;
    size_t c2s = PROTO_SLOTS_START, s2c = PROTO_SLOTS_START + (size_t)ring_bytes;
    if (o->role == ROLE_SERVER) {
        /* slot i of each ring starts at turn i: free for the producer's position i */
        for (uint64_t i = 0; i < 2 * (uint64_t)nslots; i++) {
            struct slot_header *h = (struct slot_header *)(void *)(seg + c2s + (size_t)i * slot_size);
            atomic_store_explicit(&h->turn, (uint32_t)(i % nslots), memory_order_relaxed);
        }
        segment_init(seg, slot_size, nslots);
    } else {
        segment_wait_ready(o, seg);
        if (s->hdr.slot_size != slot_size || s->hdr.slots != nslots)
            peer_fail("%s: segment has slot_size %u and %u slots, this client expects %u and %u", tname,
                      s->hdr.slot_size, s->hdr.slots, slot_size, nslots);
    }
    int server = o->role == ROLE_SERVER;
    ring_attach(&tx, server ? &s->s2c : &s->c2s, seg + (server ? s2c : c2s));
    ring_attach(&rx, server ? &s->c2s : &s->s2c, seg + (server ? c2s : s2c));
}

/* Producer at position p: the slot is free when its turn is p. */
static uint8_t *ring_send_slot(void)
{
    _Atomic uint32_t *turn = turn_of(&tx);
    if (atomic_load_explicit(turn, memory_order_acquire) != tx.pos) /* full: not handed back yet */
        wait_for(turn, tx.pos, tx.producer_waiting, "send (ring full)");
    return (uint8_t *)turn + PROTO_SLOT_MESSAGE;
}

static void ring_send(void)
{
    _Atomic uint32_t *turn = turn_of(&tx);
    atomic_store_explicit(turn, ++tx.pos, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(tx.consumer_waiting, memory_order_relaxed) == 1)
        futex_wake(turn);
}

/* Consumer at position c: the message is there when the slot's turn is c + 1; read in place. */
static const uint8_t *ring_recv(uint64_t seq)
{
    (void)seq;
    _Atomic uint32_t *turn = turn_of(&rx);
    if (atomic_load_explicit(turn, memory_order_acquire) != rx.pos + 1) /* empty: not published yet */
        wait_for(turn, rx.pos + 1, rx.consumer_waiting, "receive (ring empty)");
    return (const uint8_t *)turn + PROTO_SLOT_MESSAGE;
}

static void ring_release(void)
{
    _Atomic uint32_t *turn = turn_of(&rx);
    atomic_store_explicit(turn, rx.pos + nslots, memory_order_release);
    rx.pos++;
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(rx.producer_waiting, memory_order_relaxed) == 1)
        futex_wake(turn);
}

const struct transport transport_ring = { ring_open, ring_send_slot, ring_send, ring_recv, ring_release };

/* For `ipcpeer --bench-steps`: one ring in private memory (`seg`, at least the segment size of
 * `slots` slots of messages of `size`), this process its producer and its consumer. */
void ring_local(uint8_t *seg, uint32_t size, uint32_t slots)
{
    tname = "bench";
    timeout_ms = 1000;
    yield = 0;
    use_futex = 0;
    nslots = slots;
    slot_size = (PROTO_SLOT_MESSAGE + size + PROTO_SLOT_ALIGN - 1) & ~(PROTO_SLOT_ALIGN - 1);
    struct segment *s = (struct segment *)(void *)seg;
    for (uint32_t i = 0; i < nslots; i++) {
        struct slot_header *h = (struct slot_header *)(void *)(seg + PROTO_SLOTS_START + (size_t)i * slot_size);
        atomic_store_explicit(&h->turn, i, memory_order_relaxed);
    }
    segment_init(seg, slot_size, nslots);
    ring_attach(&tx, &s->c2s, seg + PROTO_SLOTS_START);
    ring_attach(&rx, &s->c2s, seg + PROTO_SLOTS_START);
}

/* Shared-memory transport (shm, mmap-file): one segment, a 64-byte header and two SPSC rings
 * of fixed-size slots (docs/protocol.md, "Shared-memory segment and rings"). Messages are built
 * and verified in place in the slots. Counters are free-running u32 words, so the futex word is
 * the counter itself and an i686 peer shares it unchanged. */
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

#define SEG_MAGIC 0x52435049u /* "IPCR" */
#define SEG_VERSION 1u
enum { OFF_MAGIC = 0, OFF_VERSION = 4, OFF_SLOT_SIZE = 8, OFF_SLOTS = 12, OFF_READY = 16 };
enum { OFF_CTL_C2S = 64, OFF_CTL_S2C = 320, OFF_SLOTS_START = 4096 };
enum { CTL_HEAD = 0, CTL_TAIL = 64, CTL_CONSUMER_WAITING = 128, CTL_PRODUCER_WAITING = 192 };

static inline _Atomic uint32_t *word(uint8_t *seg, size_t off)
{
    return (_Atomic uint32_t *)(void *)(seg + off);
}

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

/* Waits until *w differs from val and returns the new value (read with acquire). `flag` is this
 * side's *_waiting word, raised before sleeping so the partner knows to wake us. */
static uint32_t wait_change(_Atomic uint32_t *w, uint32_t val, _Atomic uint32_t *flag, const char *what)
{
    uint32_t v;
    if (!use_futex) {
        uint64_t deadline = 0;
        for (uint32_t n = 1;; n++) {
            if ((v = atomic_load_explicit(w, memory_order_acquire)) != val)
                return v;
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
        if (v == val)
            futex_wait_bounded(w, val, deadline);
        atomic_store_explicit(flag, 0, memory_order_relaxed);
        if ((v = atomic_load_explicit(w, memory_order_acquire)) != val)
            return v;
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

static void header_put(uint8_t *seg, size_t off, uint32_t v) { memcpy(seg + off, &v, 4); }
static uint32_t header_get(const uint8_t *seg, size_t off)
{
    uint32_t v;
    memcpy(&v, seg + off, 4);
    return v;
}

/* Server: zero the control words, write the header, publish ready=1 last. */
static void segment_init(uint8_t *seg, uint32_t slot_size, uint32_t slots)
{
    for (size_t off = OFF_CTL_C2S; off < OFF_CTL_S2C + 256; off += 64)
        atomic_store_explicit(word(seg, off), 0, memory_order_relaxed);
    header_put(seg, OFF_MAGIC, SEG_MAGIC);
    header_put(seg, OFF_VERSION, SEG_VERSION);
    header_put(seg, OFF_SLOT_SIZE, slot_size);
    header_put(seg, OFF_SLOTS, slots);
    atomic_store_explicit(word(seg, OFF_READY), 1, memory_order_release);
}

/* Client: wait (bounded) for ready, then check magic and version. */
void segment_wait_ready(const struct options *o, const uint8_t *seg)
{
    uint64_t deadline = now_ns() + (uint64_t)o->timeout_ms * 1000000u;
    while (atomic_load_explicit(word((uint8_t *)seg, OFF_READY), memory_order_acquire) != 1) {
        if (now_ns() > deadline)
            peer_fail("%s: the server did not initialise the segment within %d ms", tname, o->timeout_ms);
        sleep_ns(100000);
    }
    if (header_get(seg, OFF_MAGIC) != SEG_MAGIC)
        peer_fail("%s: segment magic is 0x%08x, expected 0x%08x", tname, header_get(seg, OFF_MAGIC), SEG_MAGIC);
    if (header_get(seg, OFF_VERSION) != SEG_VERSION)
        peer_fail("%s: segment version is %u, expected %u", tname, header_get(seg, OFF_VERSION), SEG_VERSION);
}

/* ---- the rings ---- */

struct ring {
    _Atomic uint32_t *head, *tail, *consumer_waiting, *producer_waiting;
    uint8_t *slots;
    uint32_t mine;  /* producer: head; consumer: tail (only this side writes it) */
    uint32_t other; /* last value read of the partner's counter */
};
static struct ring tx, rx;
static uint32_t nslots, slot_size;

static void ring_attach(struct ring *r, uint8_t *seg, size_t ctl, size_t slots_off)
{
    r->head = word(seg, ctl + CTL_HEAD);
    r->tail = word(seg, ctl + CTL_TAIL);
    r->consumer_waiting = word(seg, ctl + CTL_CONSUMER_WAITING);
    r->producer_waiting = word(seg, ctl + CTL_PRODUCER_WAITING);
    r->slots = seg + slots_off;
    r->mine = r->other = 0;
}

static void ring_open(const struct options *o)
{
    timeout_ms = o->timeout_ms;
    yield = o->yield;
    use_futex = o->wait == WAIT_FUTEX;
    nslots = o->slots;
    slot_size = (o->size + 63u) & ~63u;
    uint64_t ring_bytes = (uint64_t)nslots * slot_size;
    uint64_t need = (OFF_SLOTS_START + 2 * ring_bytes + 4095) & ~(uint64_t)4095;
    if (need > SIZE_MAX / 2)
        peer_fail("%s: segment of %llu bytes does not fit this address space", tname, (unsigned long long)need);
    size_t len;
    uint8_t *seg = segment_open(o, (size_t)need, &len);
    if (o->role == ROLE_SERVER) {
        segment_init(seg, slot_size, nslots);
    } else {
        segment_wait_ready(o, seg);
        if (header_get(seg, OFF_SLOT_SIZE) != slot_size || header_get(seg, OFF_SLOTS) != nslots)
            peer_fail("%s: segment has slot_size %u and %u slots, this client expects %u and %u", tname,
                      header_get(seg, OFF_SLOT_SIZE), header_get(seg, OFF_SLOTS), slot_size, nslots);
    }
    size_t c2s = OFF_SLOTS_START, s2c = OFF_SLOTS_START + (size_t)ring_bytes;
    int server = o->role == ROLE_SERVER;
    ring_attach(&tx, seg, server ? OFF_CTL_S2C : OFF_CTL_C2S, server ? s2c : c2s);
    ring_attach(&rx, seg, server ? OFF_CTL_C2S : OFF_CTL_S2C, server ? c2s : s2c);
}

/* Producer: wait until head - tail < slots; the slot to fill is head & (slots-1). */
static uint8_t *ring_send_slot(void)
{
    if (tx.mine - tx.other >= nslots) {
        tx.other = atomic_load_explicit(tx.tail, memory_order_acquire);
        if (tx.mine - tx.other >= nslots) /* full: tail == head - slots until the consumer moves */
            tx.other = wait_change(tx.tail, tx.mine - nslots, tx.producer_waiting, "send (ring full)");
    }
    return tx.slots + (size_t)(tx.mine & (nslots - 1)) * slot_size;
}

static void ring_send(void)
{
    atomic_store_explicit(tx.head, ++tx.mine, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(tx.consumer_waiting, memory_order_relaxed) == 1)
        futex_wake(tx.head);
}

/* Consumer: wait until head != tail; the message is slot tail & (slots-1), read in place. */
static const uint8_t *ring_recv(uint64_t seq)
{
    (void)seq;
    if (rx.other == rx.mine) {
        rx.other = atomic_load_explicit(rx.head, memory_order_acquire);
        if (rx.other == rx.mine)
            rx.other = wait_change(rx.head, rx.mine, rx.consumer_waiting, "receive (ring empty)");
    }
    return rx.slots + (size_t)(rx.mine & (nslots - 1)) * slot_size;
}

static void ring_release(void)
{
    atomic_store_explicit(rx.tail, ++rx.mine, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(rx.producer_waiting, memory_order_relaxed) == 1)
        futex_wake(rx.tail);
}

const struct transport transport_ring = { ring_open, ring_send_slot, ring_send, ring_recv, ring_release };

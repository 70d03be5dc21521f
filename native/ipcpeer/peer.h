/* ipcpeer: the native benchmark peer (docs/protocol.md, version 2). Declarations shared by
 * its files. One process runs one transport, so each transport keeps its state file-static.
 * Every protocol name, key, limit and offset comes from the generated peer_protocol.h. */
#ifndef IPCPEER_PEER_H
#define IPCPEER_PEER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "peer_protocol.h"

/* The wire format is little-endian; the peer writes host integers, so the host must be too. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ipcpeer needs a little-endian host");

#include "abi.h" /* native/common: IPCBENCH_ABI, write_whole() */

#define PEER_ABI IPCBENCH_ABI

#define PEER_MAX_FDS PROTO_MAX_FDS

struct options {
    enum role role;
    enum transport_kind transport;
    enum workload_kind workload;
    uint32_t size;         /* message size, header included */
    uint64_t count;        /* timed messages (latency: round trips) */
    uint64_t warmup;       /* untimed messages before the timed phase */
    enum wait_kind wait;
    int yield;             /* spin waits call sched_yield() on every failed poll */
    int cpu;               /* -1: not pinned */
    int timeout_ms;        /* bound on every single wait */
    int fds[PEER_MAX_FDS]; /* pipe: read fd, write fd, then fds to close */
    int nfds;
    const char *path;
    const char *name;
    uint32_t slots;
    const char *samples;
    uint32_t reps;         /* throughput server: time the timed phase in this many equal blocks */
};

/* options.c: parses argv; on bad input prints `ERROR <what>` and exits 2. */
void options_parse(struct options *o, int argc, char **argv);
const char *transport_name(enum transport_kind t);

/* control.c: the line protocol on stdin/stdout. */
void ctl_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ctl_expect(const char *word, int timeout_ms);
/* Prints `ERROR <text>` and exits with `status` (1: run failure, 2: bad input). */
_Noreturn void peer_exit_error(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define peer_fail(...) peer_exit_error(1, __VA_ARGS__)

/* message.c: framing (16-byte header + position-dependent body) and its verification. */
#define MSG_HEADER PROTO_MSG_HEADER
struct msg_header { uint64_t seq; uint32_t size; uint32_t reserved; };
void msg_build(uint8_t *m, uint64_t seq, uint32_t size);
void msg_verify(const uint8_t *m, uint64_t seq, uint32_t size);
void msg_fill(uint8_t *body, size_t len, uint64_t seq);
/* Body offset of the first byte that differs from message seq's pattern, or -1. */
long msg_first_mismatch(const uint8_t *body, size_t len, uint64_t seq);
/* Zero-filled, 64-byte aligned buffer of at least n bytes; fails the peer when out of memory. */
uint8_t *msg_alloc(size_t n);

/* measure.c */
static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
struct usage { uint64_t utime_ns, stime_ns, nvcsw, nivcsw; };
void usage_take(struct usage *u);
void usage_since(struct usage *u); /* turns a snapshot into the difference to now */
/* se.nr_migrations of /proc/self/sched, or -1 where the kernel does not show it. */
long long migrations_now(void);
void samples_write(const char *path, const uint64_t *s, uint64_t n);
static inline void sleep_ns(long ns)
{
    struct timespec ts = { ns / 1000000000L, ns % 1000000000L };
    nanosleep(&ts, NULL);
}

/* A transport moves whole messages. send_slot() returns where to build the next message
 * (a ring slot, or a private buffer); send() publishes it. recv() waits for the next message
 * and returns it in place; release() hands its storage back. Any failure ends the peer. */
struct transport {
    void (*open)(const struct options *o);
    uint8_t *(*send_slot)(void);
    void (*send)(void);
    const uint8_t *(*recv)(uint64_t seq);
    void (*release)(void);
};
extern const struct transport transport_pipe, transport_fifo, transport_uds;
extern const struct transport transport_mq;
extern const struct transport transport_ring;

/* The shared segment as this compiler lays it out: ring.c and floors.c access it through these
 * structs, `ipcpeer --layout` prints their offsets, and the asserts tie them to the header. */
struct seg_header { uint32_t magic, version, slot_size, slots; _Atomic uint32_t ready; };
struct ring_control {
    _Alignas(64) _Atomic uint32_t consumer_waiting;
    _Alignas(64) _Atomic uint32_t producer_waiting;
};
struct segment {
    struct seg_header hdr;
    _Alignas(64) struct ring_control c2s;
    struct ring_control s2c;
};
struct slot_header { _Atomic uint32_t turn; uint32_t reserved[3]; }; /* the message follows */
struct cacheline_segment {
    struct seg_header hdr;
    _Alignas(64) _Atomic uint32_t ping;
    _Alignas(64) _Atomic uint32_t pong;
};
_Static_assert(offsetof(struct seg_header, magic) == PROTO_SEG_MAGIC_OFF, "layout");
_Static_assert(offsetof(struct seg_header, version) == PROTO_SEG_VERSION_OFF, "layout");
_Static_assert(offsetof(struct seg_header, slot_size) == PROTO_SEG_SLOT_SIZE_OFF, "layout");
_Static_assert(offsetof(struct seg_header, slots) == PROTO_SEG_SLOTS_OFF, "layout");
_Static_assert(offsetof(struct seg_header, ready) == PROTO_SEG_READY_OFF, "layout");
_Static_assert(offsetof(struct segment, c2s) == PROTO_CTL_C2S, "layout");
_Static_assert(offsetof(struct segment, s2c) == PROTO_CTL_S2C, "layout");
_Static_assert(sizeof(struct ring_control) == PROTO_CTL_SIZE, "layout");
_Static_assert(offsetof(struct ring_control, consumer_waiting) == PROTO_CTL_CONSUMER_WAITING, "layout");
_Static_assert(offsetof(struct ring_control, producer_waiting) == PROTO_CTL_PRODUCER_WAITING, "layout");
_Static_assert(sizeof(struct segment) <= PROTO_SLOTS_START, "layout");
_Static_assert(offsetof(struct slot_header, turn) == PROTO_SLOT_TURN, "layout");
_Static_assert(sizeof(struct slot_header) == PROTO_SLOT_MESSAGE, "layout");
_Static_assert(offsetof(struct cacheline_segment, ping) == PROTO_CACHELINE_PING, "layout");
_Static_assert(offsetof(struct cacheline_segment, pong) == PROTO_CACHELINE_PONG, "layout");
_Static_assert(sizeof(struct cacheline_segment) == PROTO_CACHELINE_MAPPED, "layout");
_Static_assert(offsetof(struct msg_header, seq) == PROTO_MSG_SEQ, "layout");
_Static_assert(offsetof(struct msg_header, size) == PROTO_MSG_SIZE, "layout");
_Static_assert(offsetof(struct msg_header, reserved) == PROTO_MSG_RESERVED, "layout");
_Static_assert(sizeof(struct msg_header) == PROTO_MSG_HEADER, "layout");
/* diag.c: `ipcpeer --layout` prints the offsets above, one key=value per line; the other
 * diagnostic modes. Returns the exit status, or -1 when argv is no diagnostic mode. */
void layout_print(void);
int diag_main(int argc, char **argv);

/* ring.c: the shared segment, also used by the cache-line floor. */
uint8_t *segment_open(const struct options *o, size_t need, size_t *len);
void segment_init(uint8_t *seg, uint32_t slot_size, uint32_t slots);
void segment_wait_ready(const struct options *o, const uint8_t *seg);
void spin_pause(int yield);
void ring_local(uint8_t *seg, uint32_t size, uint32_t slots);

/* workload.c */
#define PEER_MAX_REPS PROTO_MAX_REPS
struct result {
    uint64_t messages, bytes, elapsed_ns, samples;
    uint32_t nreps;                      /* > 1: rep_ns holds the elapsed time of each block */
    uint64_t rep_ns[PEER_MAX_REPS];
    int has_samples;
    double result_ns; /* floors only; < 0 when absent */
    struct usage usage;
};
void workload_run(const struct options *o, const struct transport *t, struct result *r);

/* PROGRESS heartbeats (control.c): the clock is read every 64 messages, a line goes out when the
 * interval passed, so the harness bounds silence rather than the whole cell. */
void progress_start(int timeout_ms);
void progress_check(uint64_t messages);
static inline void progress_tick(uint64_t messages)
{
    if ((messages & 63) == 0)
        progress_check(messages);
}

/* floors.c */
void cacheline_open(const struct options *o);
void cacheline_run(const struct options *o, struct result *r);
void floor_run(const struct options *o, struct result *r);

#endif

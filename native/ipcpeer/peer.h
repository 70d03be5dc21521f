/* ipcpeer: the native benchmark peer (docs/protocol.md, version 1). Declarations shared by
 * its files. One process runs one transport, so each transport keeps its state file-static. */
#ifndef IPCPEER_PEER_H
#define IPCPEER_PEER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The wire format is little-endian; the peer writes host integers, so the host must be too. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ipcpeer needs a little-endian host");

#if defined(__x86_64__)
#define PEER_ABI "x86_64"
#elif defined(__i386__) && defined(_FILE_OFFSET_BITS) && _FILE_OFFSET_BITS == 64
#define PEER_ABI "i686-lfs"
#elif defined(__i386__)
#define PEER_ABI "i686"
#else
#error "ipcpeer supports x86-64 and i686 only"
#endif

enum role { ROLE_NONE, ROLE_SERVER, ROLE_CLIENT };
enum transport_kind { T_NONE, T_PIPE, T_FIFO, T_MQ, T_SHM, T_MMAP_FILE, T_UDS, T_CACHELINE };
enum workload_kind { W_LATENCY, W_THROUGHPUT, W_MEMCPY, W_OWN, W_HANDOFF };
enum wait_kind { WAIT_UNSET, WAIT_SPIN, WAIT_FUTEX };

#define PEER_MAX_FDS 64

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

/* message.c: framing (16-byte header + patterned body) and its verification. */
#define MSG_HEADER 16u
void msg_build(uint8_t *m, uint64_t seq, uint32_t size);
void msg_verify(const uint8_t *m, uint64_t seq, uint32_t size);
uint32_t msg_checksum(const uint8_t *body, size_t len);
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

/* ring.c: the shared segment, also used by the cache-line floor. */
uint8_t *segment_open(const struct options *o, size_t need, size_t *len);
void segment_wait_ready(const struct options *o, const uint8_t *seg);
void spin_pause(int yield);

/* workload.c */
#define PEER_MAX_REPS 1000u
struct result {
    uint64_t messages, bytes, elapsed_ns, samples;
    uint32_t nreps;                      /* > 1: rep_ns holds the elapsed time of each block */
    uint64_t rep_ns[PEER_MAX_REPS];
    int has_samples;
    double result_ns; /* floors only; < 0 when absent */
    struct usage usage;
};
void workload_run(const struct options *o, const struct transport *t, struct result *r);

/* floors.c: cacheline_open/run serve both --workload latency (ping-pong) and handoff. */
void cacheline_open(const struct options *o);
void cacheline_run(const struct options *o, struct result *r);
void floor_run(const struct options *o, struct result *r);

#endif

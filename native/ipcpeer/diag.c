/* Diagnostic modes of ipcpeer, outside the control protocol, for tests and benchmarks:
 *   --layout               the shared segment's offsets as this compiler lays the structs out
 *   --message SIZE SEQ     writes message SEQ of SIZE bytes to stdout (as msg_build makes it)
 *   --verify SIZE SEQ      reads SIZE bytes from stdin and verifies them as message SEQ: prints
 *                          OK, or the `ERROR verify: ...` line and exit 1
 *   --bench-steps SIZE     nanoseconds per operation of each per-message step, the same steps
 *                          the managed PerMessageStepBenchmarks time (best of 5 batches)
 * Bad arguments: `ERROR <what>`, exit 2. */
#include "peer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void layout_print(void)
{
    printf("magic=%zu\nversion=%zu\nslot_size=%zu\nslots=%zu\nready=%zu\n", offsetof(struct seg_header, magic),
           offsetof(struct seg_header, version), offsetof(struct seg_header, slot_size),
           offsetof(struct seg_header, slots), offsetof(struct seg_header, ready));
    printf("c2s=%zu\ns2c=%zu\ncontrol_size=%zu\nconsumer_waiting=%zu\nproducer_waiting=%zu\n",
           offsetof(struct segment, c2s), offsetof(struct segment, s2c), sizeof(struct ring_control),
           offsetof(struct ring_control, consumer_waiting), offsetof(struct ring_control, producer_waiting));
    printf("slot_turn=%zu\nslot_message=%zu\nping=%zu\npong=%zu\n", offsetof(struct slot_header, turn),
           sizeof(struct slot_header), offsetof(struct cacheline_segment, ping), offsetof(struct cacheline_segment, pong));
    printf("msg_seq=%zu\nmsg_size=%zu\nmsg_reserved=%zu\nmsg_header=%zu\n", offsetof(struct msg_header, seq),
           offsetof(struct msg_header, size), offsetof(struct msg_header, reserved), sizeof(struct msg_header));
}

static uint64_t arg_number(const char *what, const char *v, uint64_t min, uint64_t max)
{
    char *end;
    errno = 0;
    unsigned long long x = (v[0] >= '0' && v[0] <= '9') ? strtoull(v, &end, 10) : 0;
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || x < min || x > max)
        peer_exit_error(2, "%s: expected an integer from %llu to %llu, got '%s'", what, (unsigned long long)min,
                        (unsigned long long)max, v);
    return x;
}

static void io_all(int fd, uint8_t *p, size_t n, int out)
{
    while (n > 0) {
        ssize_t r = out ? write(fd, p, n) : read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            peer_fail("%s: %s", out ? "write stdout" : "read stdin", r < 0 ? strerror(errno) : "end of file");
        p += r;
        n -= (size_t)r;
    }
}

/* ---- --bench-steps ---- */

enum { STEP_BATCHES = 5, SAMPLE_RING = 4096 };
static uint8_t *bench_msg;
static uint32_t bench_size;
static uint64_t bench_seq, *bench_samples, bench_t0;

static void step_fill(uint64_t i) { msg_build(bench_msg, bench_seq + i, bench_size); }
static void step_verify(uint64_t i) { (void)i; msg_verify(bench_msg, bench_seq, bench_size); }
static void step_publish_consume(uint64_t i)
{
    (void)i;
    transport_ring.send_slot();
    transport_ring.send();
    transport_ring.recv(0);
    transport_ring.release();
}
static void step_timestamp_record(uint64_t i)
{
    uint64_t t1 = now_ns(); /* as the latency client: one clock read, one sample stored */
    bench_samples[i & (SAMPLE_RING - 1)] = t1 - bench_t0;
    bench_t0 = t1;
}

/* Best of STEP_BATCHES batches of n calls, in ns per call; the calls go through a pointer, as the
 * workloads call the transport, so no step is folded away. */
static double time_step(void (*step)(uint64_t), uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) /* warm-up: caches, branch predictors, page faults */
        step(i);
    uint64_t best = UINT64_MAX;
    for (int b = 0; b < STEP_BATCHES; b++) {
        uint64_t t0 = now_ns();
        for (uint64_t i = 0; i < n; i++)
            step(i);
        uint64_t dt = now_ns() - t0;
        if (dt < best)
            best = dt;
    }
    return (double)best / (double)n;
}

static int bench_steps(uint32_t size)
{
    bench_size = size;
    bench_seq = 1000;
    bench_msg = msg_alloc(size);
    bench_samples = (uint64_t *)(void *)msg_alloc(SAMPLE_RING * sizeof *bench_samples);
    uint32_t slots = 4, slot = (PROTO_SLOT_MESSAGE + size + PROTO_SLOT_ALIGN - 1) & ~(PROTO_SLOT_ALIGN - 1);
    uint8_t *seg = msg_alloc(PROTO_SLOTS_START + (size_t)slots * slot);
    ring_local(seg, size, slots);
    /* enough calls that a batch lasts about a millisecond or more */
    uint64_t n = (64u << 20) / size;
    n = n < 200 ? 200 : n > 200000 ? 200000 : n;
    double fill = time_step(step_fill, n);
    msg_build(bench_msg, bench_seq, size);
    double verify = time_step(step_verify, n);
    double publish = time_step(step_publish_consume, 200000);
    double stamp = time_step(step_timestamp_record, 200000);
    printf("fill=%.3f\nverify=%.3f\npublish_consume=%.3f\ntimestamp_record=%.3f\n", fill, verify, publish, stamp);
    free(seg);
    free(bench_samples);
    free(bench_msg);
    return 0;
}

int diag_main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--bench-steps") == 0)
        return bench_steps((uint32_t)arg_number("SIZE", argv[2], PROTO_MIN_SIZE, PROTO_MAX_SIZE));
    if (argc == 2 && strcmp(argv[1], "--layout") == 0) {
        layout_print();
        return 0;
    }
    if (argc == 4 && (strcmp(argv[1], "--message") == 0 || strcmp(argv[1], "--verify") == 0)) {
        uint32_t size = (uint32_t)arg_number("SIZE", argv[2], PROTO_MIN_SIZE, PROTO_MAX_SIZE);
        uint64_t seq = arg_number("SEQ", argv[3], 0, UINT64_MAX);
        uint8_t *m = msg_alloc(size);
        if (argv[1][2] == 'm') {
            msg_build(m, seq, size);
            io_all(STDOUT_FILENO, m, size, 1);
        } else {
            io_all(STDIN_FILENO, m, size, 0);
            msg_verify(m, seq, size);
            ctl_send("OK");
        }
        free(m);
        return 0;
    }
    return -1;
}

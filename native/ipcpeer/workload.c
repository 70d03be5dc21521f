/* The workloads, over any transport: latency (the client times each round trip) and
 * throughput (the client streams, the server receives). Warm-up messages carry seq
 * 0 .. warmup-1, timed ones follow. */
#include "peer.h"

#include <stdlib.h>

static void send_one(const struct transport *t, uint64_t seq, uint32_t size)
{
    msg_build(t->send_slot(), seq, size);
    t->send();
}

static void recv_one(const struct transport *t, uint64_t seq, uint32_t size)
{
    msg_verify(t->recv(seq), seq, size);
    t->release();
}

static void latency_client(const struct options *o, const struct transport *t, struct result *r)
{
    uint64_t *s = malloc((size_t)o->count * sizeof *s);
    if (!s)
        peer_fail("out of memory for %llu samples", (unsigned long long)o->count);
    uint64_t seq = 0;
    for (; seq < o->warmup; seq++) {
        send_one(t, seq, o->size);
        recv_one(t, seq, o->size);
        progress_tick(seq);
    }
    usage_take(&r->usage);
    uint64_t start = now_ns(), t0 = start;
    for (uint64_t i = 0; i < o->count; i++, seq++) {
        send_one(t, seq, o->size);
        recv_one(t, seq, o->size);
        uint64_t t1 = now_ns(); /* one clock read per round trip: its end is the next start */
        s[i] = t1 - t0;
        t0 = t1;
        progress_tick(seq);
    }
    r->elapsed_ns = t0 - start;
    usage_since(&r->usage);
    samples_write(o->samples, s, o->count);
    free(s);
    r->messages = o->count;
    r->samples = o->count;
    r->has_samples = 1;
}

static void latency_server(const struct options *o, const struct transport *t, struct result *r)
{
    uint64_t seq = 0;
    for (; seq < o->warmup; seq++) {
        recv_one(t, seq, o->size);
        send_one(t, seq, o->size);
        progress_tick(seq);
    }
    usage_take(&r->usage);
    uint64_t start = now_ns();
    for (uint64_t end = o->warmup + o->count; seq < end; seq++) {
        recv_one(t, seq, o->size);
        send_one(t, seq, o->size);
        progress_tick(seq);
    }
    r->elapsed_ns = now_ns() - start;
    usage_since(&r->usage);
    r->messages = o->count;
}

/* Client: timed phase from after the last warm-up send to after the last timed send.
 * Server: from the end of the last warm-up message to the end of the last timed message, so
 * the wait for the first message is not counted. With --reps R the server also times R
 * consecutive blocks of count/R messages (the last takes the remainder): the repetitions a
 * regression test compares, without a fresh pair of processes for each. */
static void throughput(const struct options *o, const struct transport *t, struct result *r)
{
    int server = o->role == ROLE_SERVER;
    uint64_t seq = 0, end = o->warmup + o->count;
    for (; seq < o->warmup; seq++) {
        server ? recv_one(t, seq, o->size) : send_one(t, seq, o->size);
        progress_tick(seq);
    }
    usage_take(&r->usage);
    uint64_t start = now_ns(), block_start = start;
    uint64_t per = o->count / o->reps;
    uint32_t rep = 0;
    uint64_t block_end = o->warmup + (o->reps == 1 ? o->count : per);
    for (; seq < end; seq++) {
        server ? recv_one(t, seq, o->size) : send_one(t, seq, o->size);
        progress_tick(seq);
        if (seq + 1 == block_end) {
            uint64_t now = now_ns();
            r->rep_ns[rep++] = now - block_start;
            block_start = now;
            block_end = rep + 1 == o->reps ? end : block_end + per;
        }
    }
    r->elapsed_ns = now_ns() - start;
    usage_since(&r->usage);
    r->messages = o->count;
    r->bytes = server ? o->count * o->size : 0;
    r->nreps = server && o->reps > 1 ? rep : 0;
}

void workload_run(const struct options *o, const struct transport *t, struct result *r)
{
    if (o->workload == W_THROUGHPUT)
        throughput(o, t, r);
    else if (o->role == ROLE_CLIENT)
        latency_client(o, t, r);
    else
        latency_server(o, t, r);
}

/* The peer command line (docs/protocol.md, "Peer command line"). Bad or missing options end
 * the peer with `ERROR <what>` and exit status 2, before HELLO. Options a transport does not
 * use are accepted and ignored, so the harness can pass one uniform command line. */
#include "peer.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#define bad(...) peer_exit_error(2, __VA_ARGS__)

/* Largest accepted --size: keeps slot_size (a u32) and every buffer size comfortably in range
 * on i686. */
#define SIZE_MAX_ACCEPTED (1u << 30)

static const char *const transport_names[] = {
    [T_NONE] = "none", [T_PIPE] = "pipe", [T_FIFO] = "fifo", [T_MQ] = "mq", [T_SHM] = "shm",
    [T_MMAP_FILE] = "mmap-file", [T_UDS] = "uds", [T_CACHELINE] = "cacheline",
};
static const char *const workload_names[] = {
    [W_LATENCY] = "latency", [W_THROUGHPUT] = "throughput", [W_MEMCPY] = "memcpy", [W_OWN] = "own",
    [W_HANDOFF] = "handoff",
};

const char *transport_name(enum transport_kind t) { return transport_names[t]; }

static int lookup(const char *opt, const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, names[i]) == 0)
            return i;
    bad("%s: unknown value '%s'", opt, v);
}

/* Unsigned decimal integer in [min, max]; no sign, no blanks, nothing after it. */
static uint64_t number(const char *opt, const char *v, uint64_t min, uint64_t max)
{
    char *end;
    errno = 0;
    unsigned long long x = (v[0] >= '0' && v[0] <= '9') ? strtoull(v, &end, 10) : 0;
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || x < min || x > max)
        bad("%s: expected an integer from %llu to %llu, got '%s'", opt, (unsigned long long)min,
            (unsigned long long)max, v);
    return x;
}

static void parse_fds(struct options *o, const char *v)
{
    const char *p = v;
    o->nfds = 0;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[16];
        if (len == 0 || len >= sizeof item || o->nfds == PEER_MAX_FDS)
            bad("--fds: expected R,W[,X...] (at most %d fds), got '%s'", PEER_MAX_FDS, v);
        memcpy(item, p, len);
        item[len] = '\0';
        o->fds[o->nfds++] = (int)number("--fds", item, 0, INT_MAX);
        if (!comma)
            break;
        p = comma + 1;
    }
    if (o->nfds < 2)
        bad("--fds: expected R,W[,X...], got '%s'", v);
}

static void require(int present, const char *opt, const char *why)
{
    if (!present)
        bad("missing %s (%s)", opt, why);
}

void options_parse(struct options *o, int argc, char **argv)
{
    int have_transport = 0, have_workload = 0, have_size = 0, have_count = 0, have_warmup = 0,
        have_slots = 0;
    memset(o, 0, sizeof *o);
    o->cpu = -1;
    o->timeout_ms = 30000;
    o->reps = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--yield") == 0) {
            o->yield = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            bad("unexpected argument '%s'", a);
        static const char *const with_value[] = {
            "--role", "--transport", "--workload", "--size", "--count", "--warmup", "--wait",
            "--cpu", "--timeout-ms", "--fds", "--path", "--name", "--slots", "--samples",
            "--reps",
        };
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            known |= strcmp(a, with_value[k]) == 0;
        if (!known)
            bad("unknown option '%s'", a);
        if (i + 1 >= argc)
            bad("%s: missing value", a);
        const char *v = argv[++i];

        if (strcmp(a, "--role") == 0) {
            static const char *const roles[] = { "server", "client" };
            o->role = lookup(a, v, roles, 2) == 0 ? ROLE_SERVER : ROLE_CLIENT;
        } else if (strcmp(a, "--transport") == 0) {
            o->transport = lookup(a, v, transport_names, T_CACHELINE + 1);
            have_transport = 1;
        } else if (strcmp(a, "--workload") == 0) {
            o->workload = lookup(a, v, workload_names, W_HANDOFF + 1);
            have_workload = 1;
        } else if (strcmp(a, "--size") == 0) {
            o->size = (uint32_t)number(a, v, MSG_HEADER, SIZE_MAX_ACCEPTED);
            have_size = 1;
        } else if (strcmp(a, "--count") == 0) {
            /* Latency samples live in one array: its byte size must fit size_t. */
            o->count = number(a, v, 1, SIZE_MAX / 8);
            have_count = 1;
        } else if (strcmp(a, "--warmup") == 0) {
            o->warmup = number(a, v, 0, UINT64_MAX / 2);
            have_warmup = 1;
        } else if (strcmp(a, "--wait") == 0) {
            static const char *const waits[] = { "spin", "futex" };
            o->wait = lookup(a, v, waits, 2) == 0 ? WAIT_SPIN : WAIT_FUTEX;
        } else if (strcmp(a, "--cpu") == 0) {
            o->cpu = strcmp(v, "-1") == 0 ? -1 : (int)number(a, v, 0, CPU_SETSIZE - 1);
        } else if (strcmp(a, "--timeout-ms") == 0) {
            o->timeout_ms = (int)number(a, v, 1, INT_MAX);
        } else if (strcmp(a, "--fds") == 0) {
            parse_fds(o, v);
        } else if (strcmp(a, "--path") == 0) {
            if (!*v)
                bad("--path: empty");
            o->path = v;
        } else if (strcmp(a, "--name") == 0) {
            if (!*v)
                bad("--name: empty");
            o->name = v;
        } else if (strcmp(a, "--slots") == 0) {
            o->slots = (uint32_t)number(a, v, 2, 1u << 30);
            if (o->slots & (o->slots - 1))
                bad("--slots: expected a power of two, got '%s'", v);
            have_slots = 1;
        } else if (strcmp(a, "--reps") == 0) {
            o->reps = (uint32_t)number(a, v, 1, PEER_MAX_REPS);
        } else {
            if (!*v)
                bad("--samples: empty");
            o->samples = v;
        }
    }

    require(have_transport, "--transport", "always needed");
    require(have_workload, "--workload", "always needed");
    require(have_count, "--count", "always needed");
    int floor = o->workload == W_MEMCPY || o->workload == W_OWN;
    if (floor != (o->transport == T_NONE))
        bad("--workload %s does not go with --transport %s (memcpy and own need none)",
            workload_names[o->workload], transport_names[o->transport]);
    if (o->transport == T_CACHELINE && o->workload != W_LATENCY && o->workload != W_HANDOFF)
        bad("--transport cacheline needs --workload latency or handoff");
    if (o->workload == W_HANDOFF && o->transport != T_CACHELINE)
        bad("--workload handoff needs --transport cacheline");
    if (o->transport != T_NONE)
        require(o->role != ROLE_NONE, "--role", "server or client");
    if (o->transport != T_CACHELINE || o->workload == W_HANDOFF)
        require(have_size, "--size", "message size in bytes, header included");
    if (o->workload == W_THROUGHPUT && (!have_warmup || o->warmup < 1))
        bad("--warmup: throughput needs at least 1 warm-up message");
    if (o->reps > o->count)
        bad("--reps %u: more repetitions than the %llu timed messages", o->reps, (unsigned long long)o->count);
    if (o->workload == W_LATENCY && o->role == ROLE_CLIENT)
        require(o->samples != NULL, "--samples", "latency client writes its round trips there");

    switch (o->transport) {
    case T_PIPE:
        require(o->nfds >= 2, "--fds", "pipe: inherited read fd, write fd");
        break;
    case T_FIFO:
        require(o->path != NULL, "--path", "fifo: directory holding c2s and s2c");
        break;
    case T_UDS:
        require(o->path != NULL, "--path", "uds: socket path");
        if (strlen(o->path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
            bad("--path: %zu bytes, longer than a Unix socket path can be (%zu)", strlen(o->path),
                sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
        break;
    case T_MQ:
    case T_CACHELINE:
        require(o->name != NULL, "--name", "shared object name");
        break;
    case T_SHM:
    case T_MMAP_FILE:
        if (o->transport == T_SHM)
            require(o->name != NULL, "--name", "shm: shared-memory object name");
        else
            require(o->path != NULL, "--path", "mmap-file: the file");
        require(have_slots, "--slots", "slots per ring, a power of two");
        require(o->wait != WAIT_UNSET, "--wait", "spin or futex");
        break;
    case T_NONE:
        break;
    }
}

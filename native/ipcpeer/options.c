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

/* The name tables and limits are the generated header's (the C# Protocol/ definition). */
static const char *const transport_names[] = { PROTO_TRANSPORT_NAMES };
static const char *const workload_names[] = { PROTO_WORKLOAD_NAMES };
static const char *const role_names[] = { PROTO_ROLE_NAMES };
static const char *const wait_names[] = { PROTO_WAIT_NAMES };
_Static_assert(sizeof transport_names / sizeof *transport_names == PROTO_TRANSPORT_COUNT, "names");
_Static_assert(sizeof workload_names / sizeof *workload_names == PROTO_WORKLOAD_COUNT, "names");

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
        o->fds[o->nfds++] = (int)number(PROTO_OPT_FDS, item, 0, INT_MAX);
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
    o->timeout_ms = PROTO_DEFAULT_TIMEOUT_MS;
    o->reps = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, PROTO_OPT_YIELD) == 0) {
            o->yield = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0)
            bad("unexpected argument '%s'", a);
        static const char *const with_value[] = { PROTO_OPTS_WITH_VALUE };
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            known |= strcmp(a, with_value[k]) == 0;
        if (!known)
            bad("unknown option '%s'", a);
        if (i + 1 >= argc)
            bad("%s: missing value", a);
        const char *v = argv[++i];

        if (strcmp(a, PROTO_OPT_ROLE) == 0) {
            o->role = (enum role)(ROLE_NONE + 1 + lookup(a, v, role_names, PROTO_ROLE_COUNT));
        } else if (strcmp(a, PROTO_OPT_TRANSPORT) == 0) {
            o->transport = (enum transport_kind)lookup(a, v, transport_names, PROTO_TRANSPORT_COUNT);
            have_transport = 1;
        } else if (strcmp(a, PROTO_OPT_WORKLOAD) == 0) {
            o->workload = (enum workload_kind)lookup(a, v, workload_names, PROTO_WORKLOAD_COUNT);
            have_workload = 1;
        } else if (strcmp(a, PROTO_OPT_SIZE) == 0) {
            o->size = (uint32_t)number(a, v, PROTO_MIN_SIZE, PROTO_MAX_SIZE);
            have_size = 1;
        } else if (strcmp(a, PROTO_OPT_COUNT) == 0) {
            o->count = number(a, v, 1, PROTO_MAX_COUNT);
            have_count = 1;
        } else if (strcmp(a, PROTO_OPT_WARMUP) == 0) {
            o->warmup = number(a, v, 0, PROTO_MAX_WARMUP);
            have_warmup = 1;
        } else if (strcmp(a, PROTO_OPT_WAIT) == 0) {
            o->wait = (enum wait_kind)(WAIT_UNSET + 1 + lookup(a, v, wait_names, PROTO_WAIT_COUNT));
        } else if (strcmp(a, PROTO_OPT_CPU) == 0) {
            o->cpu = strcmp(v, "-1") == 0 ? -1 : (int)number(a, v, 0, CPU_SETSIZE - 1);
        } else if (strcmp(a, PROTO_OPT_TIMEOUT_MS) == 0) {
            o->timeout_ms = (int)number(a, v, 1, PROTO_MAX_TIMEOUT_MS);
        } else if (strcmp(a, PROTO_OPT_FDS) == 0) {
            parse_fds(o, v);
        } else if (strcmp(a, PROTO_OPT_PATH) == 0) {
            if (!*v)
                bad("--path: empty");
            o->path = v;
        } else if (strcmp(a, PROTO_OPT_NAME) == 0) {
            if (!*v)
                bad("--name: empty");
            o->name = v;
        } else if (strcmp(a, PROTO_OPT_SLOTS) == 0) {
            o->slots = (uint32_t)number(a, v, PROTO_MIN_SLOTS, PROTO_MAX_SLOTS);
            if (o->slots & (o->slots - 1))
                bad("--slots: expected a power of two, got '%s'", v);
            have_slots = 1;
        } else if (strcmp(a, PROTO_OPT_REPS) == 0) {
            o->reps = (uint32_t)number(a, v, 1, PROTO_MAX_REPS);
        } else {
            if (!*v)
                bad("--samples: empty");
            o->samples = v;
        }
    }

    require(have_transport, "--transport", "always needed");
    require(have_workload, "--workload", "always needed");
    require(have_count, "--count", "always needed");
    int floor = o->workload == W_MEMCPY || o->workload == W_OWN || o->workload == W_KCOPY;
    if (floor != (o->transport == T_NONE))
        bad("--workload %s does not go with --transport %s (memcpy, own and kcopy need none)",
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

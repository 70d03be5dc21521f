/* ipcpeer: the native benchmark peer. Speaks the control protocol of docs/protocol.md on
 * stdin/stdout: HELLO, OPEN -> OPENED, RUN -> DONE, or `ERROR <text>` and exit 1 (exit 2 for
 * a bad command line). */
#include "peer.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

static const struct transport *transport_for(enum transport_kind k)
{
    switch (k) {
    case T_PIPE: return &transport_pipe;
    case T_FIFO: return &transport_fifo;
    case T_UDS: return &transport_uds;
    case T_MQ: return &transport_mq;
    case T_SHM:
    case T_MMAP_FILE: return &transport_ring;
    default: return NULL;
    }
}

int main(int argc, char **argv)
{
    /* Diagnostic modes outside the protocol (diag.c): --layout, --message, --verify, --bench-steps. */
    if (argc >= 2 && strncmp(argv[1], "--", 2) == 0) {
        int r = diag_main(argc, argv);
        if (r >= 0)
            return r;
    }

    /* A dead partner must show as EPIPE from write(), reported as ERROR, not kill us. */
    signal(SIGPIPE, SIG_IGN);
    /* A peer must not outlive a harness that was killed: it would spin or hold a mapping on. */
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        return 1;

    struct options o;
    options_parse(&o, argc, argv);
    if (o.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(o.cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0)
            peer_exit_error(2, "--cpu %d: sched_setaffinity: %s", o.cpu, strerror(errno));
    }

    ctl_send(PROTO_HELLO " " PROTO_TAG " " PROTO_KEY_IMPL "=" PROTO_IMPL_NATIVE " " PROTO_KEY_ABI "=%s " PROTO_KEY_PID "=%ld",
             PEER_ABI, (long)getpid());

    ctl_expect(PROTO_OPEN, o.timeout_ms);
    const struct transport *t = transport_for(o.transport);
    if (t)
        t->open(&o);
    else if (o.transport == T_CACHELINE)
        cacheline_open(&o);
    ctl_send(PROTO_OPENED);

    ctl_expect(PROTO_RUN, o.timeout_ms);
    /* RUN to DONE, warm-up included: what the harness's interference window subtracts as ours. */
    struct usage run;
    usage_take(&run);
    long long mig0 = migrations_now();
    progress_start(o.timeout_ms);
    struct result r = { .result_ns = -1 };
    if (t)
        workload_run(&o, t, &r);
    else if (o.transport == T_CACHELINE)
        cacheline_run(&o, &r);
    else
        floor_run(&o, &r);

    /* samples or result_ns, run_cpu_ns, migrations, then rep_ns: up to PEER_MAX_REPS numbers of at most 20 digits and a comma each. */
    static char extra[160 + PEER_MAX_REPS * 21];
    size_t n = 0;
    if (r.has_samples)
        n += (size_t)snprintf(extra + n, sizeof extra - n, " " PROTO_KEY_SAMPLES "=%llu", (unsigned long long)r.samples);
    else if (r.result_ns >= 0)
        n += (size_t)snprintf(extra + n, sizeof extra - n, " " PROTO_KEY_RESULT_NS "=%.3f", r.result_ns);
    usage_since(&run);
    n += (size_t)snprintf(extra + n, sizeof extra - n, " " PROTO_KEY_RUN_CPU_NS "=%llu",
                          (unsigned long long)(run.utime_ns + run.stime_ns));
    long long mig1 = mig0 >= 0 ? migrations_now() : -1;
    if (mig1 >= mig0 && mig0 >= 0)
        n += (size_t)snprintf(extra + n, sizeof extra - n, " " PROTO_KEY_MIGRATIONS "=%lld", mig1 - mig0);
    for (uint32_t k = 0; k < r.nreps; k++)
        n += (size_t)snprintf(extra + n, sizeof extra - n, "%s%llu", k ? "," : " " PROTO_KEY_REP_NS "=", (unsigned long long)r.rep_ns[k]);
    ctl_send(PROTO_DONE " " PROTO_KEY_MESSAGES "=%llu " PROTO_KEY_BYTES "=%llu " PROTO_KEY_ELAPSED_NS "=%llu "
             PROTO_KEY_UTIME_NS "=%llu " PROTO_KEY_STIME_NS "=%llu " PROTO_KEY_NVCSW "=%llu " PROTO_KEY_NIVCSW "=%llu%s "
             PROTO_KEY_JIT "=native",
             (unsigned long long)r.messages, (unsigned long long)r.bytes,
             (unsigned long long)r.elapsed_ns, (unsigned long long)r.usage.utime_ns,
             (unsigned long long)r.usage.stime_ns, (unsigned long long)r.usage.nvcsw,
             (unsigned long long)r.usage.nivcsw, extra);
    return 0;
}

/* ipcprobe: registry of cases, --list, --describe, running one case in this fresh process. */
#include "probe.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct table { const probe_case *cases; const size_t *count; };

static const struct table tables[] = {
    { cases_mmap, &cases_mmap_count },
    { cases_mmap_errors, &cases_mmap_errors_count },
    { cases_munmap, &cases_munmap_count },
    { cases_msync, &cases_msync_count },
    { cases_pipe, &cases_pipe_count },
    { cases_fifo, &cases_fifo_count },
    { cases_mq, &cases_mq_count },
    { cases_shm, &cases_shm_count },
    { cases_blocking, &cases_blocking_count },
    { cases_limits, &cases_limits_count },
};
#define NTABLES (sizeof tables / sizeof tables[0])

static void usage(void)
{
    fprintf(stderr,
            "usage: ipcprobe --list | --describe | CASE | xabi-MODE ARGS...\n"
            "  see native/ipcprobe/CASES.md\n");
}

static void print_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

static const probe_case *find_case(const char *id)
{
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t i = 0; i < *tables[t].count; i++)
            if (!strcmp(tables[t].cases[i].id, id)) return &tables[t].cases[i];
    return NULL;
}

static _Noreturn void run_case(const probe_case *c)
{
    sig_install();
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_DFL);
    atexit(cleanup_all);
    j_begin(c->id);
    alarm(5);
    c->run();
    alarm(0);
    j_end("done");
    exit(0);
}

static _Noreturn void run_unprivileged(const probe_case *c)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        sig_install();
        j_begin(c->id);
        setup_fail("fork", errno);
    }
    if (pid == 0) {
        g_dropped = 1;
        if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0) {
            int e = errno;
            sig_install();
            j_begin(c->id);
            setup_fail("drop_privileges", e);
        }
        run_case(c);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(st)) {
        /* only an uncatchable signal gets here: the child printed nothing */
        j_begin(c->id);
        j_str("crash_signal", signal_name(WTERMSIG(st)));
        j_end("crashed");
    }
    exit(0);
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(); return 2; }
    if (!strcmp(argv[1], "--list")) {
        for (size_t t = 0; t < NTABLES; t++)
            for (size_t i = 0; i < *tables[t].count; i++) puts(tables[t].cases[i].id);
        return 0;
    }
    if (!strcmp(argv[1], "--describe")) {
        for (size_t t = 0; t < NTABLES; t++)
            for (size_t i = 0; i < *tables[t].count; i++) {
                const probe_case *c = &tables[t].cases[i];
                fputs("{\"id\":", stdout); print_json_string(c->id);
                fputs(",\"interface\":", stdout); print_json_string(c->iface);
                fputs(",\"summary\":", stdout); print_json_string(c->summary);
                printf(",\"unprivileged\":%s}\n", (c->flags & CASE_UNPRIV) ? "true" : "false");
            }
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) { usage(); return 0; }
    if (!strncmp(argv[1], "xabi-", 5)) return xabi_main(argc, argv);
    if (argc != 2) { usage(); return 2; }
    const probe_case *c = find_case(argv[1]);
    if (!c) { fprintf(stderr, "ipcprobe: unknown case '%s' (see ipcprobe --list)\n", argv[1]); return 2; }
    if ((c->flags & CASE_UNPRIV) && geteuid() == 0) run_unprivileged(c);
    run_case(c);
}

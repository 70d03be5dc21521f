/* CPU usage of the timed phase and of the whole run, migrations, and the latency samples file. */
#include "peer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static uint64_t tv_ns(struct timeval tv)
{
    return (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
}

void usage_take(struct usage *u)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        peer_fail("getrusage: %s", strerror(errno));
    u->utime_ns = tv_ns(ru.ru_utime);
    u->stime_ns = tv_ns(ru.ru_stime);
    u->nvcsw = (uint64_t)ru.ru_nvcsw;
    u->nivcsw = (uint64_t)ru.ru_nivcsw;
}

void usage_since(struct usage *u)
{
    struct usage now;
    usage_take(&now);
    u->utime_ns = now.utime_ns - u->utime_ns;
    u->stime_ns = now.stime_ns - u->stime_ns;
    u->nvcsw = now.nvcsw - u->nvcsw;
    u->nivcsw = now.nivcsw - u->nivcsw;
}

long long migrations_now(void)
{
    FILE *f = fopen("/proc/self/sched", "re");
    if (!f)
        return -1;
    char line[256];
    long long n = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "se.nr_migrations", 16) == 0) {
            const char *colon = strchr(line, ':');
            if (colon && sscanf(colon + 1, "%lld", &n) != 1)
                n = -1;
            break;
        }
    fclose(f);
    return n;
}

/* count little-endian u64 nanoseconds, in order (the host is little-endian). */
void samples_write(const char *path, const uint64_t *s, uint64_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        peer_fail("samples: open %s: %s", path, strerror(errno));
    const uint8_t *p = (const uint8_t *)s;
    size_t left = (size_t)n * sizeof *s;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            peer_fail("samples: write %s: %s", path, w < 0 ? strerror(errno) : "no progress");
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0)
        peer_fail("samples: close %s: %s", path, strerror(errno));
}

/* The control channel: one ASCII line per message on stdin/stdout (docs/protocol.md). Lines
 * go out with write(2), so nothing sits in a stdio buffer; stdin is read with poll(2) so that
 * a harness that stops talking cannot hold the peer forever. */
#include "peer.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_line(const char *line, size_t len)
{
    if (write_whole(STDOUT_FILENO, line, len) < 0)
        _exit(1); /* the harness is gone: nobody to report to */
}

static void vsend(const char *prefix, const char *fmt, va_list ap)
{
    /* Large enough for a DONE line with PEER_MAX_REPS repetition times. */
    static char line[32768];
    size_t p = (size_t)snprintf(line, sizeof line, "%s", prefix);
    int n = vsnprintf(line + p, sizeof line - p - 1, fmt, ap);
    size_t len = n < 0 ? p : p + (size_t)n;
    if (len > sizeof line - 2)
        len = sizeof line - 2;
    /* One line, whatever an errno text or a path held. */
    for (size_t i = 0; i < len; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[len++] = '\n';
    write_line(line, len);
}

void ctl_send(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsend("", fmt, ap);
    va_end(ap);
}

_Noreturn void peer_exit_error(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsend("ERROR ", fmt, ap);
    va_end(ap);
    exit(status);
}

/* Bytes read from stdin beyond the current line stay here for the next call. */
static char inbuf[256];
static size_t inlen;

void ctl_expect(const char *word, int timeout_ms)
{
    for (;;) {
        char *nl = memchr(inbuf, '\n', inlen);
        if (nl) {
            size_t len = (size_t)(nl - inbuf);
            size_t used = len + 1;
            if (len > 0 && inbuf[len - 1] == '\r')
                len--;
            int ok = len == strlen(word) && memcmp(inbuf, word, len) == 0;
            char got[64];
            snprintf(got, sizeof got, "%.*s", (int)(len < 60 ? len : 60), inbuf);
            memmove(inbuf, inbuf + used, inlen - used);
            inlen -= used;
            if (!ok)
                peer_fail("control: expected %s, got '%s'", word, got);
            return;
        }
        if (inlen == sizeof inbuf)
            peer_fail("control: line too long while waiting for %s", word);
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            peer_fail("control: poll on stdin: %s", strerror(errno));
        if (r == 0)
            peer_fail("control: no %s within %d ms", word, timeout_ms);
        ssize_t n = read(STDIN_FILENO, inbuf + inlen, sizeof inbuf - inlen);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            peer_fail("control: read stdin: %s", strerror(errno));
        if (n == 0)
            peer_fail("control: stdin closed while waiting for %s", word);
        inlen += (size_t)n;
    }
}

/* ---- PROGRESS heartbeats ---- */

static uint64_t progress_interval_ns, progress_next;

/* The interval: the shorter of PROTO_MAX_PROGRESS_INTERVAL_MS and a quarter of --timeout-ms. */
void progress_start(int timeout_ms)
{
    int ms = timeout_ms / 4 < PROTO_MAX_PROGRESS_INTERVAL_MS ? timeout_ms / 4 : PROTO_MAX_PROGRESS_INTERVAL_MS;
    progress_interval_ns = (uint64_t)(ms < 1 ? 1 : ms) * 1000000u;
    progress_next = now_ns() + progress_interval_ns;
}

void progress_check(uint64_t messages)
{
    uint64_t t = now_ns();
    if (progress_interval_ns == 0 || t < progress_next)
        return;
    progress_next = t + progress_interval_ns;
    ctl_send(PROTO_PROGRESS " " PROTO_KEY_MESSAGES "=%llu", (unsigned long long)messages);
}

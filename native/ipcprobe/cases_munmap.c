/* munmap: faults after full and partial unmap, unmapped ranges, errors, private discard. */
#include "probe.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static void full_access_faults(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, ANON, -1, 0);
    p[0] = 1;
    OBS("munmap", munmap(p, 2 * ps));
    obs_read("read", p, 0, NULL);
}

static void partial_middle(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 3 * ps, RW, ANON, -1, 0);
    memset(p, 0x11, ps); memset(p + ps, 0x22, ps); memset(p + 2 * ps, 0x33, ps);
    OBS("munmap", munmap(p + ps, ps));
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, ps, NULL);
    obs_read("read_p2", p, 2 * ps, NULL);
}

static void partial_first(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, ANON, -1, 0);
    memset(p, 0x11, ps); memset(p + ps, 0x22, ps);
    OBS("munmap", munmap(p, ps));
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, ps, NULL);
}

static void unmapped_range(void)
{
    unsigned char *h = reserve_hole(4 * pagesz());
    OBS("munmap", munmap(h, 4 * pagesz()));
}

static void twice(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, ANON, -1, 0);
    if (munmap(p, ps) < 0) setup_fail("munmap", errno);
    OBS("munmap", munmap(p, ps));
}

static void err_unaligned_addr(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, ANON, -1, 0);
    OBS("munmap", munmap(p + 1, ps));
}

static void err_zero_length(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, ANON, -1, 0);
    OBS("munmap", munmap(p, 0));
}

static void len_unaligned(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, ANON, -1, 0);
    memset(p, 0x44, 2 * ps);
    OBS("munmap", munmap(p, 100));
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, ps, NULL);
}

static void span_two(void)
{
    long ps = pagesz();
    unsigned char *h = reserve_hole(2 * ps);
    unsigned char *a = must_mmap(h, ps, RW, ANON | MAP_FIXED, -1, 0);
    const char *path;
    int fd = make_file("f", ps, -1, &path);
    unsigned char *b = must_mmap(h + ps, ps, RW, MAP_SHARED | MAP_FIXED, fd, 0);
    a[0] = 1; b[0] = 2;
    OBS("munmap", munmap(h, 2 * ps));
    obs_read("read_p0", h, 0, NULL);
    obs_read("read_p1", h, ps, NULL);
}

static void private_discarded(void)
{
    long ps = pagesz();
    int fd;
    unsigned char w[N];
    unsigned char *p = must_map_file_stored(ps, MAP_PRIVATE, 0xd1, w, &fd);
    OBS("munmap", munmap(p, ps));
    unsigned char *q = must_mmap(NULL, ps, RW, MAP_PRIVATE, fd, 0);
    j_pattern("original_hex", 0, N);
    j_written_seen(w, q, N);
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_hex("file_hex", r, N);
}

static void shared_kept(void)
{
    long ps = pagesz();
    int fd;
    unsigned char w[N];
    unsigned char *p = must_map_file_stored(ps, MAP_SHARED, 0xd2, w, &fd);
    OBS("munmap", munmap(p, ps));
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_written_seen(w, r, N);
}

static void range_wraps(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, ANON, -1, 0);
    OBS("munmap", munmap(p, SIZE_MAX - (size_t)ps + 1));
}

/* the IN_CLOSE_* events queued on a non-blocking inotify descriptor, drained; -1 if read fails otherwise */
static int close_events(int in, uint32_t *mask)
{
    int count = 0;
    for (;;) {
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0) return errno == EAGAIN ? count : -1;
        for (char *q = buf; q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)(void *)q;
            if (ev->mask & IN_CLOSE) { count++; *mask |= ev->mask & IN_CLOSE; }
            q += sizeof *ev + ev->len;
        }
    }
}

static const char *close_kind(uint32_t mask)
{
    switch (mask) {
    case 0: return NULL;
    case IN_CLOSE_WRITE: return "IN_CLOSE_WRITE";
    case IN_CLOSE_NOWRITE: return "IN_CLOSE_NOWRITE";
    default: return "both";
    }
}

static void last_mapping_releases_file(void)
{
    long ps = pagesz();
    const char *path;
    close(make_file("f", ps, -1, &path));
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    SETUP(in, "inotify_init1");
    SETUP(inotify_add_watch(in, path, IN_CLOSE), "inotify_add_watch");
    int fd = reopen(path, O_RDONLY);
    unsigned char *p = must_mmap(NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    uint32_t mask = 0;
    OBS("close", close(fd));
    j_int("events_after_close", close_events(in, &mask));
    OBS("munmap", munmap(p, ps));
    mask = 0;
    j_int("events_after_munmap", close_events(in, &mask));
    j_str("event", close_kind(mask));
}

#define C(id, fn, sum) { id, "munmap", sum, fn, 0 }
CASE_TABLE(cases_munmap) = {
    C("munmap.full.access-faults", full_access_faults, "access after unmapping the whole map raises SIGSEGV"),
    C("munmap.partial.middle-page", partial_middle, "unmapping the middle page: it faults, its neighbours keep their data"),
    C("munmap.partial.first-page", partial_first, "unmapping the first page: it faults, the second keeps its data"),
    C("munmap.unmapped-range", unmapped_range, "unmapping a range with no mapping succeeds"),
    C("munmap.twice", twice, "unmapping the same range twice: second call succeeds"),
    C("munmap.err.unaligned-addr", err_unaligned_addr, "unaligned address: EINVAL"),
    C("munmap.err.zero-length", err_zero_length, "length 0: EINVAL"),
    C("munmap.len.unaligned-rounds-up", len_unaligned, "length 100 unmaps the whole first page only"),
    C("munmap.span-two-mappings", span_two, "one munmap removes two adjacent mappings"),
    C("munmap.private.changes-discarded", private_discarded, "MAP_PRIVATE stores are discarded by munmap"),
    C("munmap.shared.changes-kept", shared_kept, "MAP_SHARED stores survive munmap in the file"),
    C("munmap.err.range-wraps", range_wraps, "a range that wraps around the address space: EINVAL"),
    C("munmap.last-mapping-releases-file", last_mapping_releases_file, "the file is released (inotify IN_CLOSE) at the munmap of its last mapping, not at close()"),
};
CASE_COUNT(cases_munmap_count, cases_munmap);

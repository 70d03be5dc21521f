/* msync: MS_SYNC / MS_ASYNC / MS_INVALIDATE data paths, errors, file time updates. */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

static unsigned char *shared_file_map(int *fd_out, size_t pages)
{
    return must_map_file(pages * pagesz(), MAP_SHARED, fd_out);
}

static void store_sync_read(int flags, unsigned seed)
{
    int fd;
    unsigned char w[N];
    unsigned char *p = must_map_file_stored(pagesz(), MAP_SHARED, seed, w, &fd);
    OBS("msync", msync(p, pagesz(), flags));
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_written_seen(w, r, N);
}
static void sync_visible(void) { store_sync_read(MS_SYNC, 0xe1); }
static void async_visible(void) { store_sync_read(MS_ASYNC, 0xe2); }
static void invalidate_with_sync(void) { store_sync_read(MS_SYNC | MS_INVALIDATE, 0xe3); }

static void invalidate_after_write(void)
{
    int fd;
    unsigned char *p = shared_file_map(&fd, 1);
    volatile unsigned char sink = p[0]; (void)sink;
    unsigned char w[N]; fill_pattern(w, N, 0xe4);
    if (pwrite(fd, w, N, 0) != N) setup_fail("pwrite", errno);
    OBS("msync", msync(p, pagesz(), MS_INVALIDATE));
    j_written_seen(w, p, N);
}

static void err_flags(int flags)
{
    unsigned char *p = shared_file_map(NULL, 1);
    j_int("flags", flags);
    OBS("msync", msync(p, pagesz(), flags));
}
static void err_sync_and_async(void) { err_flags(MS_SYNC | MS_ASYNC); }
static void err_unknown_flag(void) { err_flags(MS_SYNC | 0x100); }
static void flags_zero(void) { err_flags(0); }

static void err_unaligned(void)
{
    unsigned char *p = shared_file_map(NULL, 2);
    OBS("msync", msync(p + 1, pagesz(), MS_SYNC));
}

static void err_unmapped(void)
{
    unsigned char *h = reserve_hole(2 * pagesz());
    OBS("msync", msync(h, 2 * pagesz(), MS_SYNC));
}

static void err_partly_unmapped(void)
{
    long ps = pagesz();
    unsigned char *p = shared_file_map(NULL, 2);
    if (munmap(p + ps, ps) < 0) setup_fail("munmap", errno);
    OBS("msync", msync(p, 2 * ps, MS_SYNC));
}

static void err_invalidate_locked(void)
{
    long ps = pagesz();
    unsigned char *p = shared_file_map(NULL, 1);
    OBS("mlock", mlock(p, ps));
    OBS("msync", msync(p, ps, MS_INVALIDATE));
    munlock(p, ps);
}

static void zero_length(void)
{
    unsigned char *p = shared_file_map(NULL, 1);
    OBS("msync", msync(p, 0, MS_SYNC));
}

static void anon(void)
{
    unsigned char *p = must_mmap(NULL, pagesz(), RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    OBS("msync", msync(p, pagesz(), MS_SYNC));
}

static void private_not_in_file(void)
{
    long ps = pagesz();
    int fd;
    unsigned char w[N];
    unsigned char *p = must_map_file_stored(ps, MAP_PRIVATE, 0xe5, w, &fd);
    OBS("msync", msync(p, ps, MS_SYNC));
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_pattern("original_hex", 0, N);
    j_written_seen(w, r, N);
}

/* A mapping's header line ("start-end perms ..."): its first word is two hex numbers and a dash
   (a field line's first word is a name and a colon; a path may hold anything, so it is not read). */
static int smaps_header(const char *line)
{
    size_t a = strspn(line, "0123456789abcdef");
    if (a == 0 || line[a] != '-') return 0;
    size_t b = strspn(line + a + 1, "0123456789abcdef");
    return b > 0 && line[a + 1 + b] == ' ';
}

/* Dirty kB of the mapping that starts at p, from /proc/self/smaps (Shared_Dirty + Private_Dirty);
   -1 when the mapping or the file cannot be read. */
static long long smaps_dirty_kb(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "re");
    if (!f) return -1;
    char line[512], head[32];
    snprintf(head, sizeof head, "%lx-", (unsigned long)(uintptr_t)p);
    long long dirty = -1, kb;
    int in = 0;
    while (fgets(line, sizeof line, f)) {
        if (smaps_header(line)) {
            if (in) break; /* the next mapping's header */
            in = strncmp(line, head, strlen(head)) == 0;
            if (in) dirty = 0;
        } else if (in && (sscanf(line, "Shared_Dirty: %lld kB", &kb) == 1 || sscanf(line, "Private_Dirty: %lld kB", &kb) == 1)) {
            dirty += kb;
        }
    }
    fclose(f);
    return dirty;
}

static void sync_cleans_dirty(void)
{
    /* MS_SYNC completes the writes: the pages are written back and the mapping holds no dirty
       page afterwards (on a file system with a backing store; tmpfs keeps them dirty in memory) */
    long ps = pagesz();
    int fd = make_file("f", 4 * (size_t)ps, -1, NULL);
    j_fs_magic(fd);
    unsigned char *p = must_mmap(NULL, 4 * (size_t)ps, RW, MAP_SHARED, fd, 0);
    for (int i = 0; i < 4; i++) p[(size_t)i * (size_t)ps] ^= 0x20;
    j_int("dirty_before_kb", smaps_dirty_kb(p));
    OBS("msync", msync(p, 4 * (size_t)ps, MS_SYNC));
    j_int("dirty_after_kb", smaps_dirty_kb(p));
    j_int("length", 4 * (long long)ps);
}

static void j_ns(const char *k, const struct timespec *ts)
{
    char b[40];
    long long sec = (long long)ts->tv_sec;
    snprintf(b, sizeof b, "%lld%09ld", sec, (long)ts->tv_nsec);
    char *s = b;
    while (*s == '0' && s[1]) s++;
    j_str(k, s);
}

static int ts_after(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

static void mtime_case(int flags) /* flags < 0: no msync */
{
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    j_fs_magic(fd);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec t[2] = { { now.tv_sec - 3600, 0 }, { now.tv_sec - 3600, 0 } };
    SETUP(futimens(fd, t), "futimens");
    struct stat before, after;
    SETUP(fstat(fd, &before), "fstat");
    sleep_ms(20); /* let a coarse clock tick past the ctime futimens set */
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_SHARED, fd, 0);
    p[0] ^= 0x20;
    if (flags >= 0) OBS("msync", msync(p, ps, flags));
    SETUP(fstat(fd, &after), "fstat");
    j_ns("mtime_before_ns", &before.st_mtim);
    j_ns("mtime_after_ns", &after.st_mtim);
    j_bool("mtime_advanced", ts_after(&after.st_mtim, &before.st_mtim));
    if (flags >= 0) {
        j_ns("ctime_before_ns", &before.st_ctim);
        j_ns("ctime_after_ns", &after.st_ctim);
        j_bool("ctime_advanced", ts_after(&after.st_ctim, &before.st_ctim));
    }
}
static void mtime_sync(void) { mtime_case(MS_SYNC); }
static void mtime_async(void) { mtime_case(MS_ASYNC); }
static void mtime_before_msync(void) { mtime_case(-1); }

static void atime_read_reference(void)
{
    /* atime set 2 days back (older than a day and than ctime: relatime updates it); a PROT_READ
       MAP_SHARED mapping, one byte read through it, then fstat */
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    j_fs_magic(fd);
    struct statvfs vfs;
    SETUP(fstatvfs(fd, &vfs), "fstatvfs");
    j_bool("noatime", (vfs.f_flag & ST_NOATIME) != 0);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct timespec t[2] = { { now.tv_sec - 2 * 86400, 0 }, { 0, UTIME_OMIT } };
    SETUP(futimens(fd, t), "futimens");
    struct stat before, after;
    SETUP(fstat(fd, &before), "fstat");
    unsigned char *p = must_mmap(NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    obs_read("read", p, 0, NULL);
    SETUP(fstat(fd, &after), "fstat");
    j_ns("atime_before_ns", &before.st_atim);
    j_ns("atime_after_ns", &after.st_atim);
    j_bool("atime_advanced", ts_after(&after.st_atim, &before.st_atim));
}

#define C(id, fn, sum) { id, "msync", sum, fn, 0 }
CASE_TABLE(cases_msync) = {
    C("msync.sync.visible-to-read", sync_visible, "after MS_SYNC, read() sees the stores"),
    C("msync.sync.cleans-dirty-pages", sync_cleans_dirty, "stores to 4 pages, then MS_SYNC: smaps shows no dirty page of the mapping"),
    C("msync.async.visible-to-read", async_visible, "after MS_ASYNC, read() sees the stores"),
    C("msync.invalidate.after-write", invalidate_after_write, "after write() and MS_INVALIDATE, the map shows the written bytes"),
    C("msync.invalidate.with-sync", invalidate_with_sync, "MS_SYNC|MS_INVALIDATE is accepted and read() sees the stores"),
    C("msync.err.sync-and-async", err_sync_and_async, "MS_SYNC|MS_ASYNC: EINVAL"),
    C("msync.err.unknown-flag", err_unknown_flag, "an undefined flag bit: EINVAL"),
    C("msync.err.unaligned-addr", err_unaligned, "unaligned address: EINVAL"),
    C("msync.err.unmapped", err_unmapped, "a range with no mapping: ENOMEM"),
    C("msync.err.partly-unmapped", err_partly_unmapped, "a range partly unmapped: ENOMEM"),
    C("msync.err.invalidate-locked", err_invalidate_locked, "MS_INVALIDATE on mlocked pages: EBUSY (Linux)"),
    C("msync.flags.zero", flags_zero, "flags 0 (neither MS_SYNC nor MS_ASYNC)"),
    C("msync.zero-length", zero_length, "length 0 succeeds"),
    C("msync.anon", anon, "msync on an anonymous private map succeeds"),
    C("msync.private.not-in-file", private_not_in_file, "msync does not carry MAP_PRIVATE stores to the file"),
    C("msync.mtime.updated", mtime_sync, "a store then MS_SYNC updates st_mtime and st_ctime"),
    C("msync.mtime.async", mtime_async, "a store then MS_ASYNC updates st_mtime and st_ctime"),
    C("msync.mtime.before-msync", mtime_before_msync, "a store alone updates st_mtime (Linux: at the write fault)"),
    { "msync.atime.read-reference", "mmap", "a read through a PROT_READ map marks st_atime for update", atime_read_reference, 0 },
};
CASE_COUNT(cases_msync_count, cases_msync);

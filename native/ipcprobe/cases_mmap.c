/* mmap: data paths (shared, private), MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_SHARED_VALIDATE,
 * anonymous maps, protections, SIGSEGV/SIGBUS, offsets per ABI. */
#include "probe.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void j_pread(int fd, const char *k, off_t off)
{
    unsigned char r[N];
    memset(r, 0, sizeof r);
    errno = 0;
    ssize_t n = pread(fd, r, N, off);
    j_ret("pread", n, errno);
    j_hex(k, r, N);
}

/* ---------------- shared ---------------- */

/* a store into a map of the whole file (of `pages` pages), then pread() */
static void store_visible_to_read(size_t pages, int flags, unsigned seed)
{
    size_t len = pages * pagesz();
    int fd;
    unsigned char *p = obs_map_file(len, len, RW, flags, &fd, NULL);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, seed);
    memcpy(p, w, N);
    j_pread(fd, "seen_hex", 0);
    j_hex("written_hex", w, N);
}
static void shared_visible_to_read(void) { store_visible_to_read(2, MAP_SHARED, 0x90); }

static void shared_write_visible_in_map(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, 2 * ps, RW, MAP_SHARED, &fd, NULL);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0x31);
    OBS("pwrite", pwrite(fd, w, N, 0));
    j_written_seen(w, p, N);
}

static void shared_visible_across_fork(void)
{
    long ps = pagesz();
    unsigned char *p = obs_map_file(2 * ps, 2 * ps, RW, MAP_SHARED, NULL, NULL);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0x51);
    child_store(p, w, N);
    j_written_seen(w, p, N);
}

static void shared_visible_other_process(void)
{
    long ps = pagesz();
    const char *path;
    unsigned char *p = obs_map_file(2 * ps, 2 * ps, RW, MAP_SHARED, NULL, &path);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0x61);
    pid_t pid = helper_fork();
    if (pid == 0) {
        int cfd = open(path, O_RDWR);
        if (cfd < 0) _exit(1);
        unsigned char *q = mmap(NULL, ps, RW, MAP_SHARED, cfd, 0);
        if (q == MAP_FAILED) _exit(2);
        memcpy(q, w, N);
        munmap(q, ps);
        _exit(0);
    }
    helper_wait(pid, 2000, "child");
    j_written_seen(w, p, N);
}

static void shared_two_mappings_alias(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, ps, RW, MAP_SHARED, &fd, NULL);
    unsigned char *q = obs_mmap("mmap2", NULL, ps, RW, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED || q == MAP_FAILED) return;
    j_bool("distinct_addrs", p != q);
    unsigned char w[N]; fill_pattern(w, N, 0x71);
    memcpy(p, w, N);
    j_written_seen(w, q, N);
}

static void shared_close_fd_keeps_map(void)
{
    long ps = pagesz();
    int fd;
    const char *path;
    unsigned char *p = obs_map_file(2 * ps, ps, RW, MAP_SHARED, &fd, &path);
    if (p == MAP_FAILED) return;
    OBS("close", close(fd));
    unsigned char w[N]; fill_pattern(w, N, 0x81);
    obs_store("write_signal", p, w, N);
    unsigned char r[N];
    must_pread(reopen(path, O_RDONLY), r, N, 0);
    j_written_seen(w, r, N);
}

static void shared_offset_page(void)
{
    long ps = pagesz();
    int fd = make_file("f", 2 * ps, -1, NULL);
    unsigned char *p = obs_mmap("mmap", NULL, ps, PROT_READ, MAP_SHARED, fd, ps);
    if (p == MAP_FAILED) return;
    j_pattern("expected_hex", (size_t)ps, N);
    j_seen("seen_hex", p, N);
}

/* ---------------- private ---------------- */

static void private_not_in_file(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, 2 * ps, RW, MAP_PRIVATE, &fd, NULL);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0x92);
    memcpy(p, w, N);
    j_pattern("original_hex", 0, N);
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_written_seen(w, r, N);
    j_seen("map_hex", p, N);
}

static void private_not_in_shared_map(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, ps, RW, MAP_PRIVATE, &fd, NULL);
    if (p == MAP_FAILED) return;
    unsigned char *s = must_mmap(NULL, ps, RW, MAP_SHARED, fd, 0);
    unsigned char w[N]; fill_pattern(w, N, 0x93);
    memcpy(p, w, N);
    j_pattern("original_hex", 0, N);
    j_written_seen(w, s, N);
}

static void private_not_across_fork(void)
{
    long ps = pagesz();
    unsigned char *p = obs_map_file(2 * ps, ps, RW, MAP_PRIVATE, NULL, NULL);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0x94);
    child_store(p, w, N);
    j_pattern("original_hex", 0, N);
    j_written_seen(w, p, N);
}

/* a write() to the file after the MAP_PRIVATE page was only read (stored_first false) or stored to */
static void private_then_file_write(bool stored_first, unsigned seed)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, ps, RW, MAP_PRIVATE, &fd, NULL);
    if (p == MAP_FAILED) return;
    if (stored_first) {
        p[100] = 0x7a; /* private copy of the page now */
    } else {
        int v; fault_t f;
        guard_read(p, &v, &f); /* fault the page in for reading */
    }
    unsigned char w[N]; fill_pattern(w, N, seed);
    if (pwrite(fd, w, N, 0) != N) setup_fail("pwrite", errno);
    j_pattern("original_hex", 0, N);
    j_written_seen(w, p, N);
}
static void private_untouched_tracks_file(void) { private_then_file_write(false, 0x95); }
static void private_cow_detached(void) { private_then_file_write(true, 0x96); }

/* ---------------- MAP_FIXED, MAP_FIXED_NOREPLACE ---------------- */

static void fixed_replaces(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x5a, ps);
    int before = -1, v = -1; fault_t f;
    if (guard_read(p + ps - 1, &before, &f) < 0) before = -1; /* read back, not assumed */
    unsigned char *q = obs_mmap("mmap", p, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    j_int("value_before", before);
    if (q == MAP_FAILED) return;
    j_bool("same_addr", p == q);
    if (guard_read(p + ps - 1, &v, &f) < 0) v = -1;
    j_int("value_after", v);
}

static void fixed_replace_middle(void)
{
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    unsigned char *p = must_mmap(NULL, 3 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x11, ps); memset(p + ps, 0x22, ps); memset(p + 2 * ps, 0x33, ps);
    unsigned char *q = obs_mmap("mmap", p + ps, ps, RW, MAP_SHARED | MAP_FIXED, fd, 0);
    if (q == MAP_FAILED) return;
    j_bool("same_addr", q == p + ps);
    int v; fault_t f;
    v = -1; guard_read(p, &v, &f); j_int("p0_value", v);
    v = -1; guard_read(p + ps, &v, &f); j_int("p1_value", v);
    v = -1; guard_read(p + 2 * ps, &v, &f); j_int("p2_value", v);
    j_int("file_value", pattern_byte(0));
}

static void noreplace_report(unsigned char *req, unsigned char *q, size_t qlen, unsigned char *old)
{
    j_bool("returned_requested", q != MAP_FAILED && q == req);
    j_bool("returned_other", q != MAP_FAILED && q != req);
    if (old) {
        int v = -1; fault_t f;
        guard_read(old, &v, &f);
        j_bool("contents_intact", v == 0x5a);
    }
    if (q != MAP_FAILED && q != req) munmap(q, qlen);
}

static void fixed_noreplace_eexist(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x5a, ps);
    unsigned char *q = obs_mmap("mmap", p, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    noreplace_report(p, q, ps, p);
}

static void fixed_noreplace_partial_overlap(void)
{
    long ps = pagesz();
    unsigned char *h = reserve_hole(2 * ps);
    unsigned char *p = must_mmap(h + ps, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    memset(p, 0x5a, ps);
    unsigned char *q = obs_mmap("mmap", h, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    noreplace_report(h, q, 2 * ps, p);
}

static void fixed_noreplace_free_range(void)
{
    long ps = pagesz();
    unsigned char *h = reserve_hole(2 * ps);
    unsigned char *q = obs_mmap("mmap", h, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    noreplace_report(h, q, 2 * ps, NULL);
}

/* ---------------- MAP_SHARED_VALIDATE ---------------- */

static void flags_case(int flags)
{
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    j_int("flags", flags);
    void *p = obs_mmap("mmap", NULL, ps, RW, flags, fd, 0);
    if (p != MAP_FAILED) munmap(p, ps);
}

static void shared_validate_unknown_flag(void) { flags_case(MAP_SHARED_VALIDATE | PROBE_UNKNOWN_MAP_FLAG); }
static void shared_unknown_flag_ignored(void) { flags_case(MAP_SHARED | PROBE_UNKNOWN_MAP_FLAG); }

static void shared_validate_plain(void) { store_visible_to_read(1, MAP_SHARED_VALIDATE, 0xa1); }

static void shared_validate_map_sync(void)
{
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    j_fs_magic(fd);
    j_int("flags", MAP_SHARED_VALIDATE | MAP_SYNC);
    void *p = obs_mmap("mmap", NULL, ps, RW, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0);
    if (p != MAP_FAILED) munmap(p, ps);
}

/* ---------------- anonymous ---------------- */

static void anon_zeroed(int share)
{
    long ps = pagesz();
    size_t len = 4 * ps;
    unsigned char *p = obs_mmap("mmap", NULL, len, RW, share | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    j_int("length", (long long)len);
    j_int("nonzero_bytes", (long long)count_nonzero(p, len));
}
static void anon_private_zeroed(void) { anon_zeroed(MAP_PRIVATE); }
static void anon_shared_zeroed(void) { anon_zeroed(MAP_SHARED); }

static void anon_fork(int share)
{
    long ps = pagesz();
    unsigned char *p = obs_mmap("mmap", NULL, ps, RW, share | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    unsigned char w[N]; fill_pattern(w, N, 0xb1);
    child_store(p, w, N);
    j_written_seen(w, p, N);
}
static void anon_shared_across_fork(void) { anon_fork(MAP_SHARED); }
static void anon_private_across_fork(void) { anon_fork(MAP_PRIVATE); }

static void anon_fd_ignored(void)
{
    long ps = pagesz();
    int fd = make_file("f", ps, -1, NULL);
    unsigned char *p = obs_mmap("mmap", NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, fd, 0);
    if (p == MAP_FAILED) return;
    j_int("nonzero_bytes", (long long)count_nonzero(p, (size_t)ps));
}

/* ---------------- protections ---------------- */

static void prot_case(int prot)
{
    long ps = pagesz();
    int fd = make_file("f", ps, 0xC3, NULL); /* 0xC3: x86 `ret` */
    j_int("prot", prot);
    unsigned char *p = obs_mmap("mmap", NULL, ps, prot, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return;
    obs_read("read", p, 0, NULL);
    obs_write("write", p, 0, 0xC3);
    obs_exec("exec", p);
}
static void prot_none(void) { prot_case(PROT_NONE); }
static void prot_r(void) { prot_case(PROT_READ); }
static void prot_w(void) { prot_case(PROT_WRITE); }
static void prot_x(void) { prot_case(PROT_EXEC); }
static void prot_rw(void) { prot_case(PROT_READ | PROT_WRITE); }
static void prot_rx(void) { prot_case(PROT_READ | PROT_EXEC); }
static void prot_wx(void) { prot_case(PROT_WRITE | PROT_EXEC); }
static void prot_rwx(void) { prot_case(PROT_READ | PROT_WRITE | PROT_EXEC); }

static void prot_shared_file_read_only(void)
{
    long ps = pagesz();
    int fd = make_file_reopened("f", ps, O_RDONLY);
    unsigned char *p = obs_mmap("mmap", NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return;
    obs_read("read", p, 0, NULL);
    obs_write("write", p, 0, 0x7a);
}

static void prot_private_write_rdonly_fd(void)
{
    long ps = pagesz();
    int fd = make_file_reopened("f", ps, O_RDONLY);
    unsigned char *p = obs_mmap("mmap", NULL, ps, RW, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return;
    for (int i = 0; i < N; i++) {
        fault_t f;
        if (guard_write(p + i, 0x7a, &f) < 0) { j_fault("write", -1, &f, p, (size_t)i, false, 0); goto after; }
    }
    j_fault("write", 0, NULL, p, 0, false, 0);
after:;
    j_pattern("original_hex", 0, N);
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_hex("seen_hex", r, N);
}

static void prot_mprotect_drop_write(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    obs_write("write1", p, 0, 0x42);
    OBS("mprotect", mprotect(p, ps, PROT_READ));
    obs_write("write2", p, 0, 0x43);
    obs_read("read", p, 0, NULL);
}

static void prot_mprotect_none(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    OBS("mprotect", mprotect(p, ps, PROT_NONE));
    obs_read("read", p, 0, NULL);
}

static void prot_mprotect_write_shared_rdonly_fd(void)
{
    long ps = pagesz();
    int fd = make_file_reopened("f", ps, O_RDONLY);
    unsigned char *p = obs_mmap("mmap", NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return;
    OBS("mprotect", mprotect(p, ps, RW));
}

/* ---------------- signals ---------------- */

static void sigsegv_unmapped(void)
{
    unsigned char *h = reserve_hole(pagesz());
    obs_read("read", h, 0, NULL);
}

static void sigbus_beyond_eof_common(int share)
{
    long ps = pagesz();
    unsigned char *p = obs_map_file(100, 3 * ps, RW, share, NULL, NULL);
    if (p == MAP_FAILED) return;
    obs_read("read_p1", p, ps, NULL);
    if (share == MAP_SHARED) obs_read("read_p2", p, 2 * ps + 8, NULL);
}
static void sigbus_beyond_eof(void) { sigbus_beyond_eof_common(MAP_SHARED); }
static void sigbus_private_beyond_eof(void) { sigbus_beyond_eof_common(MAP_PRIVATE); }

static void sigbus_partial_page(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(100, ps, RW, MAP_SHARED, &fd, NULL);
    if (p == MAP_FAILED) return;
    obs_read("read", p, 100, NULL);
    obs_read("read_last", p, ps - 1, NULL);
    obs_write("write", p, 200, 0x7a);
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("file_size_after", (long long)st.st_size);
    unsigned char b;
    OBS("pread", pread(fd, &b, 1, 200));
}

static void sigbus_truncate(bool regrow)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = obs_map_file(2 * ps, 2 * ps, RW, MAP_SHARED, &fd, NULL);
    if (p == MAP_FAILED) return;
    volatile unsigned char sink = p[0];
    sink = p[ps];
    (void)sink;
    OBS("ftruncate", ftruncate(fd, ps));
    if (regrow) {
        OBS("ftruncate2", ftruncate(fd, 2 * ps));
        obs_read("read_p1", p, ps, NULL);
        return;
    }
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, ps, NULL);
}
static void sigbus_after_truncate_shrink(void) { sigbus_truncate(false); }
static void sigbus_truncate_regrow(void) { sigbus_truncate(true); }

static void sigbus_shm_zero_size(void)
{
    long ps = pagesz();
    const char *name = shm_name_for("z");
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    SETUP(fd, "shm_open");
    shm_unlink(name);
    unsigned char *p = obs_mmap("mmap", NULL, ps, RW, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return;
    obs_read("read", p, 0, NULL);
}

/* ---------------- lengths and addresses ---------------- */

static void len_rounded_up(void)
{
    long ps = pagesz();
    unsigned char *p = obs_mmap("mmap", NULL, 100, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    obs_read("read", p, ps - 1, NULL);
    obs_write("write", p, ps - 1, 1);
}

static void addr_hint_unaligned(void)
{
    long ps = pagesz();
    unsigned char *h = reserve_hole(4 * ps);
    unsigned char *p = obs_mmap("mmap", h + 123, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    j_bool("page_aligned", ((uintptr_t)p % (uintptr_t)ps) == 0);
}

static void addr_page_aligned(void)
{
    long ps = pagesz();
    unsigned char *p = obs_map_file(ps, ps, PROT_READ, MAP_SHARED, NULL, NULL);
    if (p == MAP_FAILED) return;
    j_bool("page_aligned", ((uintptr_t)p % (uintptr_t)ps) == 0);
}

/* ---------------- offsets (differ per ABI) ---------------- */

static void offset_case(long long offset, bool access, size_t pages)
{
    long ps = pagesz();
    bool representable = (long long)(off_t)offset == offset;
    j_int("offset", offset);
    j_bool("representable", representable);
    if (pages != 1) j_int("length", (long long)(pages * ps));
    if (!representable) { j_null("mmap_ret"); j_null("mmap_errno"); return; }
    /* fd: opened the ABI's way (open(), no O_LARGEFILE on i686) and used for mmap;
     * lfd: open64() (O_LARGEFILE) to size the sparse file and read it back */
    int fd, lfd = -1;
    if (access) {
        const char *path;
        fd = make_file("big", 0, -1, &path);
        lfd = open64(path, O_RDWR | O_CLOEXEC);
        SETUP(lfd, "open64");
        if (ftruncate64(lfd, (off64_t)offset + 2 * ps) < 0) setup_fail("ftruncate64", errno);
    } else {
        fd = make_file("small", ps, -1, NULL);
    }
    unsigned char *p = obs_mmap("mmap", NULL, pages * ps, RW, MAP_SHARED, fd, (off_t)offset);
    if (p == MAP_FAILED || !access) { if (p != MAP_FAILED) munmap(p, pages * ps); return; }
    unsigned char w[N]; fill_pattern(w, N, 0xc1);
    obs_store("write_signal", p, w, N);
    unsigned char r[N]; memset(r, 0, N);
    if (pread64(lfd, r, N, (off64_t)offset) < 0) setup_fail("pread64", errno);
    j_written_seen(w, r, N);
}

static void offset_below_2g(void) { offset_case((1LL << 31) - pagesz(), true, 1); }
static void offset_2g(void) { offset_case(1LL << 31, true, 1); }
static void offset_4g(void) { offset_case(1LL << 32, true, 1); }
static void offset_2pow44(void) { offset_case(1LL << 44, false, 1); }
static void offset_2pow44_minus_page(void) { offset_case((1LL << 44) - pagesz(), false, 1); }
static void offset_negative(void) { offset_case(-pagesz(), false, 1); }
static void offset_max_off_t(void)
{
    long long max = sizeof(off_t) == 8 ? 0x7fffffffffffffffLL : 0x7fffffffLL;
    offset_case(max & ~((long long)pagesz() - 1), false, 2);
}

#define C(id, fn, sum) { id, "mmap", sum, fn, 0 }
CASE_TABLE(cases_mmap) = {
    C("mmap.shared.visible-to-read", shared_visible_to_read, "MAP_SHARED store is seen by pread() without msync"),
    C("mmap.shared.write-visible-in-map", shared_write_visible_in_map, "pwrite() to the file is seen through a MAP_SHARED map"),
    C("mmap.shared.visible-across-fork", shared_visible_across_fork, "a child's store into an inherited MAP_SHARED file map is seen by the parent"),
    C("mmap.shared.visible-other-process", shared_visible_other_process, "another process mapping the file itself: its store is seen by our map"),
    C("mmap.shared.two-mappings-alias", shared_two_mappings_alias, "two MAP_SHARED maps of one file in one process alias each other"),
    C("mmap.shared.close-fd-keeps-map", shared_close_fd_keeps_map, "closing the fd keeps the mapping; stores still reach the file"),
    C("mmap.shared.offset-page", shared_offset_page, "map at offset one page shows the file bytes at that offset"),
    C("mmap.private.not-in-file", private_not_in_file, "MAP_PRIVATE store never reaches the file"),
    C("mmap.private.not-in-shared-map", private_not_in_shared_map, "MAP_PRIVATE store is not seen by a MAP_SHARED map of the file"),
    C("mmap.private.not-across-fork", private_not_across_fork, "a child's store into an inherited MAP_PRIVATE map is not seen by the parent"),
    C("mmap.private.untouched-tracks-file", private_untouched_tracks_file, "a MAP_PRIVATE page never stored to shows later file writes (unspecified by POSIX)"),
    C("mmap.private.cow-detached", private_cow_detached, "after a store, a MAP_PRIVATE page no longer shows file writes"),
    C("mmap.fixed.replaces", fixed_replaces, "MAP_FIXED over an existing map replaces its pages"),
    C("mmap.fixed.replace-middle", fixed_replace_middle, "MAP_FIXED over the middle page of three replaces only that page"),
    C("mmap.fixed-noreplace.eexist", fixed_noreplace_eexist, "MAP_FIXED_NOREPLACE over an existing page fails with EEXIST, contents kept"),
    C("mmap.fixed-noreplace.partial-overlap", fixed_noreplace_partial_overlap, "MAP_FIXED_NOREPLACE range partly over an existing page fails with EEXIST"),
    C("mmap.fixed-noreplace.free-range", fixed_noreplace_free_range, "MAP_FIXED_NOREPLACE on a free range maps exactly there"),
    C("mmap.shared-validate.unknown-flag", shared_validate_unknown_flag, "MAP_SHARED_VALIDATE with an unknown flag fails with EOPNOTSUPP"),
    C("mmap.shared.unknown-flag-ignored", shared_unknown_flag_ignored, "MAP_SHARED ignores an unknown flag"),
    C("mmap.shared-validate.plain", shared_validate_plain, "MAP_SHARED_VALIDATE alone behaves as MAP_SHARED"),
    C("mmap.shared-validate.map-sync-non-dax", shared_validate_map_sync, "MAP_SHARED_VALIDATE|MAP_SYNC on a non-DAX file fails with EOPNOTSUPP"),
    C("mmap.anon.private-zeroed", anon_private_zeroed, "MAP_PRIVATE|MAP_ANONYMOUS memory is zero-filled"),
    C("mmap.anon.shared-zeroed", anon_shared_zeroed, "MAP_SHARED|MAP_ANONYMOUS memory is zero-filled"),
    C("mmap.anon.shared-across-fork", anon_shared_across_fork, "shared anonymous memory: a child's store is seen by the parent"),
    C("mmap.anon.private-across-fork", anon_private_across_fork, "private anonymous memory: a child's store is not seen by the parent"),
    C("mmap.anon.fd-ignored", anon_fd_ignored, "MAP_ANONYMOUS with a file fd instead of -1 (Linux ignores the fd)"),
    C("mmap.prot.none", prot_none, "PROT_NONE: read, write and exec fault"),
    C("mmap.prot.r", prot_r, "PROT_READ: read works, write and exec fault"),
    C("mmap.prot.w", prot_w, "PROT_WRITE: write works; read and exec as the platform allows"),
    C("mmap.prot.x", prot_x, "PROT_EXEC: exec works; read as the platform allows; write faults"),
    C("mmap.prot.rw", prot_rw, "PROT_READ|PROT_WRITE: read and write work, exec faults"),
    C("mmap.prot.rx", prot_rx, "PROT_READ|PROT_EXEC: read and exec work, write faults"),
    C("mmap.prot.wx", prot_wx, "PROT_WRITE|PROT_EXEC: write and exec work"),
    C("mmap.prot.rwx", prot_rwx, "PROT_READ|PROT_WRITE|PROT_EXEC: all accesses work"),
    C("mmap.prot.shared-file-read-only", prot_shared_file_read_only, "PROT_READ MAP_SHARED of an O_RDONLY fd: read works, write faults"),
    C("mmap.prot.private-write-rdonly-fd", prot_private_write_rdonly_fd, "writable MAP_PRIVATE of an O_RDONLY fd: stores work, file unchanged"),
    C("mmap.prot.mprotect-drop-write", prot_mprotect_drop_write, "mprotect(PROT_READ) makes later stores fault"),
    C("mmap.prot.mprotect-none", prot_mprotect_none, "mprotect(PROT_NONE) makes reads fault"),
    C("mmap.prot.mprotect-write-shared-rdonly-fd", prot_mprotect_write_shared_rdonly_fd, "mprotect adding PROT_WRITE to MAP_SHARED of an O_RDONLY fd fails with EACCES"),
    C("mmap.sigsegv.unmapped", sigsegv_unmapped, "reading an unmapped address raises SIGSEGV SEGV_MAPERR"),
    C("mmap.sigbus.beyond-eof", sigbus_beyond_eof, "MAP_SHARED access to whole pages past end of file raises SIGBUS"),
    C("mmap.sigbus.private-beyond-eof", sigbus_private_beyond_eof, "MAP_PRIVATE access to whole pages past end of file raises SIGBUS"),
    C("mmap.sigbus.partial-page-no-signal", sigbus_partial_page, "the last partial page is accessible, zero past EOF, stores there do not grow the file"),
    C("mmap.sigbus.after-truncate-shrink", sigbus_after_truncate_shrink, "after ftruncate shrinks the file, access to the cut page raises SIGBUS"),
    C("mmap.sigbus.truncate-regrow-zeroed", sigbus_truncate_regrow, "after shrinking and regrowing, the page is accessible and zero"),
    C("mmap.sigbus.shm-zero-size", sigbus_shm_zero_size, "mapping a new (size 0) shm object: access raises SIGBUS"),
    C("mmap.len.rounded-up", len_rounded_up, "length 100 maps the whole page"),
    C("mmap.addr.hint-unaligned", addr_hint_unaligned, "an unaligned hint (no MAP_FIXED) still yields a page-aligned map"),
    C("mmap.addr.page-aligned", addr_page_aligned, "returned address is page aligned"),
    C("mmap.offset.below-2g", offset_below_2g, "map at offset 2^31-page (largest 32-bit off_t page) of a sparse file"),
    C("mmap.offset.2g", offset_2g, "map at offset 2^31 (needs 64-bit off_t)"),
    C("mmap.offset.4g", offset_4g, "map at offset 2^32 (needs 64-bit off_t)"),
    C("mmap.offset.2pow44", offset_2pow44, "map at offset 2^44 (beyond what mmap2 can carry on i686)"),
    C("mmap.offset.2pow44-minus-page", offset_2pow44_minus_page, "map at offset 2^44-page (largest offset mmap2 can carry)"),
    C("mmap.offset.negative", offset_negative, "map at offset -page"),
    C("mmap.offset.max-off-t", offset_max_off_t, "offset = largest page-aligned off_t, length 2 pages (off+len exceeds off_t)"),
};
CASE_COUNT(cases_mmap_count, cases_mmap);

/* mmap: data paths (shared, private), MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_SHARED_VALIDATE,
 * anonymous maps, protections, SIGSEGV/SIGBUS, offsets per ABI. */
#include "probe.h"

#include <errno.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PROT_GROWSDOWN
#define PROT_GROWSDOWN 0x01000000
#endif
#ifndef PROT_GROWSUP
#define PROT_GROWSUP 0x02000000
#endif

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

static void prot_mprotect_unaligned_addr(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OBS("mprotect", mprotect(p + 1, ps, PROT_READ));
    obs_write("write_p0", p, 0, 0x42); /* the failed call changed nothing: both pages still take stores */
    obs_write("write_p1", p, ps, 0x43);
}

static void prot_mprotect_grows_both(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    j_int("prot", PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN);
    OBS("mprotect", mprotect(p, ps, PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN));
    obs_write("write", p, 0, 0x42);
}

static void prot_mprotect_unmapped_page(void)
{
    /* pages 0 and 2 mapped RW, page 1 a hole: mprotect of all three PROT_READ */
    long ps = pagesz();
    unsigned char *h = reserve_hole(3 * ps);
    must_mmap(h, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    must_mmap(h + 2 * ps, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    OBS("mprotect", mprotect(h, 3 * ps, PROT_READ));
    obs_write("write_p0", h, 0, 0x42);
    obs_write("write_p2", h, 2 * ps, 0x43);
}

static void prot_mprotect_none_to_write(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OBS("mprotect_w", mprotect(p, ps, PROT_WRITE));
    obs_write("write_w", p, 0, 0x42);
    OBS("mprotect_rw", mprotect(p, ps, RW));
    obs_write("write_rw", p, 1, 0x43);
    obs_read("read_rw", p, 1, NULL);
}

/* a page of the probe's .bss, not obtained from mmap(): the page-aligned one inside this array */
static unsigned char g_bss_area[2 * 65536];

static void prot_mprotect_bss(void)
{
    long ps = pagesz();
    uintptr_t a = ((uintptr_t)g_bss_area + (uintptr_t)ps - 1) & ~((uintptr_t)ps - 1);
    if (a + (uintptr_t)ps > (uintptr_t)g_bss_area + sizeof g_bss_area) setup_fail("bss_page", ERANGE);
    unsigned char *pg = (unsigned char *)a;
    pg[0] = 0x11;
    OBS("mprotect", mprotect(pg, ps, PROT_READ));
    obs_write("write", pg, 0, 0x42);
    obs_read("read", pg, 0, NULL);
    OBS("mprotect2", mprotect(pg, ps, RW));
    obs_write("write2", pg, 0, 0x43);
}

/* a function of the probe's own text, called through a volatile pointer after its page was made writable */
__attribute__((noinline)) static int code_target(int x) { return x * 3 + 1; }

static void prot_mprotect_code_writable(void)
{
    long ps = pagesz();
    int (*target)(int) = code_target;
    int (*volatile fn)(int) = target;
    unsigned char *code;
    memcpy(&code, &target, sizeof code);
    unsigned char *pg = (unsigned char *)((uintptr_t)code & ~((uintptr_t)ps - 1));
    OBS("mprotect", mprotect(pg, ps, PROT_READ | PROT_WRITE | PROT_EXEC));
    int b = -1;
    fault_t f;
    if (guard_read(code, &b, &f) < 0) setup_fail("read_code", EFAULT);
    obs_write("write", code, 0, (unsigned char)b); /* the byte already there: the code is unchanged */
    j_int("call_value", fn(13));
    OBS("mprotect_restore", mprotect(pg, ps, PROT_READ | PROT_EXEC));
}

static void prot_mprotect_read_implies_exec(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0xC3, ps); /* x86 `ret` */
    OBS("personality", personality(PER_LINUX | READ_IMPLIES_EXEC));
    OBS("mprotect", mprotect(p, ps, PROT_READ));
    obs_exec("exec", p);
    obs_write("write", p, 0, 0xC3);
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

/* a 100-byte object, MAP_SHARED; 0x7a stored at byte 200 (past the end, in the last partial page);
 * if sync, msync(MS_SYNC); munmap; a new mapping's byte 200 (name_value) */
static void tail_store_remap(int fd, const char *name, bool sync, unsigned char v)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_SHARED, fd, 0);
    p[200] = v;
    if (sync && msync(p, ps, MS_SYNC) < 0) setup_fail("msync", errno);
    if (munmap(p, ps) < 0) setup_fail("munmap", errno);
    unsigned char *q = must_mmap(NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    obs_read(name, q, 200, NULL);
    munmap(q, ps);
}

static void sigbus_tail_kept_shm(void)
{
    const char *name = shm_name_for("t");
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    SETUP(fd, "shm_open");
    SETUP(ftruncate(fd, 100), "ftruncate");
    j_fs_magic(fd);
    tail_store_remap(fd, "remap", false, 0x7a);
    tail_store_remap(fd, "remap_msync", true, 0x7b);
    struct stat st;
    SETUP(fstat(fd, &st), "fstat");
    j_int("size_after", (long long)st.st_size);
}

static void sigbus_tail_msync_file(void)
{
    int fd = make_file("f", 100, -1, NULL);
    j_fs_magic(fd);
    tail_store_remap(fd, "remap_msync", true, 0x7a);
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

static void addr_hint_free_used(void)
{
    long ps = pagesz();
    unsigned char *h = reserve_hole(4 * ps);
    unsigned char *want = h + ps;
    j_hexaddr("hint", (uintptr_t)want);
    unsigned char *p = obs_mmap("mmap", want, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    j_bool("at_hint", p == want);
}

static void addr_never_zero_or_extant(void)
{
    long ps = pagesz();
    unsigned char *e = must_mmap(NULL, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(e, 0x5a, 2 * ps);
    unsigned char *p = obs_mmap("mmap", NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) j_bool("mmap_at_zero", p == NULL);
    unsigned char *q = obs_mmap("mmap2", e + ps, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (q != MAP_FAILED) {
        j_bool("mmap2_at_zero", q == NULL);
        uintptr_t qa = (uintptr_t)q, ea = (uintptr_t)e;
        j_bool("mmap2_overlaps", qa < ea + 2 * (uintptr_t)ps && qa + (uintptr_t)ps > ea);
    }
    size_t other = 0;
    for (size_t i = 0; i < 2 * (size_t)ps; i++) other += e[i] != 0x5a;
    j_int("extant_changed_bytes", (long long)other);
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
    C("mmap.prot.mprotect-unaligned-addr", prot_mprotect_unaligned_addr, "mprotect(base+1): EINVAL, and the pages keep their protection"),
    C("mmap.prot.mprotect-grows-both", prot_mprotect_grows_both, "mprotect with PROT_GROWSUP|PROT_GROWSDOWN: EINVAL"),
    C("mmap.prot.mprotect-unmapped-page", prot_mprotect_unmapped_page, "mprotect over a range with an unmapped page: ENOMEM"),
    C("mmap.prot.mprotect-none-to-write", prot_mprotect_none_to_write, "mprotect of a PROT_NONE page to PROT_WRITE, then PROT_READ|PROT_WRITE: stores work"),
    C("mmap.prot.mprotect-bss", prot_mprotect_bss, "mprotect of a .bss page (not from mmap) PROT_READ and back"),
    C("mmap.prot.mprotect-code-writable", prot_mprotect_code_writable, "mprotect of the probe's own code page RWX: stores work, the code still runs"),
    C("mmap.prot.mprotect-read-implies-exec", prot_mprotect_read_implies_exec, "READ_IMPLIES_EXEC personality: mprotect(PROT_READ) makes the page executable"),
    C("mmap.sigsegv.unmapped", sigsegv_unmapped, "reading an unmapped address raises SIGSEGV SEGV_MAPERR"),
    C("mmap.sigbus.beyond-eof", sigbus_beyond_eof, "MAP_SHARED access to whole pages past end of file raises SIGBUS"),
    C("mmap.sigbus.private-beyond-eof", sigbus_private_beyond_eof, "MAP_PRIVATE access to whole pages past end of file raises SIGBUS"),
    C("mmap.sigbus.partial-page-no-signal", sigbus_partial_page, "the last partial page is accessible, zero past EOF, stores there do not grow the file"),
    C("mmap.sigbus.after-truncate-shrink", sigbus_after_truncate_shrink, "after ftruncate shrinks the file, access to the cut page raises SIGBUS"),
    C("mmap.sigbus.truncate-regrow-zeroed", sigbus_truncate_regrow, "after shrinking and regrowing, the page is accessible and zero"),
    C("mmap.sigbus.shm-zero-size", sigbus_shm_zero_size, "mapping a new (size 0) shm object: access raises SIGBUS"),
    C("mmap.sigbus.tail-kept-shm", sigbus_tail_kept_shm, "store past the end of a 100-byte shm object: a later mapping still sees it, msync or not"),
    C("mmap.sigbus.tail-msync-file", sigbus_tail_msync_file, "store past the end of a 100-byte file, msync(MS_SYNC): a later mapping sees zero"),
    C("mmap.len.rounded-up", len_rounded_up, "length 100 maps the whole page"),
    C("mmap.addr.hint-unaligned", addr_hint_unaligned, "an unaligned hint (no MAP_FIXED) still yields a page-aligned map"),
    C("mmap.addr.page-aligned", addr_page_aligned, "returned address is page aligned"),
    C("mmap.addr.hint-free-used", addr_hint_free_used, "a free page-aligned hint (no MAP_FIXED) is used as the address"),
    C("mmap.addr.never-zero-or-extant", addr_never_zero_or_extant, "without MAP_FIXED: never address 0, never over an existing mapping"),
    C("mmap.offset.below-2g", offset_below_2g, "map at offset 2^31-page (largest 32-bit off_t page) of a sparse file"),
    C("mmap.offset.2g", offset_2g, "map at offset 2^31 (needs 64-bit off_t)"),
    C("mmap.offset.4g", offset_4g, "map at offset 2^32 (needs 64-bit off_t)"),
    C("mmap.offset.2pow44", offset_2pow44, "map at offset 2^44 (beyond what mmap2 can carry on i686)"),
    C("mmap.offset.2pow44-minus-page", offset_2pow44_minus_page, "map at offset 2^44-page (largest offset mmap2 can carry)"),
    C("mmap.offset.negative", offset_negative, "map at offset -page"),
    C("mmap.offset.max-off-t", offset_max_off_t, "offset = largest page-aligned off_t, length 2 pages (off+len exceeds off_t)"),
};
CASE_COUNT(cases_mmap_count, cases_mmap);

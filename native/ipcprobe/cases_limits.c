/* Resource limits (descriptors, queues, locked memory, mapping count), address-space edges and
 * descriptor properties. Limits are lowered with setrlimit() in the probe process itself (each
 * case is a fresh process), never system-wide. */
#include "probe.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOFILE_LIMIT 32

/* Lowers RLIMIT_NOFILE to NOFILE_LIMIT; reports it. */
static void low_nofile(void)
{
    struct rlimit r;
    SETUP(getrlimit(RLIMIT_NOFILE, &r), "getrlimit");
    r.rlim_cur = NOFILE_LIMIT;
    SETUP(setrlimit(RLIMIT_NOFILE, &r), "setrlimit");
    j_int("nofile_limit", NOFILE_LIMIT);
}

static void close_from(int first)
{
    for (int fd = first; fd < NOFILE_LIMIT; fd++) close(fd);
}

static void limit_pipe_emfile(void)
{
    tmp_dir(); /* the cleanup's directory exists before the table fills */
    low_nofile();
    int fds[2], made = 0, r, e;
    int first = -1;
    for (;;) {
        errno = 0;
        r = pipe2(fds, O_CLOEXEC); e = errno;
        if (r < 0) break;
        if (first < 0) first = fds[0];
        made++;
    }
    j_int("pipes_made", made);
    j_ret("pipe", r, e);
    if (first >= 0) close_from(first);
}

static void limit_shm_emfile(void)
{
    const char *name = shm_name_for("s");
    int fd0 = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd0 < 0) setup_fail("shm_open", errno);
    low_nofile();
    int made = 0, fd, e;
    for (;;) {
        errno = 0;
        fd = shm_open(name, O_RDWR, 0); e = errno;
        if (fd < 0) break;
        made++;
    }
    j_int("opens_made", made);
    j_ret("shm_open", fd, e);
    close_from(fd0 + 1);
}

static void limit_mq_emfile(void)
{
    mqd_t q0 = new_named_queue("q", O_RDWR, 1, 16);
    const char *name = mq_name_for("q");
    low_nofile();
    int made = 0, e;
    mqd_t q;
    for (;;) {
        errno = 0;
        q = mq_open(name, O_RDWR); e = errno;
        if (q == (mqd_t)-1) break;
        made++;
    }
    j_int("opens_made", made);
    j_ret("mq_open", -1, e);
    close_from((int)q0 + 1);
}

static void limit_mq_msgqueue(void)
{
    /* RLIMIT_MSGQUEUE counts the bytes of every queue of the real user; one queue bigger than
     * the whole limit cannot be created, whatever else the user has. */
    struct rlimit r = { 1024, 1024 };
    SETUP(setrlimit(RLIMIT_MSGQUEUE, &r), "setrlimit");
    j_int("msgqueue_limit", 1024);
    struct mq_attr a = attr_of(4, 1024);
    obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
}

static void limit_mlock_memlock(void)
{
    long ps = pagesz();
    struct rlimit r = { (rlim_t)ps, (rlim_t)ps };
    SETUP(setrlimit(RLIMIT_MEMLOCK, &r), "setrlimit");
    j_int("memlock_limit", ps);
    void *p = must_mmap(NULL, 4 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OBS("mlock", mlock(p, 4 * ps));
    munlock(p, 4 * ps);
}

static void limit_mlockall_future(void)
{
    /* mlockall(MCL_FUTURE) under a small RLIMIT_MEMLOCK: a later mapping that would pass it fails */
    long ps = pagesz();
    struct rlimit r = { (rlim_t)(16 * ps), (rlim_t)(16 * ps) };
    SETUP(setrlimit(RLIMIT_MEMLOCK, &r), "setrlimit");
    j_int("memlock_limit", 16 * ps);
    OBS("mlockall", mlockall(MCL_FUTURE));
    void *p = obs_mmap("mmap", NULL, 64 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munlockall();
    if (p != MAP_FAILED) munmap(p, 64 * ps);
}

/* ---- mlock(), munlock(), mlockall(), munlockall() ---- */

/* VmLck of /proc/self/status, in kB: the memory the process has locked */
static long long vmlck_kb(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    if (!f) setup_fail("open_status", errno);
    char line[256];
    long long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmLck: %lld kB", &kb) == 1) break;
    fclose(f);
    if (kb < 0) setup_fail("read_vmlck", ENOENT);
    return kb;
}

/* Sets both RLIMIT_MEMLOCK values (only lowering: allowed unprivileged); reports it. */
static void set_memlock(const char *k, long bytes)
{
    struct rlimit r = { (rlim_t)bytes, (rlim_t)bytes };
    SETUP(setrlimit(RLIMIT_MEMLOCK, &r), "setrlimit");
    j_int(k, bytes);
}

static void mlock_twice_munlock_once(void)
{
    long ps = pagesz();
    void *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long long before = vmlck_kb();
    OBS("mlock", mlock(p, ps));
    OBS("mlock_again", mlock(p, ps));
    j_int("locked_kb", vmlck_kb() - before);
    OBS("munlock", munlock(p, ps));
    j_int("after_munlock_kb", vmlck_kb() - before);
}

static void mlock_unaligned_addr(void)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long long before = vmlck_kb();
    OBS("mlock", mlock(p + 1, 1));
    j_int("locked_kb", vmlck_kb() - before);
    OBS("munlock", munlock(p + 1, 1));
    j_int("after_munlock_kb", vmlck_kb() - before);
}

static void mlock_enomem_hole(void)
{
    /* one mapped page followed by an unmapped one */
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SETUP(munmap(p + ps, ps), "munmap");
    long long before = vmlck_kb();
    OBS("mlock", mlock(p, 2 * ps));
    j_int("locked_kb", vmlck_kb() - before);
    munlock(p, ps);
}

static void mlock_einval_overflow(void)
{
    /* addr + len wraps past the top of the address space */
    long ps = pagesz();
    void *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    size_t len = SIZE_MAX - (size_t)ps + 1;
    OBS("munlock", munlock(p, len));
    OBS("mlock", mlock(p, len));
    munlock(p, ps);
}

static void mlock2_unknown_flags(void)
{
    long ps = pagesz();
    void *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OBS("mlock2", mlock2(p, ps, 0x2)); /* MLOCK_ONFAULT is 0x1; 0x2 is not a flag */
    munlock(p, ps);
}

static void mlockall_bad_flags(void)
{
    OBS("mlockall_zero", mlockall(0));
    OBS("mlockall_onfault_alone", mlockall(MCL_ONFAULT));
    OBS("mlockall_unknown_flag", mlockall(MCL_CURRENT | 0x10));
    munlockall();
}

static void munlockall_unlocks(void)
{
    long ps = pagesz();
    OBS("munlockall_nothing_locked", munlockall());
    unsigned char *a = must_mmap(NULL, 2 * ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *b = must_mmap(NULL, ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long long before = vmlck_kb();
    OBS("mlock_a", mlock(a, 2 * ps));
    OBS("mlock_b", mlock(b, ps));
    j_int("locked_kb", vmlck_kb() - before);
    OBS("munlockall", munlockall());
    j_int("vmlck_kb", vmlck_kb());
}

static void munlockall_clears_future(void)
{
    long ps = pagesz();
    OBS("mlockall", mlockall(MCL_FUTURE));
    OBS("munlockall", munlockall());
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    j_int("vmlck_kb", vmlck_kb());
}

static void mlock_eperm_memlock_zero(void)
{
    /* unprivileged: within RLIMIT_MEMLOCK no privilege is needed; with a limit of 0 it is EPERM */
    long ps = pagesz();
    void *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    set_memlock("memlock_limit", ps);
    OBS("mlock_within_limit", mlock(p, ps));
    munlock(p, ps);
    set_memlock("memlock_limit_zero", 0);
    OBS("mlock", mlock(p, ps));
    OBS("mlockall", mlockall(MCL_CURRENT));
    munlockall();
}

static void mlockall_current_enomem(void)
{
    /* unprivileged, RLIMIT_MEMLOCK one page: the process maps far more than that */
    set_memlock("memlock_limit", pagesz());
    OBS("mlockall", mlockall(MCL_CURRENT));
    j_int("vmlck_kb", vmlck_kb());
    munlockall();
}

static void limit_max_map_count(void)
{
    /* one-page mappings with alternating protections never merge: each is one more mapping */
    alarm(30); /* ~65 k mmap calls: about a second alone, several on a loaded machine */
    long max = read_proc_long("/proc/sys/vm/max_map_count");
    j_int("max_map_count", max);
    if (max <= 0 || max > (1L << 20)) setup_fail("read_max_map_count", max <= 0 ? ENOENT : E2BIG);
    long ps = pagesz();
    long made = 0;
    void *p;
    int e = 0;
    for (;;) {
        errno = 0;
        p = mmap(NULL, ps, (made & 1) ? PROT_READ : PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        e = errno;
        if (p == MAP_FAILED || made > max + 16) break;
        made++;
    }
    j_int("mappings_made", made);
    j_ptr("mmap", p, p == MAP_FAILED, e);
}

/* ---- address-space edges ---- */

static void addr_min_addr_hint(void)
{
    long min = read_proc_long("/proc/sys/vm/mmap_min_addr");
    j_int("mmap_min_addr", min);
    void *p = obs_mmap("mmap", (void *)(uintptr_t)pagesz(), pagesz(), RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) j_bool("at_or_above_min", (uintptr_t)p >= (uintptr_t)(min < 0 ? 0 : min));
}

static void addr_fixed_below_min(void)
{
    /* Page 0 lies below any positive vm.mmap_min_addr: only CAP_SYS_RAWIO may map there, so the
       case runs unprivileged. NOREPLACE: nothing of the probe's can be clobbered. */
    long min = read_proc_long("/proc/sys/vm/mmap_min_addr");
    j_int("mmap_min_addr", min);
    if (min <= 0) return;
    void *p = obs_mmap("mmap", NULL, pagesz(), RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != MAP_FAILED) munmap(p, pagesz());
}

static void len_near_4g(void)
{
    /* PROT_NONE private: no memory is committed, only address space is asked for */
    unsigned long long len = (1ULL << 32) - (unsigned long long)pagesz();
    j_uint("length", len);
    void *p = obs_mmap("mmap", NULL, (size_t)len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) munmap(p, (size_t)len);
}

static void addr_above_3g(void)
{
    /* 0xe0000000: above 3 GiB, which a 32-bit process under a 64-bit kernel may use */
    uintptr_t want = (uintptr_t)0xe0000000u;
    j_hexaddr("addr", want);
    void *p = obs_mmap("mmap", (void *)want, pagesz(), RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != MAP_FAILED) {
        j_bool("returned_requested", (uintptr_t)p == want);
        obs_write("write", p, 0, 0x5a);
    }
}

/* ---- descriptor properties ---- */

static void pipe_fionread(void)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) setup_fail("pipe", errno);
    if (write(fds[1], "0123456789", 10) != 10) setup_fail("write", errno);
    int n = -1;
    OBS("ioctl", ioctl(fds[0], FIONREAD, &n));
    j_int("fionread", n);
}

static void fifo_o_path(void)
{
    /* O_PATH opens the FIFO itself without waiting for a writer; the descriptor cannot read */
    const char *path = tmp_path("fifo");
    SETUP(mkfifo(path, 0600), "mkfifo");
    int fd = obs_open("open", path, O_PATH);
    if (fd < 0) return;
    char b[4];
    OBS("read", read(fd, b, sizeof b));
}

static void shm_fstat_fields(void)
{
    const char *name = shm_name_for("s");
    mode_t old = umask(0);
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0640);
    umask(old);
    if (fd < 0) setup_fail("shm_open", errno);
    SETUP(ftruncate(fd, 3 * pagesz()), "ftruncate");
    struct stat st;
    OBS("fstat", fstat(fd, &st));
    j_int("size", (long long)st.st_size);
    j_octal("mode", (unsigned)(st.st_mode & 07777));
    j_bool("uid_is_euid", st.st_uid == geteuid());
    j_bool("gid_is_egid", st.st_gid == getegid());
}

static void mq_qsize(void)
{
    /* /dev/mqueue: the queue's file shows QSIZE, the bytes of all queued messages */
    struct stat st;
    bool mounted = stat("/dev/mqueue", &st) == 0 && S_ISDIR(st.st_mode);
    j_bool("mqueue_mounted", mounted);
    if (!mounted) return;
    mqd_t q = new_named_queue("q", O_RDWR, 4, 16);
    const char *name = mq_name_for("q");
    if (mq_send(q, "12345", 5, 0) < 0 || mq_send(q, "abcdefg", 7, 1) < 0) setup_fail("mq_send", errno);
    char path[600];
    snprintf(path, sizeof path, "/dev/mqueue%s", name);
    FILE *f = fopen(path, "re");
    long long qsize = -1;
    if (f) { if (fscanf(f, "QSIZE:%lld", &qsize) != 1) qsize = -1; fclose(f); }
    j_int("qsize", qsize);
}

#define C(id, iface, fn, sum) { id, iface, sum, fn, 0 }
#define U(id, iface, fn, sum) { id, iface, sum, fn, CASE_UNPRIV }
CASE_TABLE(cases_limits) = {
    C("pipe.limit.emfile", "pipe", limit_pipe_emfile, "pipes until RLIMIT_NOFILE (32) is reached: EMFILE"),
    C("shm.limit.emfile", "shm", limit_shm_emfile, "shm_open until RLIMIT_NOFILE (32) is reached: EMFILE"),
    C("mq.limit.emfile", "mq", limit_mq_emfile, "mq_open until RLIMIT_NOFILE (32) is reached: EMFILE"),
    C("mq.limit.msgqueue", "mq", limit_mq_msgqueue, "a queue larger than RLIMIT_MSGQUEUE (1024 bytes): EMFILE on Linux"),
    U("mmap.limit.mlock-memlock", "mmap", limit_mlock_memlock, "unprivileged mlock of 4 pages with RLIMIT_MEMLOCK 1 page: ENOMEM"),
    U("mmap.limit.mlockall-future", "mmap", limit_mlockall_future, "unprivileged mlockall(MCL_FUTURE), RLIMIT_MEMLOCK 16 pages, then a 64-page mmap: EAGAIN"),
    C("mmap.munlock.once-unlocks", "mmap", mlock_twice_munlock_once, "mlock one page twice, munlock it once: VmLck is back to before"),
    C("mmap.mlock.unaligned-addr", "mmap", mlock_unaligned_addr, "mlock(base + 1, 1) and munlock(base + 1, 1): 0, the whole page locked then unlocked (Linux rounds addr down)"),
    C("mmap.mlock.enomem-hole", "mmap", mlock_enomem_hole, "mlock over a mapped page and an unmapped one: ENOMEM"),
    C("mmap.mlock.einval-overflow", "mmap", mlock_einval_overflow, "munlock and mlock with addr + len wrapping: EINVAL (mlock unprivileged may say ENOMEM first)"),
    C("mmap.mlock2.einval-flags", "mmap", mlock2_unknown_flags, "mlock2 with an unknown flag (0x2): EINVAL"),
    C("mmap.mlockall.einval-flags", "mmap", mlockall_bad_flags, "mlockall(0), mlockall(MCL_ONFAULT), mlockall(MCL_CURRENT | 0x10): EINVAL"),
    C("mmap.munlockall.unlocks", "mmap", munlockall_unlocks, "munlockall with nothing locked, and after mlock of two mappings: 0, VmLck 0"),
    C("mmap.munlockall.clears-future", "mmap", munlockall_clears_future, "mlockall(MCL_FUTURE), munlockall(), then a new mapping: not locked"),
    U("mmap.mlock.eperm-memlock-zero", "mmap", mlock_eperm_memlock_zero, "unprivileged: mlock within RLIMIT_MEMLOCK 0; with RLIMIT_MEMLOCK 0 mlock and mlockall: EPERM"),
    U("mmap.mlockall.current-enomem", "mmap", mlockall_current_enomem, "unprivileged mlockall(MCL_CURRENT) with RLIMIT_MEMLOCK 1 page: ENOMEM, nothing locked"),
    C("mmap.limit.max-map-count", "mmap", limit_max_map_count, "one-page mappings until vm.max_map_count: ENOMEM"),
    C("mmap.addr.min-addr-hint", "mmap", addr_min_addr_hint, "a hint below vm.mmap_min_addr is moved to or above it"),
    U("mmap.err.fixed-below-min-addr", "mmap", addr_fixed_below_min, "unprivileged MAP_FIXED_NOREPLACE at page 0, below vm.mmap_min_addr: EPERM on Linux"),
    C("mmap.len.near-4g", "mmap", len_near_4g, "PROT_NONE mapping of 4 GiB - page: maps on 64-bit, ENOMEM on 32-bit"),
    C("mmap.addr.above-3g", "mmap", addr_above_3g, "MAP_FIXED_NOREPLACE at 0xe0000000 (above 3 GiB) maps and is writable"),
    C("pipe.fionread", "pipe", pipe_fionread, "FIONREAD counts the unread bytes of a pipe"),
    C("fifo.open.o-path", "fifo", fifo_o_path, "O_PATH opens a FIFO without a writer; read on it: EBADF"),
    C("shm.fstat.fields", "shm", shm_fstat_fields, "fstat of a shared memory object: size, permission bits, owner"),
    C("mq.qsize", "mq", mq_qsize, "/dev/mqueue shows QSIZE, the bytes of all queued messages"),
};
CASE_COUNT(cases_limits_count, cases_limits);

/* Shared helpers: temp dir and object names (all registered for removal), helpers (forked
 * children), setup failures, time, and the steps and fields many cases share. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile int g_in_child;
int g_dropped;

#define MAXREG 64
#define NAMELEN 512
static char g_tmpdir[NAMELEN];
static char g_paths[MAXREG][NAMELEN];
static volatile int g_npaths;
static char g_shm[MAXREG][NAMELEN];
static volatile int g_nshm;
static char g_mq[MAXREG][NAMELEN];
static volatile int g_nmq;
static pid_t g_helpers[MAXREG];
static volatile int g_nhelpers;
static pid_t g_owner;

long pagesz(void)
{
    static long ps;
    if (!ps) ps = sysconf(_SC_PAGESIZE);
    return ps;
}

const char *probe_abi(void) { return IPCBENCH_ABI; }

_Noreturn void setup_fail(const char *step, int err)
{
    if (g_in_child) _exit(125);
    j_str("setup_step", step);
    j_str("setup_errno", errno_name(err));
    j_end("setup_error");
    exit(0);
}

static void copy_name(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= NAMELEN) n = NAMELEN - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

const char *tmp_dir(void)
{
    if (g_tmpdir[0]) return g_tmpdir;
    const char *bases[2] = { getenv("TMPDIR"), "/tmp" };
    for (int i = 0; i < 2; i++) {
        if (!bases[i] || !*bases[i]) continue;
        char t[NAMELEN];
        snprintf(t, sizeof t, "%s/ipcprobe-%ld-XXXXXX", bases[i], (long)getpid());
        if (mkdtemp(t)) { copy_name(g_tmpdir, t); g_owner = getpid(); return g_tmpdir; }
    }
    setup_fail("mkdtemp", errno);
}

const char *tmp_path(const char *tag)
{
    const char *d = tmp_dir();
    if (g_npaths >= MAXREG) setup_fail("register_path", ENOSPC);
    char *slot = g_paths[g_npaths];
    int n = snprintf(slot, NAMELEN, "%s/%s", d, tag);
    if (n < 0 || n >= NAMELEN) setup_fail("path_too_long", ENAMETOOLONG);
    g_npaths++;
    return slot;
}

void register_shm_name(const char *name)
{
    if (g_nshm >= MAXREG) return;
    copy_name(g_shm[g_nshm], name);
    g_owner = getpid();
    g_nshm++;
}

void register_mq_name(const char *name)
{
    if (g_nmq >= MAXREG) return;
    copy_name(g_mq[g_nmq], name);
    g_owner = getpid();
    g_nmq++;
}

/* The random part of every object name: IPCPROBE_TOKEN when the runner gives one (16 lowercase hex
 * digits; it then knows this probe's names and can check them where queues cannot be listed), else
 * 64 bits from getrandom. Either way no other user can predict a name and squat it. */
static const char *probe_token(void)
{
    static char tok[17];
    if (tok[0]) return tok;
    const char *e = getenv("IPCPROBE_TOKEN");
    if (e && strlen(e) == 16 && strspn(e, "0123456789abcdef") == 16) {
        memcpy(tok, e, sizeof tok);
        return tok;
    }
    unsigned char b[8];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) setup_fail("getrandom", errno);
    for (int i = 0; i < 8; i++) snprintf(tok + 2 * i, 3, "%02x", b[i]);
    return tok;
}

void object_name(char *dst, size_t n, const char *tag)
{
    snprintf(dst, n, "/ipcprobe-%ld-%s-%s", (long)getpid(), probe_token(), tag);
}

const char *shm_name_for(const char *tag)
{
    char t[NAMELEN];
    object_name(t, sizeof t, tag);
    register_shm_name(t);
    return g_shm[g_nshm - 1];
}

const char *mq_name_for(const char *tag)
{
    char t[NAMELEN];
    object_name(t, sizeof t, tag);
    register_mq_name(t);
    return g_mq[g_nmq - 1];
}

static void rm_tree(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[NAMELEN * 2];
            int n = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (n < 0 || (size_t)n >= sizeof p) continue;
            if (unlink(p) < 0 && (errno == EISDIR || errno == EPERM) && depth < 3)
                rm_tree(p, depth + 1);
        }
        closedir(d);
    }
    rmdir(dir);
}

void cleanup_all(void)
{
    static volatile sig_atomic_t done;
    if (g_in_child || done) return;
    if (g_owner && g_owner != getpid()) return; /* a forked copy never cleans the owner's names */
    done = 1;
    for (int i = 0; i < g_nhelpers; i++)
        if (g_helpers[i] > 0) { kill(g_helpers[i], SIGKILL); waitpid(g_helpers[i], NULL, 0); }
    for (int i = 0; i < g_nshm; i++) shm_unlink(g_shm[i]);
    for (int i = 0; i < g_nmq; i++) mq_unlink(g_mq[i]);
    for (int i = g_npaths - 1; i >= 0; i--) { if (unlink(g_paths[i]) < 0) rmdir(g_paths[i]); }
    if (g_tmpdir[0]) rm_tree(g_tmpdir, 0);
}

unsigned char pattern_byte(size_t i) { return (unsigned char)('A' + i % 26); }

void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(seed + i * 7);
}

int make_file(const char *tag, size_t size, int fill, const char **path_out)
{
    const char *path = tmp_path(tag);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    SETUP(fd, "open_tmpfile");
    unsigned char buf[4096];
    size_t done = 0;
    while (done < size) {
        size_t n = size - done < sizeof buf ? size - done : sizeof buf;
        for (size_t i = 0; i < n; i++) buf[i] = fill >= 0 ? (unsigned char)fill : pattern_byte(done + i);
        ssize_t w = write(fd, buf, n);
        if (w <= 0) setup_fail("write_tmpfile", w < 0 ? errno : EIO);
        done += (size_t)w;
    }
    if (path_out) *path_out = path;
    return fd;
}

pid_t helper_fork(void)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) setup_fail("fork", errno);
    if (pid == 0) {
        g_in_child = 1;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(124);
        alarm(5);
        return 0;
    }
    if (g_nhelpers < MAXREG) g_helpers[g_nhelpers++] = pid;
    return pid;
}

static void forget_helper(pid_t pid)
{
    for (int i = 0; i < g_nhelpers; i++) if (g_helpers[i] == pid) g_helpers[i] = 0;
}

int helper_wait_quiet(pid_t pid, int timeout_ms, int *exit_code, int *sig)
{
    long long end = now_ms() + timeout_ms;
    int st = 0;
    *exit_code = -1; *sig = 0;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) { forget_helper(pid); return -1; }
        if (now_ms() >= end) { kill(pid, SIGKILL); waitpid(pid, &st, 0); break; }
        sleep_ms(1);
    }
    forget_helper(pid);
    if (WIFEXITED(st)) *exit_code = WEXITSTATUS(st);
    else if (WIFSIGNALED(st)) *sig = WTERMSIG(st);
    return 0;
}

int helper_wait(pid_t pid, int timeout_ms, const char *prefix)
{
    int code, sig;
    int rc = helper_wait_quiet(pid, timeout_ms, &code, &sig);
    char k1[64], k2[64];
    const char *pf = prefix ? prefix : "child";
    if (strlen(pf) > 40) pf = "child";
    snprintf(k1, sizeof k1, "%s_exit", pf);
    snprintf(k2, sizeof k2, "%s_signal", pf);
    if (rc == 0 && !sig) j_int(k1, code); else j_null(k1);
    j_signal(k2, sig);
    return rc == 0 && !sig ? code : -1;
}

void *reserve_hole(size_t len)
{
    void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) setup_fail("mmap_reserve", errno);
    if (munmap(p, len) < 0) setup_fail("munmap_reserve", errno);
    return p;
}

long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

long read_proc_long(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    long v = -1;
    if (fscanf(f, "%ld", &v) != 1) v = -1;
    fclose(f);
    return v;
}

void *obs_mmap(const char *step, void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    errno = 0;
    void *p = mmap(addr, len, prot, flags, fd, off);
    int e = errno;
    j_ptr(step, p, p == MAP_FAILED, e);
    return p;
}

void *must_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    void *p = mmap(addr, len, prot, flags, fd, off);
    if (p == MAP_FAILED) setup_fail("mmap", errno);
    return p;
}

int reopen(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) setup_fail("open", errno);
    return fd;
}

void j_seen(const char *k, const void *src, size_t n)
{
    unsigned char b[256];
    fault_t f;
    if (n > sizeof b) n = sizeof b;
    if (guard_copy(b, src, n, &f) == 0) { j_hex(k, b, n); return; }
    j_null(k);
    char kk[96];
    snprintf(kk, sizeof kk, "%s_signal", k);
    j_signal(kk, f.sig);
}

void j_written_seen(const void *written, const void *seen, size_t n)
{
    j_hex("written_hex", written, n);
    j_seen("seen_hex", seen, n);
}

void j_pattern(const char *k, size_t from, size_t n)
{
    unsigned char b[256];
    if (n > sizeof b) n = sizeof b;
    for (size_t i = 0; i < n; i++) b[i] = pattern_byte(from + i);
    j_hex(k, b, n);
}

void obs_store(const char *k, void *dst, const void *src, size_t n)
{
    fault_t f;
    int rc = guard_copy(dst, src, n, &f);
    j_signal(k, rc ? f.sig : 0);
}

void child_store(void *dst, const void *src, size_t n)
{
    pid_t pid = helper_fork();
    if (pid == 0) { memcpy(dst, src, n); _exit(0); }
    helper_wait(pid, 2000, "child");
}

void must_pread(int fd, void *buf, size_t n, off_t off)
{
    memset(buf, 0, n);
    if (pread(fd, buf, n, off) < 0) setup_fail("pread", errno);
}

size_t count_nonzero(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t nz = 0;
    for (size_t i = 0; i < n; i++) nz += b[i] != 0;
    return nz;
}

void *obs_map_file(size_t file_size, size_t len, int prot, int flags, int *fd_out, const char **path_out)
{
    int fd = make_file("f", file_size, -1, path_out);
    if (fd_out) *fd_out = fd;
    return obs_mmap("mmap", NULL, len, prot, flags, fd, 0);
}

void *must_map_file(size_t size, int flags, int *fd_out)
{
    int fd = make_file("f", size, -1, NULL);
    if (fd_out) *fd_out = fd;
    return must_mmap(NULL, size, RW, flags, fd, 0);
}

void *must_map_file_stored(size_t size, int flags, unsigned seed, unsigned char *w, int *fd_out)
{
    void *p = must_map_file(size, flags, fd_out);
    fill_pattern(w, N, seed);
    memcpy(p, w, N);
    return p;
}

int make_file_reopened(const char *tag, size_t size, int flags)
{
    const char *path;
    close(make_file(tag, size, -1, &path));
    return reopen(path, flags);
}

void j_fs_magic(int fd)
{
    struct statfs sfs;
    char magic[24] = "";
    if (fstatfs(fd, &sfs) == 0) snprintf(magic, sizeof magic, "0x%lx", (unsigned long)sfs.f_type);
    j_str("fs_magic", magic[0] ? magic : NULL);
}

struct timespec deadline_ms(long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    return ts;
}

int obs_open(const char *step, const char *path, int flags)
{
    errno = 0;
    int fd = open(path, flags | O_CLOEXEC);
    j_ret(step, fd < 0 ? -1 : 0, errno);
    return fd;
}

int obs_shm_open(const char *step, const char *name, int flags, mode_t mode)
{
    errno = 0;
    int fd = shm_open(name, flags, mode);
    j_ret(step, fd < 0 ? -1 : 0, errno);
    return fd;
}

mqd_t obs_mq_open(const char *step, const char *name, int flags, mode_t mode, struct mq_attr *attr)
{
    errno = 0;
    mqd_t q = (flags & O_CREAT) ? mq_open(name, flags, mode, attr) : mq_open(name, flags);
    j_ret(step, q == (mqd_t)-1 ? -1 : 0, errno);
    return q;
}

struct mq_attr attr_of(long maxmsg, long msgsize)
{
    struct mq_attr a;
    memset(&a, 0, sizeof a);
    a.mq_maxmsg = maxmsg;
    a.mq_msgsize = msgsize;
    return a;
}

mqd_t new_named_queue(const char *tag, int flags, long maxmsg, long msgsize)
{
    struct mq_attr a = attr_of(maxmsg, msgsize);
    mqd_t q = mq_open(mq_name_for(tag), O_CREAT | O_EXCL | flags, 0600, &a);
    if (q == (mqd_t)-1) setup_fail("mq_open", errno);
    return q;
}

mqd_t new_queue(const char *tag, int flags, long maxmsg, long msgsize)
{
    mqd_t q = new_named_queue(tag, flags, maxmsg, msgsize);
    mq_unlink(mq_name_for(tag));
    return q;
}

struct mq_attr j_mq_attr(mqd_t q)
{
    struct mq_attr a;
    memset(&a, 0, sizeof a);
    if (mq_getattr(q, &a) < 0) setup_fail("mq_getattr", errno);
    j_int("attr_flags", a.mq_flags);
    j_int("attr_maxmsg", a.mq_maxmsg);
    j_int("attr_msgsize", a.mq_msgsize);
    j_int("attr_curmsgs", a.mq_curmsgs);
    return a;
}

void long_name_case(bool too_long, void (*reg)(const char *name), void (*try_name)(const char *name, bool show_len))
{
    size_t len = too_long ? NAME_MAX + 1 : NAME_MAX;
    char n[NAME_MAX + 3];
    char head[64];
    object_name(head, sizeof head, "");
    int k = snprintf(n, len + 2, "%s", head);
    memset(n + k, 'x', len + 1 - (size_t)k);
    n[len + 1] = 0;
    reg(n);
    try_name(n, true);
}

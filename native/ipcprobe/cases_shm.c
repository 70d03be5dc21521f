/* shm_open / shm_unlink: creation, exclusivity, permissions, truncation, persistence until
 * unlink, the C library's name rules. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

static int new_shm(const char *name, int flags, mode_t mode)
{
    int fd = shm_open(name, O_CREAT | O_EXCL | flags, mode);
    if (fd < 0) setup_fail("shm_open", errno);
    return fd;
}

/* a new one-page object opened O_RDWR (setup steps) */
static int new_shm_one_page(const char *name, mode_t mode)
{
    int fd = new_shm(name, O_RDWR, mode);
    SETUP(ftruncate(fd, pagesz()), "ftruncate");
    return fd;
}

/* a new one-page object (O_RDWR, 0600), mapped MAP_SHARED (setup steps) */
static unsigned char *new_shm_page(const char *name, int *fd_out)
{
    int fd = new_shm_one_page(name, 0600);
    if (fd_out) *fd_out = fd;
    return must_mmap(NULL, pagesz(), RW, MAP_SHARED, fd, 0);
}

static void open_create(void)
{
    umask(022);
    int fd = obs_shm_open("shm_open", shm_name_for("s"), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("size", (long long)st.st_size);
    j_octal("mode", st.st_mode & 07777);
    j_bool("s_isreg", S_ISREG(st.st_mode));
}

static void open_excl_eexist(void)
{
    const char *name = shm_name_for("s");
    new_shm(name, O_RDWR, 0600);
    obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
}

static void open_enoent(void)
{
    obs_shm_open("shm_open", shm_name_for("missing"), O_RDWR, 0);
}

static void open_trunc(void)
{
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    SETUP(ftruncate(fd, 2 * pagesz()), "ftruncate");
    struct stat st;
    fstat(fd, &st);
    j_int("size_before", (long long)st.st_size);
    int fd2 = obs_shm_open("shm_open", name, O_RDWR | O_TRUNC, 0);
    fstat(fd, &st);
    j_int("size_after", (long long)st.st_size);
    if (fd2 >= 0) close(fd2);
}

static void open_umask(void)
{
    umask(027);
    int fd = obs_shm_open("shm_open", shm_name_for("s"), O_CREAT | O_EXCL | O_RDWR, 0666);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_octal("mode", st.st_mode & 07777);
}

static void ftruncate_size(void)
{
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    shm_unlink(name);
    OBS("ftruncate", ftruncate(fd, 3 * pagesz() + 5));
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("size", (long long)st.st_size);
}

static void ftruncate_rdonly(void)
{
    const char *name = shm_name_for("s");
    close(new_shm(name, O_RDWR, 0600));
    int fd = shm_open(name, O_RDONLY, 0);
    SETUP(fd, "shm_open");
    shm_unlink(name);
    OBS("ftruncate", ftruncate(fd, pagesz()));
}

static void persist_until_unlink(void)
{
    long ps = pagesz();
    const char *name = shm_name_for("s");
    int fd;
    unsigned char *p = new_shm_page(name, &fd);
    unsigned char w[N]; fill_pattern(w, N, 0x44);
    memcpy(p, w, N);
    munmap(p, ps);
    close(fd);
    int fd2 = obs_shm_open("reopen", name, O_RDONLY, 0);
    j_hex("written_hex", w, N);
    if (fd2 >= 0) {
        unsigned char *q = must_mmap(NULL, ps, PROT_READ, MAP_SHARED, fd2, 0);
        j_seen("seen_hex", q, N);
        munmap(q, ps);
        close(fd2);
    }
    if (shm_unlink(name) < 0) setup_fail("shm_unlink", errno);
    int fd3 = obs_shm_open("after_unlink", name, O_RDONLY, 0);
    if (fd3 >= 0) close(fd3);
}

static void persist_after_unlink_open(void)
{
    const char *name = shm_name_for("s");
    int fd;
    unsigned char *p = new_shm_page(name, &fd);
    OBS("shm_unlink", shm_unlink(name));
    unsigned char w[N]; fill_pattern(w, N, 0x45);
    obs_store("write_signal", p, w, N);
    struct stat st;
    if (fstat(fd, &st) < 0) setup_fail("fstat", errno);
    j_int("fstat_nlink", (long long)st.st_nlink);
    unsigned char r[N];
    must_pread(fd, r, N, 0);
    j_written_seen(w, r, N);
}

static void visible_across_processes(void)
{
    long ps = pagesz();
    const char *name = shm_name_for("s");
    unsigned char *p = new_shm_page(name, NULL);
    unsigned char w[N]; fill_pattern(w, N, 0x46);
    pid_t pid = helper_fork();
    if (pid == 0) {
        int cfd = shm_open(name, O_RDWR, 0);
        if (cfd < 0) _exit(1);
        unsigned char *q = mmap(NULL, ps, RW, MAP_SHARED, cfd, 0);
        if (q == MAP_FAILED) _exit(2);
        memcpy(q, w, N);
        _exit(0);
    }
    helper_wait(pid, 2000, "child");
    shm_unlink(name);
    j_written_seen(w, p, N);
}

static void mmap_rdonly_shared_write(void)
{
    long ps = pagesz();
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    SETUP(ftruncate(fd, ps), "ftruncate");
    close(fd);
    int rfd = shm_open(name, O_RDONLY, 0);
    SETUP(rfd, "shm_open");
    shm_unlink(name);
    void *p = obs_mmap("mmap", NULL, ps, PROT_WRITE, MAP_SHARED, rfd, 0);
    if (p != MAP_FAILED) munmap(p, ps);
}

static void perm_case(mode_t mode, int creat_flags, int reopen_flags, const char *step)
{
    umask(022);
    const char *name = shm_name_for("s");
    int fd = creat_flags ? obs_shm_open("shm_open", name, O_CREAT | O_EXCL | creat_flags, mode)
                         : new_shm(name, O_RDONLY, mode);
    if (fd < 0) return;
    close(fd);
    int fd2 = obs_shm_open(step, name, reopen_flags, 0);
    if (fd2 >= 0) close(fd2);
    shm_unlink(name);
}
static void perm_eacces_rdwr_0400(void) { perm_case(0400, 0, O_RDWR, "shm_open"); }
static void perm_rdonly_0400_ok(void) { perm_case(0400, 0, O_RDONLY, "shm_open"); }
static void perm_create_0000(void) { perm_case(0, O_RDWR, O_RDONLY, "reopen"); }

static void name_case(const char *name, bool show_len)
{
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    int fd = obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd >= 0) { shm_unlink(name); close(fd); }
}

static void name_no_leading_slash(void)
{
    char r[72];
    object_name(r, sizeof r, "ns");
    const char *n = r + 1;
    register_shm_name(n);
    name_case(n, false);
}

static void name_embedded_slash(void)
{
    char n[64];
    snprintf(n, sizeof n, "/ipcprobe-%ld/x", (long)getpid());
    name_case(n, false);
}

static void name_slash_only(void) { name_case("/", false); }
static void name_dot(void) { name_case("/.", false); }
static void name_dotdot(void) { name_case("/..", false); }

static void name_too_long(void) { long_name_case(true, register_shm_name, name_case); }
static void name_max_length(void) { long_name_case(false, register_shm_name, name_case); }

static void name_double_slash(void)
{
    const char *single = shm_name_for("d");
    char dbl[128];
    snprintf(dbl, sizeof dbl, "/%s", single);
    int fd = obs_shm_open("shm_open", dbl, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    int fd2 = shm_open(single, O_RDONLY, 0);
    struct stat a, b;
    bool same = fd2 >= 0 && fstat(fd, &a) == 0 && fstat(fd2, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
    j_bool("same_object", same);
    shm_unlink(single);
}

static void unlink_enoent(void)
{
    OBS("shm_unlink", shm_unlink(shm_name_for("missing")));
}

static void name_empty(void) { name_case("", false); }

static void open_cloexec(void)
{
    /* shm_open() sets FD_CLOEXEC on the descriptor it returns, without being asked */
    const char *name = shm_name_for("s");
    int fd = obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    int fl = fcntl(fd, F_GETFD);
    if (fl < 0) setup_fail("fcntl_getfd", errno);
    j_bool("fd_cloexec", (fl & FD_CLOEXEC) != 0);
}

static void reuse_after_unlink(void)
{
    /* the name of an unlinked object that is still open and mapped names a new, empty object */
    const char *name = shm_name_for("s");
    long ps = pagesz();
    int old = new_shm(name, O_RDWR, 0600);
    SETUP(ftruncate(old, ps), "ftruncate");
    if (shm_unlink(name) < 0) setup_fail("shm_unlink", errno);
    int fd = obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    struct stat a, b;
    SETUP(fstat(fd, &a), "fstat");
    SETUP(fstat(old, &b), "fstat");
    j_int("size", (long long)a.st_size);
    j_bool("same_object", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
}

static void unlink_twice(void)
{
    const char *name = shm_name_for("s");
    close(new_shm(name, O_RDWR, 0600));
    if (shm_unlink(name) < 0) setup_fail("shm_unlink", errno);
    OBS("shm_unlink", shm_unlink(name));
}

static void open_trunc_rdonly(void)
{
    /* Linux truncates on O_RDONLY|O_TRUNC (POSIX: undefined) */
    const char *name = shm_name_for("s");
    int fd = new_shm_one_page(name, 0600);
    struct stat st;
    SETUP(fstat(fd, &st), "fstat");
    j_int("size_before", (long long)st.st_size);
    int fd2 = obs_shm_open("shm_open", name, O_RDONLY | O_TRUNC, 0);
    if (fd2 < 0) return;
    SETUP(fstat(fd, &st), "fstat");
    j_int("size", (long long)st.st_size);
    close(fd2);
}

static void perm_trunc_rdonly_0400(void)
{
    /* O_TRUNC asks for write permission even with O_RDONLY: the size must stay */
    umask(022);
    const char *name = shm_name_for("s");
    int fd = new_shm_one_page(name, 0400);
    int fd2 = obs_shm_open("shm_open", name, O_RDONLY | O_TRUNC, 0);
    if (fd2 >= 0) close(fd2);
    struct stat st;
    SETUP(fstat(fd, &st), "fstat");
    j_int("size", (long long)st.st_size);
}

/* a new object of 2 pages mapped MAP_SHARED, 0x5a stored at the start of page 0 and 0xa5 of page 1 */
static unsigned char *two_written_pages(int *fd_out)
{
    long ps = pagesz();
    int fd = new_shm(shm_name_for("s"), O_RDWR, 0600);
    SETUP(ftruncate(fd, 2 * ps), "ftruncate");
    unsigned char *p = must_mmap(NULL, 2 * (size_t)ps, RW, MAP_SHARED, fd, 0);
    p[0] = 0x5a;
    p[ps] = 0xa5;
    *fd_out = fd;
    return p;
}

static void ftruncate_shrink_sigbus(void)
{
    int fd;
    unsigned char *p = two_written_pages(&fd);
    OBS("ftruncate", ftruncate(fd, pagesz()));
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, (size_t)pagesz(), NULL);
}

static void ftruncate_shrink_discards(void)
{
    long ps = pagesz();
    int fd;
    unsigned char *p = two_written_pages(&fd);
    OBS("ftruncate", ftruncate(fd, ps));
    OBS("ftruncate2", ftruncate(fd, 2 * ps));
    obs_read("read_p0", p, 0, NULL);
    obs_read("read_p1", p, (size_t)ps, NULL);
    unsigned char b = 0xee;
    OBS("pread", pread(fd, &b, 1, ps));
    j_int("pread_value", b);
}

/* every byte of len at p (guarded) and of the object through pread: map_signal, map_nonzero,
 * pread_ret, pread_nonzero */
static void j_zero_scan(int fd, const unsigned char *p, size_t len)
{
    unsigned char *b = malloc(len);
    if (!b) setup_fail("malloc", ENOMEM);
    fault_t f;
    int rc = guard_copy(b, p, len, &f);
    j_signal("map_signal", rc ? f.sig : 0);
    if (rc) j_null("map_nonzero"); else j_int("map_nonzero", (long long)count_nonzero(b, len));
    memset(b, 0xee, len);
    errno = 0;
    ssize_t r = pread(fd, b, len, 0);
    j_ret("pread", r, errno);
    j_int("pread_nonzero", r < 0 ? -1 : (long long)count_nonzero(b, (size_t)r));
    free(b);
}

static void zero_initial(void)
{
    size_t len = 2 * (size_t)pagesz();
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    shm_unlink(name);
    OBS("ftruncate", ftruncate(fd, (off_t)len));
    unsigned char *p = must_mmap(NULL, len, RW, MAP_SHARED, fd, 0);
    j_zero_scan(fd, p, len);
}

static void zero_regrow(void)
{
    size_t len = 2 * (size_t)pagesz();
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    shm_unlink(name);
    SETUP(ftruncate(fd, (off_t)len), "ftruncate");
    unsigned char *p = must_mmap(NULL, len, RW, MAP_SHARED, fd, 0);
    memset(p, 0xff, len);
    OBS("ftruncate", ftruncate(fd, 0));
    OBS("ftruncate2", ftruncate(fd, (off_t)len));
    j_zero_scan(fd, p, len);
}

static void open_creat_existing(void)
{
    /* umask 0: were the mode argument applied, the object would become 0666 */
    umask(0);
    const char *name = shm_name_for("s");
    int fd = new_shm_one_page(name, 0600);
    int fd2 = obs_shm_open("shm_open", name, O_CREAT | O_RDWR, 0666);
    if (fd2 < 0) return;
    struct stat a, b;
    SETUP(fstat(fd2, &a), "fstat");
    SETUP(fstat(fd, &b), "fstat");
    j_bool("same_object", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    j_int("size", (long long)a.st_size);
    j_octal("mode", a.st_mode & 07777);
}

static void open_new_description(void)
{
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    int fd2 = obs_shm_open("shm_open", name, O_RDWR, 0);
    if (fd2 < 0) return;
    int d = dup(fd);
    SETUP(d, "dup");
    /* flip O_NONBLOCK on the first description (musl's shm_open sets it, glibc's does not) */
    int fl = fcntl(fd, F_GETFL), before = fcntl(fd2, F_GETFL);
    SETUP(fl, "fcntl_getfl");
    SETUP(before, "fcntl_getfl");
    SETUP(fcntl(fd, F_SETFL, fl ^ O_NONBLOCK), "fcntl_setfl");
    int fl_dup = fcntl(d, F_GETFL), fl_other = fcntl(fd2, F_GETFL);
    SETUP(fl_dup, "fcntl_getfl");
    SETUP(fl_other, "fcntl_getfl");
    j_bool("dup_changed", ((fl_dup ^ fl) & O_NONBLOCK) != 0);
    j_bool("other_changed", ((fl_other ^ before) & O_NONBLOCK) != 0);
}

/* F_GETFL of a fresh shm_open(O_RDWR|O_CREAT|O_EXCL): the status flags follow oflag, so no
   O_NONBLOCK (musl's shm_open adds it to the open it makes and leaves it set) */
static void open_status_flags(void)
{
    int fd = obs_shm_open("shm_open", shm_name_for("s"), O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return;
    int fl = fcntl(fd, F_GETFL);
    SETUP(fl, "fcntl_getfl");
    j_bool("o_nonblock", (fl & O_NONBLOCK) != 0);
    j_bool("o_append", (fl & O_APPEND) != 0);
    j_str("accmode", (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : (fl & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : (fl & O_ACCMODE) == O_WRONLY ? "O_WRONLY" : "other");
}

static void open_lowest_fd(void)
{
    const char *name = shm_name_for("s");
    int a = new_shm(name, O_RDWR, 0600);
    SETUP(dup(a), "dup");
    close(a);
    int lowest = 0;
    while (lowest < a && fcntl(lowest, F_GETFD) >= 0) lowest++;
    int fd = obs_shm_open("shm_open", name, O_RDWR, 0);
    if (fd < 0) return;
    j_bool("fd_is_lowest_free", fd == lowest);
}

static void unlink_try(const char *name, bool show_len)
{
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    OBS("shm_unlink", shm_unlink(name));
}

static void unlink_name_too_long(void) { long_name_case(true, register_shm_name, unlink_try); }

/* "/" and PATH_MAX 'x': longer than PATH_MAX, and its one component far longer than NAME_MAX,
 * so the kernel could never create it (not registered: the registry holds shorter names) */
static char *path_max_name(void)
{
    static char n[PATH_MAX + 2];
    n[0] = '/';
    memset(n + 1, 'x', PATH_MAX);
    n[PATH_MAX + 1] = 0;
    return n;
}

static void unlink_path_max(void) { unlink_try(path_max_name(), true); }

static void open_then_unlink(const char *name, bool show_len)
{
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    int fd = obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    close(fd);
    OBS("shm_unlink", shm_unlink(name));
    int fd2 = obs_shm_open("after_unlink", name, O_RDONLY, 0);
    if (fd2 >= 0) close(fd2);
}

static void unlink_max_length(void) { long_name_case(false, register_shm_name, open_then_unlink); }

static void name_path_max(void)
{
    const char *n = path_max_name();
    j_int("name_length", (long long)strlen(n) - 1);
    name_case(n, false);
}

static void dev_shm_tmpfs(void)
{
    const char *name = shm_name_for("s");
    int fd = obs_shm_open("shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) return;
    j_fs_magic(fd);
    struct statfs sfs;
    char magic[24] = "";
    if (statfs("/dev/shm", &sfs) == 0) snprintf(magic, sizeof magic, "0x%lx", (unsigned long)sfs.f_type);
    j_str("dev_shm_magic", magic[0] ? magic : NULL);
    char path[600];
    snprintf(path, sizeof path, "/dev/shm%s", name);
    struct stat a, b;
    OBS("stat", stat(path, &a));
    SETUP(fstat(fd, &b), "fstat");
    j_bool("same_object", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
}

static void ftruncate_pipe(void)
{
    int pfd[2];
    SETUP(pipe(pfd), "pipe");
    OBS("ftruncate", ftruncate(pfd[1], pagesz()));
    close(pfd[0]);
    close(pfd[1]);
}

static void close_mapped_persists(void)
{
    const char *name = shm_name_for("s");
    int fd;
    unsigned char *p = new_shm_page(name, &fd);
    unsigned char w[N], w2[N];
    fill_pattern(w, N, 0x47);
    fill_pattern(w2, N, 0x48);
    memcpy(p, w, N);
    if (shm_unlink(name) < 0) setup_fail("shm_unlink", errno);
    OBS("close", close(fd));
    /* the mapping is now the object's only reference: a helper inherits it, checks the pattern
     * (exit 3 when it differs) and stores its own after it */
    pid_t pid = helper_fork();
    if (pid == 0) {
        if (memcmp(p, w, N) != 0) _exit(3);
        memcpy(p + N, w2, N);
        _exit(0);
    }
    helper_wait(pid, 2000, "child");
    j_hex("child_written_hex", w2, N);
    j_seen("seen_hex", p + N, N);
}

static void close_fd_keeps_map(void)
{
    const char *name = shm_name_for("s");
    int fd;
    unsigned char *p = new_shm_page(name, &fd);
    OBS("close", close(fd));
    unsigned char w[N];
    fill_pattern(w, N, 0x49);
    obs_store("write_signal", p, w, N);
    int fd2 = obs_shm_open("reopen", name, O_RDONLY, 0);
    if (fd2 < 0) return;
    unsigned char r[N];
    must_pread(fd2, r, N, 0);
    j_written_seen(w, r, N);
}

static void perm_fchmod(void)
{
    umask(022);
    const char *name = shm_name_for("s");
    int fd = new_shm(name, O_RDWR, 0600);
    OBS("fchmod", fchmod(fd, 0400));
    struct stat st;
    SETUP(fstat(fd, &st), "fstat");
    j_octal("mode", st.st_mode & 07777);
    int fd2 = obs_shm_open("reopen_rdwr", name, O_RDWR, 0);
    if (fd2 >= 0) close(fd2);
    int fd3 = obs_shm_open("reopen_rdonly", name, O_RDONLY, 0);
    if (fd3 >= 0) close(fd3);
}

#define C(id, fn, sum) { id, "shm", sum, fn, 0 }
#define U(id, fn, sum) { id, "shm", sum, fn, CASE_UNPRIV }
CASE_TABLE(cases_shm) = {
    C("shm.open.create", open_create, "O_CREAT|O_EXCL creates an empty regular object with the requested mode"),
    C("shm.open.excl-eexist", open_excl_eexist, "O_CREAT|O_EXCL on an existing object: EEXIST"),
    C("shm.open.enoent", open_enoent, "open of a missing object without O_CREAT: ENOENT"),
    C("shm.open.trunc", open_trunc, "O_TRUNC truncates an existing object to 0"),
    C("shm.open.umask", open_umask, "the creation mode is filtered by the umask"),
    C("shm.ftruncate.size", ftruncate_size, "ftruncate sets the object size"),
    C("shm.ftruncate.rdonly", ftruncate_rdonly, "ftruncate on an O_RDONLY descriptor fails (EINVAL on Linux)"),
    C("shm.persist.until-unlink", persist_until_unlink, "contents persist after close and munmap until shm_unlink"),
    C("shm.persist.after-unlink-open", persist_after_unlink_open, "an unlinked object keeps working for open descriptors and maps"),
    C("shm.visible.across-processes", visible_across_processes, "another process opening the name sees and changes the same memory"),
    C("shm.mmap.rdonly-shared-write", mmap_rdonly_shared_write, "PROT_WRITE MAP_SHARED of an O_RDONLY shm descriptor: EACCES"),
    U("shm.perm.eacces-rdwr-0400", perm_eacces_rdwr_0400, "O_RDWR open of a mode-0400 object by its owner: EACCES"),
    U("shm.perm.rdonly-0400-ok", perm_rdonly_0400_ok, "O_RDONLY open of a mode-0400 object by its owner succeeds"),
    U("shm.perm.create-0000", perm_create_0000, "creating with mode 0 succeeds; reopening fails with EACCES"),
    C("shm.name.no-leading-slash", name_no_leading_slash, "name without a leading slash (glibc accepts)"),
    C("shm.name.embedded-slash", name_embedded_slash, "name with a second slash: EINVAL"),
    C("shm.name.slash-only", name_slash_only, "name \"/\": EINVAL"),
    C("shm.name.dot", name_dot, "name \"/.\""),
    C("shm.name.dotdot", name_dotdot, "name \"/..\""),
    C("shm.name.too-long", name_too_long, "name of NAME_MAX+1 characters after the slash: ENAMETOOLONG"),
    C("shm.name.max-length", name_max_length, "name of NAME_MAX characters after the slash is accepted"),
    C("shm.name.double-slash", name_double_slash, "leading slashes are collapsed by glibc: \"//x\" is \"/x\""),
    C("shm.unlink.enoent", unlink_enoent, "shm_unlink of a missing object: ENOENT"),
    C("shm.unlink.twice", unlink_twice, "second shm_unlink: ENOENT"),
    C("shm.name.empty", name_empty, "the empty name: EINVAL"),
    C("shm.open.cloexec", open_cloexec, "the descriptor shm_open returns has FD_CLOEXEC set"),
    C("shm.name.reuse-after-unlink", reuse_after_unlink, "after shm_unlink, O_CREAT|O_EXCL of the same name creates a new empty object"),
    C("shm.open.trunc-rdonly", open_trunc_rdonly, "O_RDONLY|O_TRUNC of an existing object truncates it (Linux)"),
    U("shm.perm.trunc-rdonly-0400", perm_trunc_rdonly_0400, "O_RDONLY|O_TRUNC of a mode-0400 object by its owner: EACCES, size kept"),
    C("shm.ftruncate.shrink-sigbus", ftruncate_shrink_sigbus, "a mapped page cut off by ftruncate raises SIGBUS"),
    C("shm.ftruncate.shrink-discards", ftruncate_shrink_discards, "ftruncate discards the cut page: regrown, it reads 0"),
    C("shm.zero.initial", zero_initial, "a new object sized by ftruncate reads all zeros"),
    C("shm.zero.regrow", zero_regrow, "written, cut to 0 and regrown, the object reads all zeros"),
    C("shm.open.creat-existing", open_creat_existing, "O_CREAT without O_EXCL opens an existing object unchanged"),
    C("shm.open.status-flags", open_status_flags, "status flags of a new shm_open(O_RDWR) descriptor: no O_NONBLOCK, O_RDWR"),
    C("shm.open.new-description", open_new_description, "two shm_open of one name: two open file descriptions"),
    C("shm.open.lowest-fd", open_lowest_fd, "shm_open returns the lowest free descriptor"),
    C("shm.unlink.name-too-long", unlink_name_too_long, "shm_unlink of a name of NAME_MAX+1 characters: ENAMETOOLONG"),
    C("shm.unlink.path-max", unlink_path_max, "shm_unlink of a name longer than PATH_MAX (glibc: ENOENT)"),
    C("shm.unlink.max-length", unlink_max_length, "shm_unlink of a NAME_MAX-character name shm_open created succeeds"),
    C("shm.name.path-max", name_path_max, "shm_open of a name longer than PATH_MAX (glibc: EINVAL)"),
    C("shm.tmpfs.dev-shm", dev_shm_tmpfs, "objects live on the tmpfs mounted at /dev/shm"),
    C("shm.ftruncate.pipe-einval", ftruncate_pipe, "ftruncate of a pipe: EINVAL"),
    C("shm.close.mapped-persists", close_mapped_persists, "unlinked, its last descriptor closed, a mapped object keeps its contents"),
    C("shm.mmap.close-fd-keeps-map", close_fd_keeps_map, "closing the descriptor leaves the mapping working"),
    U("shm.perm.fchmod", perm_fchmod, "fchmod changes the mode shm_open checks"),
};
CASE_COUNT(cases_shm_count, cases_shm);

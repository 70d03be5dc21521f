/* shm_open / shm_unlink: creation, exclusivity, permissions, truncation, persistence until
 * unlink, the C library's name rules. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int new_shm(const char *name, int flags, mode_t mode)
{
    int fd = shm_open(name, O_CREAT | O_EXCL | flags, mode);
    if (fd < 0) setup_fail("shm_open", errno);
    return fd;
}

/* a new one-page object (O_RDWR, 0600), mapped MAP_SHARED (setup steps) */
static unsigned char *new_shm_page(const char *name, int *fd_out)
{
    int fd = new_shm(name, O_RDWR, 0600);
    SETUP(ftruncate(fd, pagesz()), "ftruncate");
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
};
CASE_COUNT(cases_shm_count, cases_shm);

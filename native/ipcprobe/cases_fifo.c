/* FIFOs: mkfifo, open rules (ENXIO, blocking rendezvous, O_RDWR), data, EOF, EPIPE,
 * O_NONBLOCK, ESPIPE, PIPE_BUF atomicity, permissions. FIFOs live in the private temp dir. */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *new_fifo(const char *tag, mode_t mode)
{
    const char *path = tmp_path(tag);
    if (mkfifo(path, mode) < 0) setup_fail("mkfifo", errno);
    return path;
}

/* reader (O_NONBLOCK during open, then blocking) and writer on one FIFO */
static void open_pair(const char *path, int *rfd, int *wfd)
{
    *rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    SETUP(*rfd, "open_reader");
    *wfd = open(path, O_WRONLY | O_CLOEXEC);
    SETUP(*wfd, "open_writer");
    set_nonblock(*rfd, false);
}

static void mkfifo_mode(mode_t mask, mode_t mode)
{
    umask(mask);
    const char *path = tmp_path("fifo");
    OBS("mkfifo", mkfifo(path, mode));
    struct stat st;
    if (stat(path, &st) < 0) { j_null("s_isfifo"); j_null("mode"); return; }
    j_bool("s_isfifo", S_ISFIFO(st.st_mode));
    j_octal("mode", st.st_mode & 07777);
}
static void mkfifo_create(void) { mkfifo_mode(022, 0600); }
static void mkfifo_umask(void) { mkfifo_mode(027, 0666); }

static void mkfifo_eexist(void)
{
    const char *path = new_fifo("fifo", 0600);
    OBS("mkfifo", mkfifo(path, 0600));
}

static void mkfifo_enoent(void)
{
    const char *path = tmp_path("missing/fifo");
    OBS("mkfifo", mkfifo(path, 0600));
}

static void open_nonblock_writer_no_reader(void)
{
    obs_open("open", new_fifo("fifo", 0600), O_WRONLY | O_NONBLOCK);
}

static void open_nonblock_reader_no_writer(void)
{
    int fd = obs_open("open", new_fifo("fifo", 0600), O_RDONLY | O_NONBLOCK);
    if (fd < 0) return;
    char b[8];
    OBS("read", read(fd, b, sizeof b));
}

static void open_nonblock_writer_with_reader(void)
{
    const char *path = new_fifo("fifo", 0600);
    int r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    SETUP(r, "open_reader");
    obs_open("open", path, O_WRONLY | O_NONBLOCK);
}

static void open_blocking_waits(void)
{
    const char *path = new_fifo("fifo", 0600);
    long long t0 = now_ms(); /* before the fork: elapsed_ms >= the helper's 60 ms sleep */
    pid_t pid = helper_fork();
    if (pid == 0) {
        sleep_ms(60);
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(1);
        sleep_ms(20);
        close(fd);
        _exit(0);
    }
    obs_open("open", path, O_RDONLY);
    j_int("elapsed_ms", now_ms() - t0);
    helper_wait(pid, 2000, "child");
}

static void open_rdwr(void)
{
    obs_open("open", new_fifo("fifo", 0600), O_RDWR);
}

static void roundtrip_fork(void)
{
    const char *path = new_fifo("fifo", 0600);
    unsigned char w[64], r[64];
    fill_pattern(w, sizeof w, 0x21);
    memset(r, 0, sizeof r);
    pid_t pid = helper_fork();
    if (pid == 0) {
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(1);
        if (write(fd, w, sizeof w) != (ssize_t)sizeof w) _exit(2);
        close(fd);
        _exit(0);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    SETUP(fd, "open_reader");
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = read(fd, r + got, sizeof r - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    helper_wait(pid, 2000, "child");
    j_written_seen(w, r, sizeof w);
}

static void eof_after_writer_close(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    if (write(wfd, "hello", 5) != 5) setup_fail("write", errno);
    close(wfd);
    char b[16];
    OBS("read1", read(rfd, b, sizeof b));
    OBS("read2", read(rfd, b, sizeof b));
}

static void epipe(void)
{
    signal(SIGPIPE, SIG_IGN);
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    close(rfd);
    OBS("write", write(wfd, "x", 1));
}

static void nonblock_read_empty_with_writer(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    set_nonblock(rfd, true);
    char b[8];
    OBS("read", read(rfd, b, sizeof b));
}

static void espipe_lseek(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    OBS("lseek", lseek(rfd, 0, SEEK_CUR));
}

static void atomic_concurrent(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    pipe_atomic_writers(rfd, wfd);
}

/* the observed steps "write" of n (<= 16) bytes of fill_pattern(seed) on wfd and "read" of n on rfd, then written_hex and seen_hex */
static void write_read_back(int wfd, int rfd, size_t n, unsigned seed)
{
    unsigned char w[16], r[16];
    fill_pattern(w, n, seed);
    memset(r, 0, sizeof r);
    OBS("write", write(wfd, w, n));
    OBS("read", read(rfd, r, n));
    j_written_seen(w, r, n);
}

static void unlink_while_open(void)
{
    const char *path = new_fifo("fifo", 0600);
    int rfd, wfd;
    open_pair(path, &rfd, &wfd);
    OBS("unlink", unlink(path));
    write_read_back(wfd, rfd, 16, 0x33);
}

static void capacity(void)
{
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    j_int("f_getpipe_sz", fcntl(wfd, F_GETPIPE_SZ));
    j_int("filled_bytes", pipe_fill_nonblock(wfd));
}

static void perm_eacces(void)
{
    umask(0);
    obs_open("open", new_fifo("fifo", 0200), O_RDONLY | O_NONBLOCK);
}

static void mkfifo_symlink_eexist(void)
{
    /* "dangling" points at the absent "nowhere"; "to-file" at the regular file "file" */
    const char *nowhere = tmp_path("nowhere"), *dangling = tmp_path("dangling"), *to_file = tmp_path("to-file");
    const char *file;
    close(make_file("file", 3, -1, &file));
    SETUP(symlink("nowhere", dangling), "symlink");
    SETUP(symlink("file", to_file), "symlink");
    OBS("mkfifo_dangling", mkfifo(dangling, 0600));
    OBS("mkfifo_to_file", mkfifo(to_file, 0600));
    struct stat st;
    j_bool("links_unchanged", lstat(dangling, &st) == 0 && S_ISLNK(st.st_mode) && lstat(to_file, &st) == 0 && S_ISLNK(st.st_mode));
    j_bool("nowhere_absent", lstat(nowhere, &st) < 0 && errno == ENOENT);
    j_bool("file_still_regular", lstat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
}

static long count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) setup_fail("opendir", errno);
    long n = 0;
    while (readdir(d)) n++;
    closedir(d);
    return n;
}

static void mkfifo_enametoolong(void)
{
    /* a last component of NAME_MAX+1 bytes; "no FIFO created" is counted in the directory (a
     * lookup of the long name would itself fail with ENAMETOOLONG) */
    errno = 0;
    long name_max = pathconf(tmp_dir(), _PC_NAME_MAX);
    if (name_max <= 0 || name_max > 400) setup_fail("pathconf_name_max", errno ? errno : ERANGE);
    j_int("name_max", name_max);
    char name[402];
    memset(name, 'x', (size_t)name_max + 1);
    name[name_max + 1] = 0;
    const char *path = tmp_path(name);
    long before = count_entries(tmp_dir());
    OBS("mkfifo", mkfifo(path, 0600));
    j_int("entries_added", count_entries(tmp_dir()) - before);
}

static void mkfifo_enotdir(void)
{
    close(make_file("file", 3, -1, NULL));
    OBS("mkfifo", mkfifo(tmp_path("file/f"), 0600));
}

static void mkfifo_eloop(void)
{
    SETUP(symlink("b", tmp_path("a")), "symlink");
    SETUP(symlink("a", tmp_path("b")), "symlink");
    OBS("mkfifo", mkfifo(tmp_path("a/f"), 0600));
}

static void mkfifo_trailing_slash(void)
{
    const char *absent = tmp_path("absent"), *file;
    char slashed[600];
    snprintf(slashed, sizeof slashed, "%s/", absent);
    OBS("mkfifo_absent", mkfifo(slashed, 0600));
    struct stat st;
    OBS("lstat_absent", lstat(absent, &st));
    close(make_file("file", 3, -1, &file));
    snprintf(slashed, sizeof slashed, "%s/", file);
    OBS("mkfifo_file", mkfifo(slashed, 0600));
    j_bool("file_still_regular", lstat(file, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
}

static void mkfifo_eacces(void)
{
    /* unprivileged: "ro" is 0500 (no write), "nosearch" is 0600 (no search); both are made
     * writable again right after the calls so that cleanup can remove anything created */
    umask(0);
    const char *ro = tmp_path("ro"), *ns = tmp_path("nosearch");
    const char *ro_f = tmp_path("ro/f"), *ns_f = tmp_path("nosearch/f");
    SETUP(mkdir(ro, 0500), "mkdir");
    SETUP(mkdir(ns, 0600), "mkdir");
    OBS("mkfifo_no_write", mkfifo(ro_f, 0600));
    OBS("mkfifo_no_search", mkfifo(ns_f, 0600));
    struct stat st;
    OBS("lstat_no_write", lstat(ro_f, &st));
    chmod(ro, 0700);
    chmod(ns, 0700);
}

static void mkfifoat_relative(void)
{
    /* dirfd names "a"; the working directory is "b": the FIFO is made in "a" */
    const char *a = tmp_path("a"), *b = tmp_path("b");
    const char *a_f = tmp_path("a/f");
    tmp_path("b/f");
    SETUP(mkdir(a, 0700), "mkdir");
    SETUP(mkdir(b, 0700), "mkdir");
    int dfd = open(a, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    SETUP(dfd, "open_dir");
    SETUP(chdir(b), "chdir");
    OBS("mkfifoat", mkfifoat(dfd, "f", 0600));
    struct stat st;
    j_bool("fifo_in_dirfd", lstat(a_f, &st) == 0 && S_ISFIFO(st.st_mode));
    OBS("lstat_cwd", lstat("f", &st));
    SETUP(chdir("/"), "chdir");
}

/* mkfifoat(fd, "f") that must fail; the working directory is the private temp dir, where "f" is
 * registered for removal, so that a call that wrongly used it leaves nothing behind */
static void mkfifoat_must_fail(int fd)
{
    tmp_path("f");
    SETUP(chdir(tmp_dir()), "chdir");
    OBS("mkfifoat", mkfifoat(fd, "f", 0600));
    SETUP(chdir("/"), "chdir");
}

static void mkfifoat_ebadf(void)
{
    int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    SETUP(fd, "open_dir");
    close(fd); /* now a number that is not open */
    mkfifoat_must_fail(fd);
}

static void mkfifoat_enotdir(void)
{
    mkfifoat_must_fail(make_file("file", 3, -1, NULL));
}

/* a FIFO, both ends open (reader blocking), holding n bytes of fill_pattern(seed) kept in w: the observed step "write" */
static const char *fifo_holding(unsigned char *w, size_t n, unsigned seed, int *rfd, int *wfd)
{
    const char *path = new_fifo("fifo", 0600);
    open_pair(path, rfd, wfd);
    fill_pattern(w, n, seed);
    OBS("write", write(*wfd, w, n));
    return path;
}

/* the observed step "read" of n bytes, then written_hex and seen_hex */
static void fifo_read_back(int rfd, const unsigned char *w, size_t n)
{
    unsigned char r[16];
    memset(r, 0, sizeof r);
    OBS("read", read(rfd, r, n));
    j_written_seen(w, r, n);
}

static void stat_no_contents(void)
{
    int rfd, wfd;
    unsigned char w[16];
    const char *path = fifo_holding(w, sizeof w, 0x44, &rfd, &wfd);
    struct stat st;
    SETUP(stat(path, &st), "stat");
    j_int("st_size", (long long)st.st_size);
    j_int("st_blocks", (long long)st.st_blocks);
    fifo_read_back(rfd, w, sizeof w);
}

static void close_discards(void)
{
    int rfd, wfd;
    unsigned char w[5];
    const char *path = fifo_holding(w, sizeof w, 0x66, &rfd, &wfd);
    close(wfd);
    close(rfd);
    rfd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    SETUP(rfd, "reopen_reader");
    wfd = open(path, O_WRONLY | O_CLOEXEC);
    SETUP(wfd, "reopen_writer");
    int n = -1;
    SETUP(ioctl(rfd, FIONREAD, &n), "fionread");
    j_int("fionread", n);
    char b[8];
    OBS("read", read(rfd, b, sizeof b));
}

static void open_trunc_no_effect(void)
{
    int rfd, wfd;
    unsigned char w[5];
    const char *path = fifo_holding(w, sizeof w, 0x55, &rfd, &wfd);
    obs_open("open_trunc", path, O_WRONLY | O_TRUNC);
    int n = -1;
    SETUP(ioctl(rfd, FIONREAD, &n), "fionread");
    j_int("fionread", n);
    fifo_read_back(rfd, w, sizeof w);
}

static void mkfifo_owner(void)
{
    /* unprivileged (uid 65534 as root's child): st_uid and st_gid of a new FIFO in the private dir */
    const char *path = new_fifo("fifo", 0600);
    struct stat st, dir;
    SETUP(stat(path, &st), "stat");
    SETUP(stat(tmp_dir(), &dir), "stat_dir");
    j_int("euid", geteuid());
    j_int("egid", getegid());
    j_int("dir_gid", dir.st_gid);
    j_int("st_uid", st.st_uid);
    j_int("st_gid", st.st_gid);
}

static void mkfifoat_absolute(void)
{
    /* the descriptor is a regular file's (relative paths would fail with ENOTDIR); the working
     * directory is "/": an absolute path ignores both */
    const char *path = tmp_path("fifo");
    int fd = make_file("file", 3, -1, NULL);
    SETUP(chdir("/"), "chdir");
    OBS("mkfifoat", mkfifoat(fd, path, 0600));
    struct stat st;
    j_bool("fifo_at_path", lstat(path, &st) == 0 && S_ISFIFO(st.st_mode));
    close(fd);
}

static void mkfifoat_eacces_dirfd(void)
{
    /* unprivileged: "d" opened O_RDONLY while 0700, then chmod 0600 (no search) */
    const char *d = tmp_path("d");
    tmp_path("d/f");
    SETUP(mkdir(d, 0700), "mkdir");
    int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    SETUP(dfd, "open_dir");
    SETUP(chmod(d, 0600), "chmod");
    OBS("mkfifoat", mkfifoat(dfd, "f", 0600));
    chmod(d, 0700);
    struct stat st;
    OBS("lstat", lstat(tmp_path("d/f"), &st));
    close(dfd);
}

static volatile sig_atomic_t g_sigpipe_count;
static void on_sigpipe(int sig) { (void)sig; g_sigpipe_count++; }

static void epipe_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigpipe;
    SETUP(sigaction(SIGPIPE, &sa, NULL), "sigaction");
    int rfd, wfd;
    open_pair(new_fifo("fifo", 0600), &rfd, &wfd);
    close(rfd);
    OBS("write", write(wfd, "x", 1));
    j_int("sigpipe_count", g_sigpipe_count);
    close(wfd);
}

/* O_RDWR open of a FIFO without other party, 5 bytes written and read back on that descriptor */
static void rdwr_io(int extra)
{
    signal(SIGPIPE, SIG_IGN);
    const char *path = new_fifo("fifo", 0600);
    int fd = obs_open("open", path, O_RDWR | extra);
    if (fd < 0) return;
    write_read_back(fd, fd, 5, 0x77);
    close(fd);
}
static void rdwr_io_blocking(void) { rdwr_io(0); }
static void rdwr_io_nonblock(void) { rdwr_io(O_NONBLOCK); }

#define C(id, fn, sum) { id, "fifo", sum, fn, 0 }
#define U(id, fn, sum) { id, "fifo", sum, fn, CASE_UNPRIV }
CASE_TABLE(cases_fifo) = {
    C("fifo.mkfifo.create", mkfifo_create, "mkfifo creates a FIFO with the requested mode"),
    C("fifo.mkfifo.umask", mkfifo_umask, "mkfifo applies the umask"),
    C("fifo.mkfifo.eexist", mkfifo_eexist, "mkfifo on an existing path: EEXIST"),
    C("fifo.mkfifo.enoent", mkfifo_enoent, "mkfifo in a missing directory: ENOENT"),
    C("fifo.open.nonblock-writer-no-reader", open_nonblock_writer_no_reader, "O_WRONLY|O_NONBLOCK open without a reader: ENXIO"),
    C("fifo.open.nonblock-reader-no-writer", open_nonblock_reader_no_writer, "O_RDONLY|O_NONBLOCK open without a writer succeeds; read returns 0"),
    C("fifo.open.nonblock-writer-with-reader", open_nonblock_writer_with_reader, "O_WRONLY|O_NONBLOCK open with a reader succeeds"),
    C("fifo.open.blocking-waits", open_blocking_waits, "a blocking O_RDONLY open waits for a writer"),
    C("fifo.open.rdwr", open_rdwr, "O_RDWR open without other party (undefined by POSIX; Linux succeeds)"),
    C("fifo.roundtrip.fork", roundtrip_fork, "bytes written by another process are read back in order"),
    C("fifo.eof.after-writer-close", eof_after_writer_close, "after the writer closes, read returns the data then 0"),
    C("fifo.epipe", epipe, "write after the reader closed: EPIPE"),
    C("fifo.nonblock.read-empty-with-writer", nonblock_read_empty_with_writer, "O_NONBLOCK read of an empty FIFO with a writer: EAGAIN"),
    C("fifo.espipe.lseek", espipe_lseek, "lseek on a FIFO: ESPIPE"),
    C("fifo.atomic.pipe-buf-concurrent", atomic_concurrent, "writes of PIPE_BUF bytes from 4 concurrent writers through a FIFO never interleave"),
    C("fifo.unlink-while-open", unlink_while_open, "an unlinked FIFO keeps working for open descriptors"),
    C("fifo.capacity", capacity, "FIFO capacity (F_GETPIPE_SZ and bytes until EAGAIN)"),
    { "fifo.perm.eacces", "fifo", "owner opening a mode-0200 FIFO for reading: EACCES", perm_eacces, CASE_UNPRIV },
    C("fifo.mkfifo.symlink-eexist", mkfifo_symlink_eexist, "mkfifo on a dangling symbolic link and on one to a file: EEXIST, nothing changed"),
    C("fifo.mkfifo.enametoolong", mkfifo_enametoolong, "mkfifo with a last component of NAME_MAX+1 bytes: ENAMETOOLONG, nothing created"),
    C("fifo.mkfifo.enotdir", mkfifo_enotdir, "mkfifo below a regular file: ENOTDIR"),
    C("fifo.mkfifo.eloop", mkfifo_eloop, "mkfifo through a loop of symbolic links: ELOOP"),
    C("fifo.mkfifo.trailing-slash", mkfifo_trailing_slash, "mkfifo(\"absent/\"): ENOENT or ENOTDIR, nothing created; mkfifo(\"file/\"): not ENOENT"),
    U("fifo.mkfifo.eacces", mkfifo_eacces, "unprivileged mkfifo in a 0500 directory and below a 0600 one: EACCES, nothing created"),
    C("fifo.mkfifoat.relative", mkfifoat_relative, "mkfifoat(dirfd, relative path) creates the FIFO in dirfd's directory, not the working directory"),
    C("fifo.mkfifoat.ebadf", mkfifoat_ebadf, "mkfifoat on a closed descriptor with a relative path: EBADF"),
    C("fifo.mkfifoat.enotdir", mkfifoat_enotdir, "mkfifoat on a regular file's descriptor with a relative path: ENOTDIR"),
    C("fifo.stat.no-contents", stat_no_contents, "bytes held in a FIFO do not appear in its st_size or st_blocks"),
    C("fifo.close.discards", close_discards, "data left when every descriptor is closed is discarded"),
    C("fifo.open.trunc-no-effect", open_trunc_no_effect, "O_TRUNC on a FIFO does not discard its data"),
    U("fifo.mkfifo.owner", mkfifo_owner, "unprivileged mkfifo: st_uid is the effective uid, st_gid the directory's gid or the effective gid"),
    C("fifo.mkfifoat.absolute", mkfifoat_absolute, "mkfifoat(regular file's fd, absolute path) creates the FIFO at the path"),
    U("fifo.mkfifoat.eacces-dirfd", mkfifoat_eacces_dirfd, "unprivileged mkfifoat on a directory opened O_RDONLY, then made 0600: EACCES"),
    C("fifo.epipe.signal", epipe_signal, "write to a FIFO whose reader closed: EPIPE and one caught SIGPIPE"),
    C("fifo.open.rdwr-io", rdwr_io_blocking, "O_RDWR open without other party: a write and a read back on it work"),
    C("fifo.open.rdwr-nonblock-io", rdwr_io_nonblock, "O_RDWR|O_NONBLOCK open without other party: a write and a read back on it work"),
};
CASE_COUNT(cases_fifo_count, cases_fifo);

/*
 * guestinit: the init (PID 1) of the initramfs `ipcbench conform --kernel` boots in QEMU.
 *
 * Mounts proc, sysfs, devtmpfs, a tmpfs on /dev/shm, the mqueue fs on /dev/mqueue and, on /tmp,
 * the ext4 disk the host attached (tmpfs when there is none), prints the kernel release, runs every line of /cases.txt as one ipcprobe process (own process
 * group, own TMPDIR, time limit; the probe itself drops to uid 65534 for permission cases, as on
 * the host), writes framed results to the console (the serial port) and powers off.
 * The frame format is documented in docs/kernel-validation.md ("Serial protocol").
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARK "@@IPCBENCH "
#define MAX_JOBS 8
#define MAX_OUT (64 * 1024)
#define MAX_ERR 2048
#define MAX_LINE 16384 /* longer than any probe line; a longer one is cut and then fails the length check */

struct job {
    pid_t pid;          /* 0: slot free */
    long seq;
    long deadline_ms;
    long started_ms;
    int hung;
    char abi[32];
    char name[200];
};

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* One frame, one write(2): the console never interleaves two of ours. */
static void frame(const char *fmt, ...)
{
    static char buf[MAX_LINE + 128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n > sizeof buf - 2) n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    for (int off = 0; off < n;) {
        ssize_t w = write(1, buf + off, (size_t)(n - off));
        if (w < 0) { if (errno == EINTR) continue; return; }
        off += (int)w;
    }
}

static _Noreturn void power_off(void)
{
    sync();
    reboot(RB_POWER_OFF);
    for (;;) pause();
}

static _Noreturn void fatal(const char *what, int e)
{
    frame(MARK "FATAL %s: %s", what, strerror(e));
    power_off();
}

static void mount_fs(const char *src, const char *dir, const char *type, const char *opts)
{
    mkdir(dir, 0755);
    if (mount(src, dir, type, MS_NOSUID | MS_NODEV, opts) < 0 && errno != EBUSY) {
        char what[96];
        snprintf(what, sizeof what, "mount %s on %s", type, dir);
        fatal(what, errno);
    }
}

/* Payload lines carry their length, so a line mangled on the way (a kernel message written
 * into it) is detected by the host instead of being judged. */
static void emit_lines(const char *kind, long seq, char *text, size_t len)
{
    char *p = text, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = (size_t)((nl ? nl : end) - p);
        /* A line too long for one frame is cut; its length says so, and the host reports it. */
        frame(MARK "%s %ld %zu %.*s", kind, seq, l, (int)(l > MAX_LINE ? MAX_LINE : l), p);
        p = nl ? nl + 1 : end;
    }
}

static size_t slurp(const char *path, char *buf, size_t cap, int keep_tail)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return 0;
    off_t size = lseek(fd, 0, SEEK_END);
    off_t from = keep_tail && size > (off_t)cap ? size - (off_t)cap : 0;
    size_t got = 0;
    if (lseek(fd, from, SEEK_SET) >= 0) {
        ssize_t n;
        while (got < cap && (n = read(fd, buf + got, cap - got)) > 0) got += (size_t)n;
    }
    close(fd);
    unlink(path);
    return got;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)ftw;
    if (flag == FTW_DP) rmdir(path); else unlink(path);
    return 0;
}

/* Entries the case left in its TMPDIR, then the directory itself. */
static void check_tmpdir(long seq, const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            frame(MARK "LEFT %ld %s/%s (temporary file or directory)", seq, dir, e->d_name);
        }
        closedir(d);
    }
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* /dev/shm and /dev/mqueue names of probes that are gone (ipcprobe-<pid>-...), as on the host. */
static void sweep_dead(long seq)
{
    static const char *const dirs[2][2] = {
        { "/dev/shm", "shared memory object" }, { "/dev/mqueue", "message queue" } };
    for (int i = 0; i < 2; i++) {
        DIR *d = opendir(dirs[i][0]);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            long pid;
            char proc[64], path[512];
            if (sscanf(e->d_name, "ipcprobe-%ld-", &pid) != 1) continue;
            snprintf(proc, sizeof proc, "/proc/%ld", pid);
            if (access(proc, F_OK) == 0) continue;
            snprintf(path, sizeof path, "%s/%s", dirs[i][0], e->d_name);
            if (unlink(path) == 0)
                frame(MARK "LEFT %ld %s (%s)", seq, path, dirs[i][1]);
        }
        closedir(d);
    }
}

/* /tmp, where the probes' files go: the ext4 disk the host attached (named in /disk), as the
 * host's TMPDIR is on a disk filesystem; tmpfs when there is none or the kernel cannot mount it. */
static void mount_tmp(void)
{
    char dev[64] = "";
    FILE *f = fopen("/disk", "re");
    if (f) {
        if (!fgets(dev, sizeof dev, f)) dev[0] = 0;
        dev[strcspn(dev, "\n")] = 0;
        fclose(f);
    }
    mkdir("/tmp", 0755);
    if (dev[0]) {
        int e = ENOENT;
        /* Without a built-in NVMe driver (modules are not in the initramfs) there is nothing to wait for. */
        int driver = access("/sys/bus/pci/drivers/nvme", F_OK) == 0;
        for (int i = 0; driver && i < 300 && access(dev, F_OK) < 0; i++) { /* the driver may still be probing */
            struct timespec nap = { 0, 10 * 1000 * 1000 };
            nanosleep(&nap, NULL);
        }
        if (access(dev, F_OK) == 0 && (e = 0, mount(dev, "/tmp", "ext4", MS_NOSUID | MS_NODEV, NULL) < 0)) e = errno;
        if (!e && chmod("/tmp", 01777) == 0) {
            frame(MARK "TMP ext4 %s", dev);
            return;
        }
        frame(MARK "TMP tmpfs (%s: %s)", dev, driver ? strerror(e ? e : errno) : "no built-in NVMe driver");
    } else {
        frame(MARK "TMP tmpfs (no disk)");
    }
    mount_fs("tmpfs", "/tmp", "tmpfs", "mode=1777");
}

static void start(struct job *j)
{
    char tmp[64], out[64], err[64], probe[96];
    snprintf(tmp, sizeof tmp, "/tmp/w%ld", j->seq);
    snprintf(out, sizeof out, "/tmp/o%ld", j->seq);
    snprintf(err, sizeof err, "/tmp/e%ld", j->seq);
    snprintf(probe, sizeof probe, "/probes/%s/ipcprobe", j->abi);
    if (mkdir(tmp, 0700) < 0 || chmod(tmp, 01777) < 0) fatal("mkdir TMPDIR", errno);
    int ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int efd = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (ofd < 0 || efd < 0) fatal("open output file", errno);
    j->started_ms = now_ms();
    pid_t pid = fork();
    if (pid < 0) fatal("fork", errno);
    if (pid == 0) {
        setsid();
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) dup2(in, 0);
        dup2(ofd, 1);
        dup2(efd, 2);
        char env_tmp[80];
        snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", tmp);
        char *envp[] = { env_tmp, "LC_ALL=C", "PATH=/bin", NULL };
        char *argv[] = { "ipcprobe", j->name, NULL };
        execve(probe, argv, envp);
        dprintf(2, "guestinit: cannot execute %s: %s\n", probe, strerror(errno));
        _exit(127);
    }
    close(ofd);
    close(efd);
    j->pid = pid;
}

static void finish(struct job *j, int status)
{
    static char buf[MAX_OUT];
    char path[64];
    long ms = now_ms() - j->started_ms;
    snprintf(path, sizeof path, "/tmp/o%ld", j->seq);
    emit_lines("OUT", j->seq, buf, slurp(path, buf, sizeof buf, 0));
    snprintf(path, sizeof path, "/tmp/e%ld", j->seq);
    emit_lines("ERR", j->seq, buf, slurp(path, buf, MAX_ERR, 1));
    snprintf(path, sizeof path, "/tmp/w%ld", j->seq);
    check_tmpdir(j->seq, path);
    sweep_dead(j->seq);
    /* The host's convention: exit status, or 128 + the signal number. */
    int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    frame(MARK "END %ld %d %ld %s", j->seq, code, ms, j->hung ? "hung" : "exited");
    j->pid = 0;
}

int main(void)
{
    mount_fs("proc", "/proc", "proc", NULL);
    mount_fs("sysfs", "/sys", "sysfs", NULL);
    mkdir("/dev", 0755);
    if (mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755") < 0 && errno != EBUSY)
        fatal("mount devtmpfs on /dev", errno);
    mount_fs("tmpfs", "/dev/shm", "tmpfs", "mode=1777");
    mount_fs("mqueue", "/dev/mqueue", "mqueue", NULL);

    struct utsname u;
    if (uname(&u) < 0) fatal("uname", errno);
    frame(MARK "KERNEL %s|%s|%s", u.release, u.machine, u.version);
    mount_tmp();

    FILE *cases = fopen("/cases.txt", "re");
    if (!cases) fatal("open /cases.txt", errno);
    int jobs = 1;
    struct job slots[MAX_JOBS];
    memset(slots, 0, sizeof slots);
    char line[512];
    long total = 0;
    int more = 1;
    for (;;) {
        /* Fill free slots from the list ("jobs N" first, then "SEQ ABI TIMEOUT_MS CASE"). */
        for (int i = 0; more && i < jobs; i++) {
            if (slots[i].pid) continue;
            for (;;) {
                if (!fgets(line, sizeof line, cases)) { more = 0; break; }
                int n;
                if (sscanf(line, "jobs %d", &n) == 1) {
                    jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : n;
                    continue;
                }
                struct job *j = &slots[i];
                long timeout;
                if (sscanf(line, "%ld %31s %ld %199s", &j->seq, j->abi, &timeout, j->name) != 4) continue;
                j->hung = 0;
                start(j);
                j->deadline_ms = j->started_ms + timeout;
                total++;
                break;
            }
        }
        int running = 0;
        for (int i = 0; i < MAX_JOBS; i++) running += slots[i].pid != 0;
        if (!running && !more) break;

        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (int i = 0; i < MAX_JOBS; i++)
                if (slots[i].pid == pid) finish(&slots[i], status);
            continue; /* a reaped orphan (a probe's helper) is nobody's case */
        }
        long t = now_ms();
        for (int i = 0; i < MAX_JOBS; i++)
            if (slots[i].pid && !slots[i].hung && t > slots[i].deadline_ms) {
                slots[i].hung = 1;
                kill(-slots[i].pid, SIGKILL);
                kill(slots[i].pid, SIGKILL);
            }
        struct timespec nap = { 0, 2 * 1000 * 1000 };
        nanosleep(&nap, NULL);
    }
    fclose(cases);
    frame(MARK "DONE %ld", total);
    power_off();
}

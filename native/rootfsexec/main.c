/* rootfsexec: runs a program chrooted into a distribution tree, for `ipcbench conform --rootfs`.
 *
 *   rootfsexec TREE TMP PROGRAM [ARG...]
 *
 * In a private mount namespace (and, when not root, a private user namespace that maps only the
 * caller's own uid and gid, so the program still runs as the caller and drops nothing it had),
 * binds the host's /dev (for /dev/shm and /dev/mqueue), /proc and the temporary folder TMP (where
 * the harness put the program and the cases' TMPDIRs) onto the same paths inside TREE, chroots
 * into TREE and executes PROGRAM, which the tree's own dynamic loader and C library then run.
 * Nothing is mounted outside the namespace, which ends with the program. Every mount point is
 * opened without following links (a link in the tree could otherwise point the bind anywhere) and
 * must be a real folder of the tree. Errors: one line on stderr, exit 125 (126 when the exec
 * fails), so the harness can tell them from the program's own status. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static _Noreturn void die(const char *what, const char *arg)
{
    fprintf(stderr, "rootfsexec: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "", strerror(errno));
    exit(125);
}

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        die("open", path);
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n)
        die("write", path);
    close(fd);
}

/* Binds host folder `src` onto `rel` inside the tree (descriptor `tree`): each component of `rel`
 * is opened with O_NOFOLLOW from the one before, and the bind goes to the final descriptor. */
static void bind_into(int tree, const char *src, const char *rel)
{
    char buf[4096];
    if (strlen(rel) >= sizeof buf)
        die("path too long", rel);
    strcpy(buf, rel);
    int dir = dup(tree);
    if (dir < 0)
        die("dup", NULL);
    for (char *part = strtok(buf, "/"); part; part = strtok(NULL, "/")) {
        int next = openat(dir, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0)
            die("the tree has no real folder", rel);
        close(dir);
        dir = next;
    }
    char target[64];
    snprintf(target, sizeof target, "/proc/self/fd/%d", dir);
    if (mount(src, target, NULL, MS_BIND | MS_REC, NULL) != 0)
        die("bind", src);
    close(dir);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: rootfsexec TREE TMP PROGRAM [ARG...]\n");
        return 125;
    }
    const char *tree_path = argv[1], *tmp = argv[2];
    if (tmp[0] != '/' || tree_path[0] != '/') {
        errno = EINVAL;
        die("TREE and TMP must be absolute", NULL);
    }
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (uid != 0) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
            die("unshare (user and mount namespaces; are unprivileged user namespaces enabled?)", NULL);
        char map[64];
        write_file("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
        write_file("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
        write_file("/proc/self/gid_map", map);
    } else if (unshare(CLONE_NEWNS) != 0) {
        die("unshare (mount namespace)", NULL);
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        die("make / private", NULL);
    int tree = open(tree_path, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (tree < 0)
        die("open the tree", tree_path);
    bind_into(tree, "/dev", "dev");
    bind_into(tree, "/proc", "proc");
    bind_into(tree, tmp, tmp + 1);
    if (fchdir(tree) != 0 || chroot(".") != 0 || chdir("/") != 0)
        die("chroot", tree_path);
    close(tree);
    execv(argv[3], argv + 3);
    fprintf(stderr, "rootfsexec: exec %s in %s: %s\n", argv[3], tree_path, strerror(errno));
    return 126;
}

/* mmap: documented errors (EINVAL, EBADF, EACCES, ENODEV, ENOMEM). Each prints mmap_ret,
 * mmap_errno, mmap_addr plus the extras CASES.md lists. */
#include "probe.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MAP_DENYWRITE
#define MAP_DENYWRITE 0x0800
#endif

static void try_map(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    void *p = obs_mmap("mmap", addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED) munmap(p, len ? len : 1);
}

static int file_fd(int flags)
{
    return flags < 0 ? make_file("f", 2 * pagesz(), -1, NULL) : make_file_reopened("f", 2 * pagesz(), flags);
}

static void zero_length(void) { try_map(NULL, 0, PROT_READ, MAP_SHARED, file_fd(-1), 0); }
static void zero_length_anon(void) { try_map(NULL, 0, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }
static void unaligned_offset(void) { try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, file_fd(-1), 100); }

static void fixed_unaligned_addr(void)
{
    unsigned char *h = reserve_hole(2 * pagesz());
    try_map(h + 1, pagesz(), RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void no_sharing_flag(void)
{
    j_int("flags", 0);
    try_map(NULL, pagesz(), PROT_READ, 0, file_fd(-1), 0);
}

static void both_sharing_flags(void)
{
    j_int("flags", MAP_SHARED | MAP_PRIVATE);
    try_map(NULL, pagesz(), RW, MAP_SHARED | MAP_PRIVATE, file_fd(-1), 0);
}

static void invalid_map_type(void)
{
    j_int("flags", 0x0f);
    try_map(NULL, pagesz(), PROT_READ, 0x0f, file_fd(-1), 0);
}

static void ebadf_closed(void)
{
    int fd = file_fd(-1);
    close(fd);
    try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, fd, 0);
}

static void ebadf_minus_one(void) { try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, -1, 0); }

static void eacces_wronly_read(void) { try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, file_fd(O_WRONLY), 0); }
static void eacces_wronly_private(void) { try_map(NULL, pagesz(), PROT_READ, MAP_PRIVATE, file_fd(O_WRONLY), 0); }
static void eacces_rdonly_shared_write(void) { try_map(NULL, pagesz(), PROT_WRITE, MAP_SHARED, file_fd(O_RDONLY), 0); }
static void eacces_append_shared_write(void) { try_map(NULL, pagesz(), RW, MAP_SHARED, file_fd(O_RDWR | O_APPEND), 0); }

static void enodev_pipe(void)
{
    int fds[2];
    SETUP(pipe(fds), "pipe");
    try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, fds[0], 0);
}

static void enodev_fifo(void)
{
    const char *path = tmp_path("fifo");
    SETUP(mkfifo(path, 0600), "mkfifo");
    int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    SETUP(fd, "open");
    try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, fd, 0);
}

static void enodev_directory(void)
{
    int fd = open(tmp_dir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    SETUP(fd, "open");
    try_map(NULL, pagesz(), PROT_READ, MAP_PRIVATE, fd, 0);
}

static void enomem_rlimit_as(void)
{
    int fds[2];
    SETUP(pipe(fds), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        long vm = read_proc_long("/proc/self/statm"); /* first field: total program size, pages */
        if (vm < 0) _exit(3);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)vm * (rlim_t)pagesz() + (16u << 20);
        if (setrlimit(RLIMIT_AS, &rl) < 0) _exit(4);
        errno = 0;
        void *p = mmap(NULL, 64u << 20, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        int res[2] = { p == MAP_FAILED ? -1 : 0, p == MAP_FAILED ? errno : 0 };
        if (write(fds[1], res, sizeof res) != (ssize_t)sizeof res) _exit(5);
        _exit(0);
    }
    close(fds[1]);
    int res[2] = { 0, 0 };
    ssize_t n = read(fds[0], res, sizeof res);
    helper_wait(pid, 2000, "child");
    if (n != (ssize_t)sizeof res) { j_null("mmap_ret"); j_null("mmap_errno"); return; }
    j_int("mmap_ret", res[0]);
    j_errno("mmap_errno", res[0] == -1 ? res[1] : 0);
}

static void enomem_length_too_large(void)
{
    size_t len = SIZE_MAX - 2 * (size_t)pagesz() + 1;
    j_uint("length", len);
    try_map(NULL, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void enomem_fixed_no_room(void)
{
    /* One page above every user address space, whatever the paging mode: 2^63 is above x86-64's
     * 2^47 (4-level) and 2^56 (5-level) and arm64's 2^52; the last page below 4 GiB is above a
     * 32-bit process's top (0xffffe000 under a 64-bit kernel, 3 GiB under a 32-bit one). */
    long ps = pagesz();
    uintptr_t addr = sizeof(void *) == 8 ? (uintptr_t)(1ULL << (8 * sizeof(void *) - 1))
                                         : (uintptr_t)0xfffff000u;
    j_hexaddr("addr", addr);
    j_int("length", ps);
    try_map((void *)addr, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void prot_unknown_bits(void)
{
    long ps = pagesz();
    j_int("prot", RW | 0x10);
    void *p = obs_mmap("mmap", NULL, ps, RW | 0x10, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void *q = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    OBS("mprotect", mprotect(q, ps, RW | 0x10));
    if (p != MAP_FAILED) munmap(p, ps);
}

/* MAP_FIXED over a page filled with 0x5a; the call fails before it unmaps anything */
static void fixed_fail_keeps(const char *step, int fd, off_t off)
{
    long ps = pagesz();
    unsigned char *p = must_mmap(NULL, ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 0x5a, ps);
    void *q = obs_mmap(step, p, ps, PROT_READ, MAP_SHARED | MAP_FIXED, fd, off);
    if (q != MAP_FAILED) return;
    char k[48];
    snprintf(k, sizeof k, "%s_old", step);
    obs_read(k, p, ps - 1, NULL);
}

static void failed_fixed_keeps_mapping(void)
{
    int fd = file_fd(-1);
    int closed = make_file("g", 2 * pagesz(), -1, NULL);
    close(closed);
    fixed_fail_keeps("mmap_ebadf", closed, 0);
    fixed_fail_keeps("mmap_einval", fd, 100);
}

static void eacces_pipe_write_end(void)
{
    int fds[2];
    SETUP(pipe(fds), "pipe");
    try_map(NULL, pagesz(), PROT_READ, MAP_SHARED, fds[1], 0);
}

static void enodev_procfs(void)
{
    int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    SETUP(fd, "open");
    j_fs_magic(fd);
    try_map(NULL, pagesz(), PROT_READ, MAP_PRIVATE, fd, 0);
}

static void eperm_sealed_write(void)
{
    long ps = pagesz();
    int fd = memfd_create("ipcprobe-seal", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    SETUP(fd, "memfd_create");
    SETUP(ftruncate(fd, ps), "ftruncate");
    SETUP(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), "F_ADD_SEALS");
    try_map(NULL, ps, RW, MAP_SHARED, fd, 0);
    void *p = obs_mmap("mmap_read", NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
    if (p != MAP_FAILED) munmap(p, ps);
}

static void denywrite_ignored(void)
{
    j_int("flags", MAP_PRIVATE | MAP_DENYWRITE);
    try_map(NULL, pagesz(), PROT_READ, MAP_PRIVATE | MAP_DENYWRITE, file_fd(O_RDWR), 0);
}

/* kB of a "Name:   123 kB" line of /proc/self/status, -1 if absent */
static long long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "re");
    if (!f) return -1;
    char line[256];
    long long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') { if (sscanf(line + n + 1, "%lld", &kb) != 1) kb = -1; break; }
    fclose(f);
    return kb;
}

static void enomem_rlimit_data(void)
{
    int fds[2];
    SETUP(pipe(fds), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        /* RLIMIT_DATA = the private writable memory the helper has (VmData) + 1 MiB; then 16 MiB:
         * a writable private mapping, and a read-only one made writable by mprotect() */
        long long kb = status_kb("VmData");
        if (kb < 0) _exit(3);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)kb * 1024u + (1u << 20);
        if (setrlimit(RLIMIT_DATA, &rl) < 0) _exit(4);
        int res[4] = { 0, 0, 0, 0 };
        errno = 0;
        void *p = mmap(NULL, 16u << 20, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) { res[0] = -1; res[1] = errno; } else munmap(p, 16u << 20);
        void *q = mmap(NULL, 16u << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED) _exit(5);
        errno = 0;
        if (mprotect(q, 16u << 20, RW) < 0) { res[2] = -1; res[3] = errno; }
        if (write(fds[1], res, sizeof res) != (ssize_t)sizeof res) _exit(6);
        _exit(0);
    }
    close(fds[1]);
    int res[4] = { 0, 0, 0, 0 };
    ssize_t n = read(fds[0], res, sizeof res);
    helper_wait(pid, 2000, "child");
    if (n != (ssize_t)sizeof res) {
        j_null("mmap_ret"); j_null("mmap_errno"); j_null("mprotect_ret"); j_null("mprotect_errno");
        return;
    }
    j_int("mmap_ret", res[0]);
    j_errno("mmap_errno", res[0] == -1 ? res[1] : 0);
    j_int("mprotect_ret", res[2]);
    j_errno("mprotect_errno", res[2] == -1 ? res[3] : 0);
}

#define C(id, fn, sum) { id, "mmap", sum, fn, 0 }
CASE_TABLE(cases_mmap_errors) = {
    C("mmap.err.zero-length", zero_length, "length 0 on a file: EINVAL"),
    C("mmap.err.zero-length-anon", zero_length_anon, "length 0, anonymous: EINVAL"),
    C("mmap.err.unaligned-offset", unaligned_offset, "offset not a multiple of the page size: EINVAL"),
    C("mmap.err.fixed-unaligned-addr", fixed_unaligned_addr, "MAP_FIXED at an unaligned address: EINVAL"),
    C("mmap.err.no-sharing-flag", no_sharing_flag, "neither MAP_SHARED nor MAP_PRIVATE: EINVAL"),
    C("mmap.err.both-sharing-flags", both_sharing_flags, "MAP_SHARED|MAP_PRIVATE (== MAP_SHARED_VALIDATE on Linux >= 4.15)"),
    C("mmap.err.invalid-map-type", invalid_map_type, "undefined map type 0xf: EINVAL"),
    C("mmap.err.ebadf-closed", ebadf_closed, "closed fd without MAP_ANONYMOUS: EBADF"),
    C("mmap.err.ebadf-minus-one", ebadf_minus_one, "fd -1 without MAP_ANONYMOUS: EBADF"),
    C("mmap.err.eacces-wronly-read", eacces_wronly_read, "O_WRONLY fd, MAP_SHARED PROT_READ: EACCES"),
    C("mmap.err.eacces-wronly-private", eacces_wronly_private, "O_WRONLY fd, MAP_PRIVATE PROT_READ: EACCES"),
    C("mmap.err.eacces-rdonly-shared-write", eacces_rdonly_shared_write, "O_RDONLY fd, MAP_SHARED PROT_WRITE: EACCES"),
    C("mmap.err.eacces-append-shared-write", eacces_append_shared_write, "O_APPEND fd, MAP_SHARED PROT_WRITE (man page EACCES is for append-only inodes)"),
    C("mmap.err.enodev-pipe", enodev_pipe, "mapping a pipe: ENODEV"),
    C("mmap.err.enodev-fifo", enodev_fifo, "mapping a FIFO: ENODEV"),
    C("mmap.err.enodev-directory", enodev_directory, "mapping a directory: ENODEV"),
    C("mmap.err.enomem-rlimit-as", enomem_rlimit_as, "mapping beyond RLIMIT_AS: ENOMEM"),
    C("mmap.err.enomem-length-too-large", enomem_length_too_large, "length larger than the address space: ENOMEM"),
    C("mmap.err.enomem-fixed-no-room", enomem_fixed_no_room, "MAP_FIXED range past the top of the user address space: ENOMEM"),
    C("mmap.err.prot-unknown-bits", prot_unknown_bits, "prot with an undefined bit 0x10: mmap (Linux ignores) and mprotect (EINVAL)"),
    C("mmap.err.failed-fixed-keeps-mapping", failed_fixed_keeps_mapping, "MAP_FIXED failing with EBADF or EINVAL leaves the old mapping in place"),
    C("mmap.err.eacces-pipe-write-end", eacces_pipe_write_end, "the write end of a pipe (not open for reading): EACCES before ENODEV"),
    C("mmap.err.enodev-procfs", enodev_procfs, "a regular file of procfs (no mmap): ENODEV"),
    C("mmap.err.eperm-sealed-write", eperm_sealed_write, "memfd with F_SEAL_WRITE, PROT_WRITE MAP_SHARED: EPERM (read-only maps)"),
    C("mmap.err.denywrite-ignored", denywrite_ignored, "MAP_DENYWRITE on a file open for writing: ignored, no ETXTBSY"),
    C("mmap.err.enomem-rlimit-data", enomem_rlimit_data, "beyond RLIMIT_DATA: mmap of a private writable map and mprotect(PROT_WRITE) fail with ENOMEM"),
};
CASE_COUNT(cases_mmap_errors_count, cases_mmap_errors);

/* ipcprobe: POSIX IPC conformance probe. Observes, never judges. See CASES.md (the contract). */
#ifndef IPCPROBE_PROBE_H
#define IPCPROBE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#include "abi.h" /* native/common: IPCBENCH_ABI, write_whole() */

/* ---- constants older headers may lack: Linux values, recorded in "local_consts" ---- */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#define IPCPROBE_LOCAL_MAP_FIXED_NOREPLACE 1
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#define IPCPROBE_LOCAL_MAP_SHARED_VALIDATE 1
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#define IPCPROBE_LOCAL_MAP_SYNC 1
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define IPCPROBE_LOCAL_F_SETPIPE_SZ 1
#endif
#ifndef F_GETPIPE_SZ
#define F_GETPIPE_SZ 1032
#define IPCPROBE_LOCAL_F_GETPIPE_SZ 1
#endif

/* an mmap flag bit no Linux version defines (same choice as LTP's mmap20) */
#define PROBE_UNKNOWN_MAP_FLAG 0x400

/* the protection most maps use, and how many bytes a data-path case stores and reads back */
#define RW (PROT_READ | PROT_WRITE)
#define N 16

/* ---- case registry ---- */
#define CASE_UNPRIV 1u /* run as uid/gid 65534 when started as root */

typedef struct probe_case {
    const char *id;
    const char *iface;   /* mmap munmap msync pipe fifo mq shm */
    const char *summary; /* one line */
    void (*run)(void);
    unsigned flags;
} probe_case;

#define CASE_TABLE(name) const probe_case name[]
#define CASE_COUNT(name, table) const size_t name = sizeof(table) / sizeof(table[0])

extern const probe_case cases_mmap[];          extern const size_t cases_mmap_count;
extern const probe_case cases_mmap_errors[];   extern const size_t cases_mmap_errors_count;
extern const probe_case cases_munmap[];        extern const size_t cases_munmap_count;
extern const probe_case cases_msync[];         extern const size_t cases_msync_count;
extern const probe_case cases_pipe[];          extern const size_t cases_pipe_count;
extern const probe_case cases_fifo[];          extern const size_t cases_fifo_count;
extern const probe_case cases_mq[];            extern const size_t cases_mq_count;
extern const probe_case cases_shm[];           extern const size_t cases_shm_count;
extern const probe_case cases_blocking[];     extern const size_t cases_blocking_count;
extern const probe_case cases_limits[];       extern const size_t cases_limits_count;

/* xabi.c: returns -1 if argv[1] is not an xabi mode, else runs it (does not return). */
int xabi_main(int argc, char **argv);

/* ---- json.c: the one output line ---- */
void j_begin(const char *case_id);          /* common header fields */
void j_end(const char *outcome);            /* adds "outcome", closes, writes the line */
void j_int(const char *k, long long v);
void j_uint(const char *k, unsigned long long v);
void j_str(const char *k, const char *v);   /* NULL -> null */
void j_bool(const char *k, bool v);
void j_null(const char *k);
void j_hex(const char *k, const void *p, size_t n);
void j_hexaddr(const char *k, uintptr_t a);
void j_errno(const char *k, int err);       /* errno name, null if err == 0 */
void j_octal(const char *k, unsigned v);    /* "0600" */
/* step result: S_ret and S_errno (errno only meaningful when ret == -1) */
void j_ret(const char *step, long long ret, int err);
/* pointer step: S_ret 0/-1, S_errno, S_addr */
void j_ptr(const char *step, const void *p, bool failed, int err);
void j_arr_begin(const char *k);
void j_arr_str(const char *v);              /* NULL -> null */
void j_arr_int(long long v);
void j_arr_end(void);
void j_signal(const char *k, int sig);      /* name or null if 0 */
const char *errno_name(int e);              /* static buffer for unknown */
const char *signal_name(int sig);
const char *si_code_name(int sig, int code);
void j_write_partial_and_exit(const char *outcome, const char *extra_key, const char *extra_val);

/* ---- sig.c: guarded accesses ---- */
typedef struct fault { int sig; int code; uintptr_t addr; } fault_t;
void sig_install(void);                    /* handlers for faults, watchdog, termination */
int guard_read(const void *p, int *val, fault_t *f);          /* 0 ok, -1 fault */
int guard_write(void *p, unsigned char v, fault_t *f);
int guard_exec(void *p, fault_t *f);
int guard_copy(void *dst, const void *src, size_t n, fault_t *f);
/* observe an access and print A_at (offset accessed), A_signal, A_si_code, A_si_addr_off (+ A_value for reads) */
int obs_read(const char *name, const void *base, size_t off, int *val);
int obs_write(const char *name, void *base, size_t off, unsigned char v);
int obs_exec(const char *name, void *base);
void j_fault(const char *name, int rc, const fault_t *f, const void *base, size_t at, bool with_value, int val);

/* ---- cases_pipe.c, shared with cases_fifo.c ---- */
void pipe_atomic_writers(int rfd, int wfd);   /* PIPE_BUF atomicity with 4 concurrent writers */
long long pipe_fill_nonblock(int wfd);        /* fill until EAGAIN; returns bytes written */
void set_nonblock(int fd, bool on);

/* ---- util.c ---- */
extern volatile int g_in_child;            /* set in helpers: no output, no cleanup */
extern int g_dropped;                      /* observation made after dropping root */
long pagesz(void);
const char *probe_abi(void);
_Noreturn void setup_fail(const char *step, int err);
#define SETUP(expr, step) do { if ((expr) < 0) setup_fail((step), errno); } while (0)
const char *tmp_dir(void);                 /* private mkdtemp dir, created on first use */
const char *tmp_path(const char *tag);     /* path inside it, registered for removal */
void object_name(char *dst, size_t n, const char *tag); /* "/ipcprobe-<pid>-<16 hex token>-<tag>" (ToolNames.cs) */
const char *shm_name_for(const char *tag); /* object_name, registered for shm_unlink */
const char *mq_name_for(const char *tag);  /* registered for mq_unlink */
void cleanup_all(void);                    /* idempotent; async-signal-tolerant */
void register_shm_name(const char *name);
void register_mq_name(const char *name);
/* a regular file of `size` bytes in the temp dir, pattern 'A'+i%26 (or fill byte if fill >= 0) */
int make_file(const char *tag, size_t size, int fill, const char **path_out);
unsigned char pattern_byte(size_t i);
/* fork a helper: child gets PR_SET_PDEATHSIG, alarm, g_in_child; returns pid (setup_fail on error) */
pid_t helper_fork(void);
/* wait for a helper with a timeout (kills it on timeout); prints child_exit, child_signal */
int helper_wait(pid_t pid, int timeout_ms, const char *prefix);
int helper_wait_quiet(pid_t pid, int timeout_ms, int *exit_code, int *sig);
void *reserve_hole(size_t len);            /* an address range that is currently unmapped */
long long now_ms(void);
void sleep_ms(int ms);
long read_proc_long(const char *path);     /* -1 if unreadable */
void fill_pattern(unsigned char *p, size_t n, unsigned seed);
/* mmap as an observed step: prints S_ret, S_errno, S_addr */
void *obs_mmap(const char *step, void *addr, size_t len, int prot, int flags, int fd, off_t off);
/* mmap as a setup step (setup_fail on failure) */
void *must_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int reopen(const char *path, int flags);           /* setup step */
/* guarded copy of n <= 256 bytes from src, printed as k (hex) or null + k_signal on a fault */
void j_seen(const char *k, const void *src, size_t n);
/* written_hex (written) then seen_hex (j_seen of seen), n bytes each */
void j_written_seen(const void *written, const void *seen, size_t n);
/* k: n <= 256 bytes of make_file's pattern from offset `from`, as hex */
void j_pattern(const char *k, size_t from, size_t n);
/* guarded store of n bytes; k: the signal it raised, or null */
void obs_store(const char *k, void *dst, const void *src, size_t n);
/* a helper stores n bytes at dst and exits; waits for it and prints child_exit, child_signal */
void child_store(void *dst, const void *src, size_t n);
/* n bytes at off into buf (zeroed first) as a setup step; a short read leaves zeros */
void must_pread(int fd, void *buf, size_t n, off_t off);
size_t count_nonzero(const void *p, size_t n);
/* file "f" of file_size pattern bytes, mapped as the observed step "mmap" (len, prot, flags, offset 0);
 * fd_out and path_out may be NULL */
void *obs_map_file(size_t file_size, size_t len, int prot, int flags, int *fd_out, const char **path_out);
/* file "f" of size pattern bytes, mapped whole (RW, flags) as a setup step; fd_out may be NULL */
void *must_map_file(size_t size, int flags, int *fd_out);
/* must_map_file, then N bytes of fill_pattern(seed) stored at the start of the map and kept in w */
void *must_map_file_stored(size_t size, int flags, unsigned seed, unsigned char *w, int *fd_out);
/* make_file, closed and opened again with flags (setup steps) */
int make_file_reopened(const char *tag, size_t size, int flags);
/* fs_magic: the file system's f_type of fd as "0x..." (null if fstatfs fails) */
void j_fs_magic(int fd);
/* CLOCK_REALTIME now + ms, for the timed calls */
struct timespec deadline_ms(long ms);
/* observed opens: S_ret 0/-1 and S_errno; open adds O_CLOEXEC, mq_open passes mode and attr only with O_CREAT */
int obs_open(const char *step, const char *path, int flags);
int obs_shm_open(const char *step, const char *name, int flags, mode_t mode);
mqd_t obs_mq_open(const char *step, const char *name, int flags, mode_t mode, struct mq_attr *attr);
/* struct mq_attr with these two members, the rest zero */
struct mq_attr attr_of(long maxmsg, long msgsize);
/* a queue "/ipcprobe-<pid>-<tag>" created O_CREAT|O_EXCL|flags 0600 (setup step), registered for removal */
mqd_t new_named_queue(const char *tag, int flags, long maxmsg, long msgsize);
/* the same, unlinked at once: for a case that does not need the name again (nothing can be left) */
mqd_t new_queue(const char *tag, int flags, long maxmsg, long msgsize);
/* mq_getattr (setup step), printed as attr_flags, attr_maxmsg, attr_msgsize, attr_curmsgs */
struct mq_attr j_mq_attr(mqd_t q);
/* the name-length cases of mq and shm: "/ipcprobe-<pid>-xx...x" of NAME_MAX characters after the
 * slash (NAME_MAX + 1 if too_long), registered for removal with reg, then tried with try_name(name, true) */
void long_name_case(bool too_long, void (*reg)(const char *name), void (*try_name)(const char *name, bool show_len));
/* an int-returning call as an observed step */
#define OBS(step, call) do { errno = 0; long long r_ = (long long)(call); j_ret((step), r_, errno); } while (0)

#endif

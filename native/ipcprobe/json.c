/* The one JSON line a case prints. Hand-written appends (no stdio) so the crash and watchdog
 * paths can finish and write the line from a signal handler. */
#include "probe.h"

#include <errno.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#define LIBC_VERSION gnu_get_libc_version()
#elif defined(IPCPROBE_LIBC_VERSION)
#define LIBC_VERSION IPCPROBE_LIBC_VERSION /* musl has no call for it: the Makefile passes it */
#else
#define LIBC_VERSION NULL
#endif
#include <mqueue.h>
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static char g_buf[1 << 16];
static size_t g_len;
static int g_first = 1;
static int g_in_array, g_array_first;
static volatile sig_atomic_t g_begun, g_ended;

static void put(const char *s)
{
    while (*s && g_len < sizeof g_buf - 64) g_buf[g_len++] = *s++;
}
static void putch(char c)
{
    if (g_len < sizeof g_buf - 64) g_buf[g_len++] = c;
}
static void put_ull(unsigned long long v)
{
    char t[24]; int n = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putch(t[--n]);
}
static void put_ll(long long v)
{
    if (v < 0) { putch('-'); put_ull(0ULL - (unsigned long long)v); }
    else put_ull((unsigned long long)v);
}
static void put_jstr(const char *s)
{
    static const char hx[] = "0123456789abcdef";
    putch('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { putch('\\'); putch((char)c); }
        else if (c < 0x20 || c >= 0x7f) { put("\\u00"); putch(hx[c >> 4]); putch(hx[c & 15]); }
        else putch((char)c);
    }
    putch('"');
}
static void key(const char *k)
{
    if (!g_first) putch(',');
    g_first = 0;
    put_jstr(k);
    putch(':');
}

void j_int(const char *k, long long v) { key(k); put_ll(v); }
void j_uint(const char *k, unsigned long long v) { key(k); put_ull(v); }
void j_str(const char *k, const char *v) { key(k); if (v) put_jstr(v); else put("null"); }
void j_bool(const char *k, bool v) { key(k); put(v ? "true" : "false"); }
void j_null(const char *k) { key(k); put("null"); }
void j_errno(const char *k, int err) { key(k); if (err) put_jstr(errno_name(err)); else put("null"); }
void j_signal(const char *k, int sig) { key(k); if (sig) put_jstr(signal_name(sig)); else put("null"); }

void j_hex(const char *k, const void *p, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    const unsigned char *b = p;
    key(k);
    putch('"');
    for (size_t i = 0; i < n; i++) { putch(hx[b[i] >> 4]); putch(hx[b[i] & 15]); }
    putch('"');
}

static void put_hexaddr(uintptr_t a)
{
    static const char hx[] = "0123456789abcdef";
    char t[2 * sizeof a + 1]; int n = 0;
    do { t[n++] = hx[a & 15]; a >>= 4; } while (a);
    put("\"0x");
    while (n) putch(t[--n]);
    putch('"');
}

void j_hexaddr(const char *k, uintptr_t a) { key(k); put_hexaddr(a); }

void j_octal(const char *k, unsigned v)
{
    char t[16]; int n = 0;
    do { t[n++] = (char)('0' + (v & 7)); v >>= 3; } while (v);
    while (n < 4) t[n++] = '0';
    key(k);
    putch('"');
    while (n) putch(t[--n]);
    putch('"');
}

static void stepkey(const char *step, const char *suffix)
{
    char k[128];
    size_t a = strlen(step), b = strlen(suffix);
    if (a + b + 1 > sizeof k) { a = sizeof k - b - 1; }
    memcpy(k, step, a);
    memcpy(k + a, suffix, b + 1);
    key(k);
}

void j_ret(const char *step, long long ret, int err)
{
    stepkey(step, "_ret"); put_ll(ret);
    stepkey(step, "_errno");
    if (ret == -1 && err) put_jstr(errno_name(err)); else put("null");
}

void j_ptr(const char *step, const void *p, bool failed, int err)
{
    stepkey(step, "_ret"); put(failed ? "-1" : "0");
    stepkey(step, "_errno");
    if (failed) put_jstr(errno_name(err)); else put("null");
    stepkey(step, "_addr");
    if (failed) put("null"); else put_hexaddr((uintptr_t)p);
}

void j_arr_begin(const char *k) { key(k); putch('['); g_in_array = 1; g_array_first = 1; }
static void arr_sep(void) { if (!g_array_first) putch(','); g_array_first = 0; }
void j_arr_str(const char *v) { arr_sep(); if (v) put_jstr(v); else put("null"); }
void j_arr_int(long long v) { arr_sep(); put_ll(v); }
void j_arr_end(void) { putch(']'); g_in_array = 0; }

static const char *local_consts[] = {
#ifdef IPCPROBE_LOCAL_MAP_FIXED_NOREPLACE
    "MAP_FIXED_NOREPLACE",
#endif
#ifdef IPCPROBE_LOCAL_MAP_SHARED_VALIDATE
    "MAP_SHARED_VALIDATE",
#endif
#ifdef IPCPROBE_LOCAL_MAP_SYNC
    "MAP_SYNC",
#endif
#ifdef IPCPROBE_LOCAL_F_SETPIPE_SZ
    "F_SETPIPE_SZ",
#endif
#ifdef IPCPROBE_LOCAL_F_GETPIPE_SZ
    "F_GETPIPE_SZ",
#endif
    NULL
};

/* Whether this CPU and kernel give protection keys: with them, Linux makes a PROT_EXEC-only mapping
   execute-only, which changes what its reads and writes see (SEGV_PKUERR). Asked of the kernel
   directly, since not every C library wraps pkey_alloc. */
static int pkeys_available(void)
{
#if defined(SYS_pkey_alloc) && defined(SYS_pkey_free)
    long k = syscall(SYS_pkey_alloc, 0UL, 0UL);
    if (k < 0) return 0;
    syscall(SYS_pkey_free, k);
    return 1;
#else
    return 0;
#endif
}

void j_begin(const char *case_id)
{
    struct utsname u;
    g_len = 0; g_first = 1; g_ended = 0;
    putch('{');
    j_str("case", case_id);
    j_str("abi", probe_abi());
    j_int("uid", (long long)geteuid());
    j_int("gid", (long long)getegid());
    j_bool("dropped_privileges", g_dropped != 0);
    int have_u = uname(&u) == 0;
    j_str("kernel", have_u ? u.release : NULL);
    j_str("kernel_machine", have_u ? u.machine : NULL); /* "i686" under a 32-bit kernel, "x86_64" under the compat path */
    j_str("libc", LIBC_VERSION);
    /* READ_IMPLIES_EXEC and friends are inherited through exec: a parent's flags change what
       PROT_READ means for every probe below it */
    j_int("personality", (long long)personality(0xffffffff));
    j_bool("pkeys", pkeys_available());
    j_int("off_t_bits", (long long)(8 * sizeof(off_t)));
    j_int("time_t_bits", (long long)(8 * sizeof(time_t)));
    j_int("long_bits", (long long)(8 * sizeof(long)));
    j_int("page_size", pagesz());
    j_arr_begin("local_consts");
    for (const char **c = local_consts; *c; c++) j_arr_str(*c);
    j_arr_end();
    g_begun = 1;
}

void j_end(const char *outcome)
{
    if (g_ended) return;
    g_ended = 1;
    if (g_in_array) j_arr_end();
    j_str("outcome", outcome);
    putch('}');
    putch('\n');
    write_whole(1, g_buf, g_len);
}

/* crash/watchdog path: finish whatever line is under way */
void j_write_partial_and_exit(const char *outcome, const char *extra_key, const char *extra_val)
{
    if (g_begun && !g_ended) {
        if (g_in_array) j_arr_end();
        if (extra_key) j_str(extra_key, extra_val);
        j_end(outcome);
    }
    cleanup_all();
    _exit(0);
}

const char *errno_name(int e)
{
    switch (e) {
#define E(x) case x: return #x;
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF)
    E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV)
    E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC)
    E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK) E(ENAMETOOLONG)
    E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(EMSGSIZE) E(EOVERFLOW) E(ETIMEDOUT)
    E(EOPNOTSUPP) E(ENOTSOCK) E(EPROTO) E(ECANCELED)
    E(ENOTCONN) E(EHWPOISON) E(ENOMSG) E(EIDRM) E(ENODATA) E(ENOSR) E(ESTALE) E(EDQUOT)
#undef E
    default: break;
    }
    static char b[16];
    char t[12]; int n = 0; unsigned v = e < 0 ? (unsigned)-e : (unsigned)e;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    int i = 0; b[i++] = 'E'; if (e < 0) b[i++] = '-';
    while (n) b[i++] = t[--n];
    b[i] = 0;
    return b;
}

const char *signal_name(int sig)
{
    switch (sig) {
#define S(x) case x: return #x;
    S(SIGHUP) S(SIGINT) S(SIGQUIT) S(SIGILL) S(SIGTRAP) S(SIGABRT) S(SIGBUS) S(SIGFPE) S(SIGKILL)
    S(SIGUSR1) S(SIGSEGV) S(SIGUSR2) S(SIGPIPE) S(SIGALRM) S(SIGTERM) S(SIGCHLD) S(SIGCONT)
    S(SIGSTOP) S(SIGTSTP) S(SIGXCPU) S(SIGXFSZ) S(SIGSYS)
#undef S
    default: break;
    }
    static char b[16];
    b[0] = 'S'; b[1] = 'I'; b[2] = 'G';
    char t[12]; int n = 0; unsigned v = (unsigned)sig;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    int i = 3; while (n) b[i++] = t[--n];
    b[i] = 0;
    return b;
}

const char *si_code_name(int sig, int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_KERNEL: return "SI_KERNEL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TIMER: return "SI_TIMER";
    case SI_MESGQ: return "SI_MESGQ";
    case SI_ASYNCIO: return "SI_ASYNCIO";
    case SI_SIGIO: return "SI_SIGIO";
    case SI_TKILL: return "SI_TKILL";
    default: break;
    }
    if (sig == SIGSEGV) switch (code) {
        case SEGV_MAPERR: return "SEGV_MAPERR";
        case SEGV_ACCERR: return "SEGV_ACCERR";
        case 3: return "SEGV_BNDERR";
        case 4: return "SEGV_PKUERR";
        case 5: return "SEGV_ACCADI";
        case 6: return "SEGV_ADIDERR";
        case 7: return "SEGV_ADIPERR";
        case 8: return "SEGV_MTEAERR";
        case 9: return "SEGV_MTESERR";
        case 10: return "SEGV_CPERR";
    }
    if (sig == SIGBUS) switch (code) {
        case BUS_ADRALN: return "BUS_ADRALN";
        case BUS_ADRERR: return "BUS_ADRERR";
        case BUS_OBJERR: return "BUS_OBJERR";
        case 4: return "BUS_MCEERR_AR";
        case 5: return "BUS_MCEERR_AO";
    }
    if (sig == SIGILL) switch (code) {
        case ILL_ILLOPC: return "ILL_ILLOPC";
        case ILL_ILLOPN: return "ILL_ILLOPN";
        case ILL_ILLADR: return "ILL_ILLADR";
        case ILL_ILLTRP: return "ILL_ILLTRP";
        case ILL_PRVOPC: return "ILL_PRVOPC";
        case ILL_PRVREG: return "ILL_PRVREG";
        case ILL_COPROC: return "ILL_COPROC";
        case ILL_BADSTK: return "ILL_BADSTK";
    }
    static char b[20];
    memcpy(b, "code_", 5);
    char t[12]; int n = 0; unsigned v = code < 0 ? (unsigned)-code : (unsigned)code;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    int i = 5; if (code < 0) b[i++] = '-';
    while (n) b[i++] = t[--n];
    b[i] = 0;
    return b;
}

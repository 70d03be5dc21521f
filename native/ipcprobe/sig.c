/* Fault catching: guarded accesses with sigsetjmp/siglongjmp from a SA_SIGINFO handler; the
 * watchdog (SIGALRM) and termination signals finish the line and clean up. */
#include "probe.h"

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf g_jb;
static volatile sig_atomic_t g_armed;
static volatile int g_fsig, g_fcode;
static volatile uintptr_t g_faddr;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (g_armed && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL)) {
        g_armed = 0;
        g_fsig = sig;
        g_fcode = si ? si->si_code : 0;
        g_faddr = si ? (uintptr_t)si->si_addr : 0;
        siglongjmp(g_jb, 1);
    }
    if (g_in_child) _exit(128 + sig);
    if (sig == SIGALRM) j_write_partial_and_exit("timeout", NULL, NULL);
    j_write_partial_and_exit("crashed", "crash_signal", signal_name(sig));
}

void sig_install(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM,
                                SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR2, SIGXCPU, SIGXFSZ };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

static void take(fault_t *f)
{
    f->sig = g_fsig; f->code = g_fcode; f->addr = g_faddr;
}

int guard_read(const void *p, int *val, fault_t *f)
{
    memset(f, 0, sizeof *f);
    if (sigsetjmp(g_jb, 1)) { take(f); return -1; }
    g_armed = 1;
    unsigned char v = *(const volatile unsigned char *)p;
    g_armed = 0;
    if (val) *val = v;
    return 0;
}

int guard_write(void *p, unsigned char v, fault_t *f)
{
    memset(f, 0, sizeof *f);
    if (sigsetjmp(g_jb, 1)) { take(f); return -1; }
    g_armed = 1;
    *(volatile unsigned char *)p = v;
    g_armed = 0;
    return 0;
}

int guard_exec(void *p, fault_t *f)
{
    void (*fn)(void);
    memcpy(&fn, &p, sizeof fn);
    memset(f, 0, sizeof *f);
    if (sigsetjmp(g_jb, 1)) { take(f); return -1; }
    g_armed = 1;
    fn();
    g_armed = 0;
    return 0;
}

int guard_copy(void *dst, const void *src, size_t n, fault_t *f)
{
    memset(f, 0, sizeof *f);
    if (sigsetjmp(g_jb, 1)) { take(f); return -1; }
    g_armed = 1;
    for (size_t i = 0; i < n; i++)
        ((volatile unsigned char *)dst)[i] = ((const volatile unsigned char *)src)[i];
    g_armed = 0;
    return 0;
}

void j_fault(const char *name, int rc, const fault_t *f, const void *base, size_t at, bool with_value, int val)
{
    char k[96];
    size_t n = strlen(name);
    if (n > 60) n = 60;
    memcpy(k, name, n);
    strcpy(k + n, "_at");        j_int(k, (long long)at);
    strcpy(k + n, "_signal");    j_signal(k, rc ? f->sig : 0);
    strcpy(k + n, "_si_code");   j_str(k, rc ? si_code_name(f->sig, f->code) : NULL);
    strcpy(k + n, "_si_addr_off");
    if (rc) j_int(k, (long long)((intptr_t)f->addr - (intptr_t)(uintptr_t)base)); else j_null(k);
    if (with_value) {
        strcpy(k + n, "_value");
        if (rc) j_null(k); else j_int(k, val);
    }
}

int obs_read(const char *name, const void *base, size_t off, int *val)
{
    fault_t f; int v = 0;
    int rc = guard_read((const char *)base + off, &v, &f);
    j_fault(name, rc, &f, base, off, true, v);
    if (val) *val = rc ? -1 : v;
    return rc;
}

int obs_write(const char *name, void *base, size_t off, unsigned char v)
{
    fault_t f;
    int rc = guard_write((char *)base + off, v, &f);
    j_fault(name, rc, &f, base, off, false, 0);
    return rc;
}

int obs_exec(const char *name, void *base)
{
    fault_t f;
    int rc = guard_exec(base, &f);
    j_fault(name, rc, &f, base, 0, false, 0);
    return rc;
}

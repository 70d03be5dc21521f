/* POSIX message queues: order, sizes, blocking and timeouts, names, attributes and their
 * limits, permissions, mq_notify. Every line carries sizeof_mq_attr. */
#include "probe.h"

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef MQ_PRIO_MAX
#define MQ_PRIO_MAX 32768
#endif

static void header(void) { j_int("sizeof_mq_attr", (long long)sizeof(struct mq_attr)); }


static void open_create(void)
{
    header();
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
    if (q == (mqd_t)-1) return;
    j_mq_attr(q);
}

static void open_excl_eexist(void)
{
    header();
    new_named_queue("q", O_RDWR, 4, 64);
    struct mq_attr a = attr_of(4, 64);
    obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
}

static void open_enoent(void)
{
    header();
    obs_mq_open("mq_open", mq_name_for("missing"), O_RDWR, 0, NULL);
}

static void open_default_attr(void)
{
    header();
    mqd_t q = obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, NULL);
    j_int("msg_default", read_proc_long("/proc/sys/fs/mqueue/msg_default"));
    j_int("msgsize_default", read_proc_long("/proc/sys/fs/mqueue/msgsize_default"));
    if (q == (mqd_t)-1) return;
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) setup_fail("mq_getattr", errno);
    j_int("attr_maxmsg", a.mq_maxmsg);
    j_int("attr_msgsize", a.mq_msgsize);
}

static void name_case(const char *name, bool show_len)
{
    header();
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    struct mq_attr a = attr_of(4, 64);
    obs_mq_open("mq_open", name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
}

static void name_no_leading_slash(void)
{
    char r[72];
    object_name(r, sizeof r, "ns");
    const char *n = r + 1;
    register_mq_name(r);
    name_case(n, false);
}

static void name_slash_only(void) { name_case("/", false); }
static void name_empty(void) { name_case("", false); }

static void name_embedded_slash(void)
{
    char n[64];
    snprintf(n, sizeof n, "/ipcprobe-%ld/x", (long)getpid());
    name_case(n, false);
}

static void name_too_long(void) { long_name_case(true, register_mq_name, name_case); }
static void name_max_length(void) { long_name_case(false, register_mq_name, name_case); }

/* timed: receive with mq_timedreceive (deadline 1 s ahead; the queue is O_NONBLOCK) instead of mq_receive */
static void send_receive_all(mqd_t q, const unsigned *prios, const char *const *payloads, int n, bool timed)
{
    j_arr_begin("send_errnos");
    for (int i = 0; i < n; i++) {
        int r = mq_send(q, payloads[i], strlen(payloads[i]), prios[i]);
        j_arr_str(r < 0 ? errno_name(errno) : NULL);
    }
    j_arr_end();
    j_arr_begin("received");
    for (int i = 0; i < n; i++) {
        char buf[128], item[160];
        unsigned prio = 0;
        struct timespec ts = deadline_ms(1000);
        ssize_t r = timed ? mq_timedreceive(q, buf, sizeof buf, &prio, &ts) : mq_receive(q, buf, sizeof buf, &prio);
        if (r < 0) { j_arr_str(errno_name(errno)); break; }
        buf[r] = 0;
        snprintf(item, sizeof item, "%u:%s", prio, buf);
        j_arr_str(item);
    }
    j_arr_end();
}

static void order_priority_case(bool timed)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 8, 64);
    static const unsigned prios[] = { 1, 5, 3, 0, 7 };
    static const char *const pl[] = { "p1", "p5", "p3", "p0", "p7" };
    send_receive_all(q, prios, pl, 5, timed);
}
static void order_priority(void) { order_priority_case(false); }
static void timedreceive_order(void) { order_priority_case(true); }

static void order_fifo_within_priority(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 8, 64);
    static const unsigned prios[] = { 2, 5, 2, 5, 2 };
    static const char *const pl[] = { "a", "b", "c", "d", "e" };
    send_receive_all(q, prios, pl, 5, false);
}

static void send_emsgsize(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    char b[65] = { 0 };
    OBS("mq_send", mq_send(q, b, sizeof b, 0));
}

/* then_receive: afterwards show mq_curmsgs and receive with a large enough buffer */
static void receive_emsgsize_case(bool then_receive)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    if (mq_send(q, "x", 1, 5) < 0) setup_fail("mq_send", errno);
    char small[63];
    OBS("mq_receive", mq_receive(q, small, sizeof small, NULL));
    if (!then_receive) return;
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) setup_fail("mq_getattr", errno);
    j_int("attr_curmsgs", a.mq_curmsgs);
    char b[65];
    unsigned prio = 0;
    ssize_t r = mq_receive(q, b, 64, &prio);
    j_ret("receive_again", r, errno);
    if (r >= 0) { b[r] = 0; j_str("received", b); j_int("received_prio", prio); }
}
static void receive_emsgsize(void) { receive_emsgsize_case(false); }

static void send_nonblock_full(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    int sent = 0;
    for (int i = 0; i < 4; i++) if (mq_send(q, "m", 1, 0) == 0) sent++;
    j_int("sent", sent);
    OBS("mq_send", mq_send(q, "m", 1, 0));
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) setup_fail("mq_getattr", errno);
    j_int("attr_curmsgs", a.mq_curmsgs);
}

static void receive_nonblock_empty(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    char b[64];
    OBS("mq_receive", mq_receive(q, b, sizeof b, NULL));
}

static void timedreceive_etimedout(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    char b[64];
    long long t0 = now_ms();
    struct timespec ts = deadline_ms(50);
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
    j_int("elapsed_ms", now_ms() - t0);
}

static void timedsend_etimedout(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    for (int i = 0; i < 4; i++) if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    long long t0 = now_ms();
    struct timespec ts = deadline_ms(50);
    OBS("mq_timedsend", mq_timedsend(q, "m", 1, 0, &ts));
    j_int("elapsed_ms", now_ms() - t0);
}

static void timedreceive_past(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    char b[64];
    struct timespec ts = deadline_ms(0);
    ts.tv_sec -= 1;
    long long t0 = now_ms();
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
    j_int("elapsed_ms", now_ms() - t0);
}

static void timedreceive_invalid(bool ready)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    if (ready && mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    char b[64];
    struct timespec ts = deadline_ms(0);
    ts.tv_nsec = 1000000000L;
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
}
static void timedreceive_invalid_nsec(void) { timedreceive_invalid(false); }
static void timedreceive_message_ready(void) { timedreceive_invalid(true); }

static void attr_case(long maxmsg, long msgsize)
{
    struct mq_attr a = attr_of(maxmsg, msgsize);
    obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
}
static void attr_maxmsg_zero(void) { header(); attr_case(0, 64); }
static void attr_msgsize_negative(void) { header(); attr_case(4, -1); }
static void attr_maxmsg_over(void)
{
    header();
    long m = read_proc_long("/proc/sys/fs/mqueue/msg_max");
    j_int("msg_max", m);
    if (m < 0) setup_fail("read_msg_max", ENOENT);
    attr_case(m + 1, 64);
}
static void attr_msgsize_over(void)
{
    header();
    long m = read_proc_long("/proc/sys/fs/mqueue/msgsize_max");
    j_int("msgsize_max", m);
    if (m < 0) setup_fail("read_msgsize_max", ENOENT);
    attr_case(4, m + 1);
}

static void setattr_only_nonblock(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    struct mq_attr n = { 0 }, old = { 0 };
    n.mq_flags = O_NONBLOCK; n.mq_maxmsg = 99; n.mq_msgsize = 99; n.mq_curmsgs = 99;
    OBS("mq_setattr", mq_setattr(q, &n, &old));
    j_int("old_flags", old.mq_flags);
    j_mq_attr(q);
    struct mq_attr a;
    mq_getattr(q, &a);
    j_bool("o_nonblock", (a.mq_flags & O_NONBLOCK) != 0);
}

static void getattr_curmsgs(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    for (int i = 0; i < 2; i++) if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    struct mq_attr a;
    OBS("mq_getattr", mq_getattr(q, &a));
    j_int("attr_curmsgs", a.mq_curmsgs);
}

static void send_ebadf_rdonly(void)
{
    header();
    mqd_t q = new_queue("q", O_RDONLY | O_NONBLOCK, 4, 64);
    OBS("mq_send", mq_send(q, "m", 1, 0));
}

static void receive_ebadf_wronly(void)
{
    header();
    mqd_t q = new_queue("q", O_WRONLY | O_NONBLOCK, 4, 64);
    char b[64];
    OBS("mq_receive", mq_receive(q, b, sizeof b, NULL));
}

static void send_prio_max(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    /* the bound the system reports at run time, not the header's constant */
    long max = sysconf(_SC_MQ_PRIO_MAX);
    j_int("sysconf_mq_prio_max", max);
    if (max <= 0) return;
    OBS("mq_send", mq_send(q, "m", 1, (unsigned)max));
    OBS("mq_send_max_minus1", mq_send(q, "m", 1, (unsigned)(max - 1)));
    char b[64];
    unsigned prio = 0;
    ssize_t n = mq_receive(q, b, sizeof b, &prio);
    if (n >= 0) j_int("received_prio", prio); else j_null("received_prio");
}

static void unlink_enoent(void)
{
    header();
    OBS("mq_unlink", mq_unlink(mq_name_for("missing")));
}

static void unlink_while_open(void)
{
    header();
    const char *name = mq_name_for("q");
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0600, &a);
    if (q == (mqd_t)-1) setup_fail("mq_open", errno);
    OBS("mq_unlink", mq_unlink(name));
    OBS("mq_send", mq_send(q, "m", 1, 0));
    char b[64];
    OBS("mq_receive", mq_receive(q, b, sizeof b, NULL));
    obs_mq_open("reopen", name, O_RDWR, 0, NULL);
}

static void perm_case(int reopen_flags)
{
    header();
    umask(022);
    const char *name = mq_name_for("q");
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDONLY, 0400, &a);
    if (q == (mqd_t)-1) setup_fail("mq_open", errno);
    mq_close(q);
    obs_mq_open("mq_open", name, reopen_flags, 0, NULL);
}
static void perm_eacces(void) { perm_case(O_RDWR); }
static void perm_rdonly_ok(void) { perm_case(O_RDONLY); }

/* ---- mq_notify ---- */

static void block_usr1(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

static int wait_usr1(int ms, siginfo_t *si)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    int r;
    do r = sigtimedwait(&s, si, &ts); while (r < 0 && errno == EINTR);
    return r == SIGUSR1;
}

static int notify_signal(mqd_t q)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 4242;
    return mq_notify(q, &ev);
}

static void notify_signal_case(void)
{
    header();
    block_usr1();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    OBS("mq_notify", notify_signal(q));
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int got = wait_usr1(1000, &si);
    j_signal("signal", got ? SIGUSR1 : 0);
    j_str("si_code", got ? si_code_name(SIGUSR1, si.si_code) : NULL);
    if (got) j_int("si_value", si.si_value.sival_int); else j_null("si_value");
    j_bool("si_pid_is_self", got && si.si_pid == getpid());
}

static void notify_ebusy(void)
{
    header();
    const char *name = mq_name_for("q");
    mqd_t q = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    int up[2], down[2];
    SETUP(pipe(up), "pipe");
    SETUP(pipe(down), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        mqd_t cq = mq_open(name, O_RDONLY);
        struct sigevent ev;
        memset(&ev, 0, sizeof ev);
        ev.sigev_notify = SIGEV_NONE;
        int r = cq == (mqd_t)-1 ? -2 : mq_notify(cq, &ev);
        if (write(up[1], &r, sizeof r) != sizeof r) _exit(2);
        char c;
        if (read(down[0], &c, 1) < 0) _exit(3);
        _exit(0);
    }
    int cr = -3;
    if (read(up[0], &cr, sizeof cr) != sizeof cr) cr = -3;
    j_int("child_notify_ret", cr);
    mq_unlink(name);
    OBS("mq_notify", notify_signal(q));
    if (write(down[1], "x", 1) < 0) {}
    helper_wait(pid, 2000, "child");
}

static void notify_one_shot(void)
{
    header();
    block_usr1();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    if (notify_signal(q) < 0) setup_fail("mq_notify", errno);
    siginfo_t si;
    char b[64];
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    j_int("signals_after_first", wait_usr1(1000, &si));
    if (mq_receive(q, b, sizeof b, NULL) < 0) setup_fail("mq_receive", errno);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    j_int("signals_after_second", wait_usr1(50, &si));
}

static void notify_unregister(void)
{
    header();
    block_usr1();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    if (notify_signal(q) < 0) setup_fail("mq_notify", errno);
    OBS("unregister", mq_notify(q, NULL));
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    siginfo_t si;
    j_int("signal_count", wait_usr1(50, &si));
}

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static int g_called, g_sival_ok;
static int g_token = 77;

static void on_notify(union sigval v)
{
    pthread_mutex_lock(&g_mu);
    g_called = 1;
    g_sival_ok = v.sival_ptr == &g_token;
    pthread_cond_signal(&g_cv);
    pthread_mutex_unlock(&g_mu);
}

static void notify_thread(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_notify;
    ev.sigev_value.sival_ptr = &g_token;
    OBS("mq_notify", mq_notify(q, &ev));
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    struct timespec ts = deadline_ms(1000);
    pthread_mutex_lock(&g_mu);
    while (!g_called) if (pthread_cond_timedwait(&g_cv, &g_mu, &ts) == ETIMEDOUT) break;
    int called = g_called, ok = g_sival_ok;
    pthread_mutex_unlock(&g_mu);
    j_bool("called", called);
    j_bool("sival_ok", ok);
}

/* the helper's state letter from /proc/PID/stat ('S' = sleeping), 0 if unreadable */
static char proc_state(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    return rp && rp[1] == ' ' ? rp[2] : 0;
}

static void notify_blocked_receiver(void)
{
    header();
    block_usr1();
    const char *name = mq_name_for("q");
    mqd_t q = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    OBS("mq_notify", notify_signal(q));
    int ready[2];
    SETUP(pipe(ready), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        mqd_t cq = mq_open(name, O_RDONLY);
        if (cq == (mqd_t)-1) _exit(2);
        char b[64];
        struct timespec ts = deadline_ms(2000);
        if (write(ready[1], "r", 1) != 1) _exit(3);
        _exit(mq_timedreceive(cq, b, sizeof b, NULL, &ts) == 1 ? 0 : 1);
    }
    char c;
    if (read(ready[0], &c, 1) != 1) setup_fail("helper_ready", EIO);
    /* wait until the helper sleeps (in mq_timedreceive), at most 1 s */
    long long end = now_ms() + 1000;
    while (proc_state(pid) != 'S' && now_ms() < end) sleep_ms(1);
    sleep_ms(5);
    mq_unlink(name);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    int code, sig;
    helper_wait_quiet(pid, 3000, &code, &sig);
    siginfo_t si;
    j_int("signal_count", wait_usr1(50, &si));
    if (sig) j_null("child_exit"); else j_int("child_exit", code);
    j_bool("child_got_message", !sig && code == 0);
}

static void fd_poll(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    struct pollfd p = { (int)q, POLLIN, 0 };
    errno = 0;
    j_int("poll_empty_ret", poll(&p, 1, 0));
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    p.revents = 0;
    j_int("poll_ready_ret", poll(&p, 1, 0));
    j_bool("pollin", (p.revents & POLLIN) != 0);
}

/* ---- closed descriptors, attributes, timeouts, registration rules ---- */

/* a queue opened and closed again: the descriptor value is no longer open (nothing else opens
 * descriptors in between: the probe has no other thread here) */
static mqd_t closed_queue(void)
{
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    if (mq_close(q) < 0) setup_fail("mq_close", errno);
    return q;
}

static void close_ebadf(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    OBS("mq_close", mq_close(q));
    OBS("fcntl_getfd", fcntl((int)q, F_GETFD));
    OBS("mq_close_again", mq_close(q));
}

static void getattr_ebadf(void)
{
    header();
    mqd_t q = closed_queue();
    struct mq_attr a;
    OBS("mq_getattr", mq_getattr(q, &a));
}

static void setattr_ebadf(void)
{
    header();
    mqd_t q = closed_queue();
    struct mq_attr n;
    memset(&n, 0, sizeof n); /* mq_flags 0: Linux answers EINVAL before EBADF for other bits */
    OBS("mq_setattr", mq_setattr(q, &n, NULL));
}

static void notify_ebadf(void)
{
    header();
    mqd_t q = closed_queue();
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    OBS("mq_notify", mq_notify(q, &ev));
}

static void setattr_einval_unchanged(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    struct mq_attr n, old;
    memset(&n, 0, sizeof n);
    n.mq_flags = O_NONBLOCK | O_APPEND;
    memset(&old, 0, sizeof old);
    OBS("mq_setattr", mq_setattr(q, &n, &old));
    j_mq_attr(q);
}

static void setattr_old_attr(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    struct mq_attr before, n, old;
    if (mq_getattr(q, &before) < 0) setup_fail("mq_getattr", errno);
    j_int("before_flags", before.mq_flags);
    j_int("before_maxmsg", before.mq_maxmsg);
    j_int("before_msgsize", before.mq_msgsize);
    j_int("before_curmsgs", before.mq_curmsgs);
    memset(&n, 0, sizeof n);
    n.mq_flags = O_NONBLOCK;
    memset(&old, 0x55, sizeof old); /* a member mq_setattr left alone would read 0x5555... */
    OBS("mq_setattr", mq_setattr(q, &n, &old));
    j_int("old_flags", old.mq_flags);
    j_int("old_maxmsg", old.mq_maxmsg);
    j_int("old_msgsize", old.mq_msgsize);
    j_int("old_curmsgs", old.mq_curmsgs);
}

/* a blocking queue holding its 4 messages */
static mqd_t full_queue(void)
{
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    for (int i = 0; i < 4; i++) if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    return q;
}

static void timedsend_invalid_nsec(void)
{
    header();
    mqd_t q = full_queue();
    struct timespec ts = deadline_ms(0);
    ts.tv_nsec = 1000000000L;
    OBS("mq_timedsend", mq_timedsend(q, "m", 1, 0, &ts));
}

/* abstime { -1, 0 }: one second before the Epoch, a time long passed */
static void timedsend_negative_sec(void)
{
    header();
    mqd_t q = full_queue();
    struct timespec ts = { -1, 0 };
    OBS("mq_timedsend", mq_timedsend(q, "m", 1, 0, &ts));
}

static void timedreceive_negative_sec(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    char b[64];
    struct timespec ts = { -1, 0 };
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
}

static void timedsend_past_room(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 1, 64);
    struct timespec ts = deadline_ms(0);
    ts.tv_sec -= 1;
    OBS("mq_timedsend", mq_timedsend(q, "m", 1, 0, &ts));
    struct mq_attr a;
    if (mq_getattr(q, &a) < 0) setup_fail("mq_getattr", errno);
    j_int("attr_curmsgs", a.mq_curmsgs);
    /* the queue (mq_maxmsg 1) is now full: the same past deadline times out */
    OBS("mq_timedsend_full", mq_timedsend(q, "m", 1, 0, &ts));
}

static void timedreceive_past_ready(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR, 4, 64);
    if (mq_send(q, "hello", 5, 3) < 0) setup_fail("mq_send", errno);
    char b[65];
    unsigned prio = 0;
    struct timespec ts = deadline_ms(0);
    ts.tv_sec -= 1;
    errno = 0;
    ssize_t n = mq_timedreceive(q, b, 64, &prio, &ts);
    j_ret("mq_timedreceive", n, errno);
    if (n >= 0) { b[n] = 0; j_str("received", b); j_int("received_prio", prio); }
    else { j_null("received"); j_null("received_prio"); }
}

static void open_attr_ignored(void)
{
    header();
    struct mq_attr a = attr_of(4, 64);
    a.mq_flags = O_NONBLOCK;
    a.mq_curmsgs = 3;
    mqd_t q = obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0600, &a);
    if (q == (mqd_t)-1) return;
    j_mq_attr(q);
}

static void open_existing_keeps_attr(void)
{
    header();
    mqd_t q = new_named_queue("q", O_RDWR, 4, 64);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    struct mq_attr a = attr_of(8, 128);
    mqd_t q2 = obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_RDWR, 0600, &a);
    if (q2 == (mqd_t)-1) return;
    j_mq_attr(q2);
}

static int notify_none(mqd_t q)
{
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    return mq_notify(q, &ev);
}

static void notify_ebusy_self(void)
{
    header();
    mqd_t q = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    mqd_t q2 = mq_open(mq_name_for("q"), O_RDWR);
    if (q2 == (mqd_t)-1) setup_fail("mq_open_second", errno);
    OBS("mq_notify", notify_none(q));
    OBS("mq_notify_again", notify_none(q));
    OBS("mq_notify_other_descriptor", notify_none(q2));
}

static void notify_einval(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = 99;
    OBS("mq_notify_bad_notify", mq_notify(q, &ev));
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = 65; /* above _NSIG (64) */
    OBS("mq_notify_bad_signo", mq_notify(q, &ev));
    /* neither refused call registered anything: a valid registration is still free */
    OBS("mq_notify_valid", notify_none(q));
}

static int drop_to_nobody(void)
{
    return setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0 ? errno : 0;
}

/* Runs fn(name) in a helper (first dropped to uid/gid 65534 if drop); its result, 0 or an errno, is
 * printed as the step: _ret 0/-1 and _errno (a negative result: the helper's own setup failed).
 * Waits for the helper's exit, so that what it held (a registration, say) is gone afterwards. */
static void helper_step(const char *step, int (*fn)(const char *), const char *name, bool drop)
{
    int p[2];
    SETUP(pipe(p), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        int r = drop && drop_to_nobody() ? -2 : fn(name);
        if (write(p[1], &r, sizeof r) != sizeof r) _exit(2);
        _exit(0);
    }
    close(p[1]);
    int r = -3;
    if (read(p[0], &r, sizeof r) != sizeof r) r = -3;
    close(p[0]);
    int code, sig;
    helper_wait_quiet(pid, 2000, &code, &sig);
    if (r < 0 || sig || code != 0) setup_fail("helper_report", r == -2 ? EPERM : EIO);
    j_ret(step, r == 0 ? 0 : -1, r);
}

/* the helpers' calls: open the queue by name and register (SIGEV_NONE); unlink the name */
static int open_and_register(const char *name)
{
    mqd_t cq = mq_open(name, O_RDONLY);
    if (cq == (mqd_t)-1) return -2;
    return notify_none(cq) == 0 ? 0 : errno;
}
static int unlink_name(const char *name) { return mq_unlink(name) == 0 ? 0 : errno; }

static void child_notify(const char *step, const char *name) { helper_step(step, open_and_register, name, false); }

static void close_removes_notify(void)
{
    header();
    mqd_t q = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    const char *name = mq_name_for("q");
    mqd_t keep = mq_open(name, O_RDWR);
    if (keep == (mqd_t)-1) setup_fail("mq_open_second", errno);
    OBS("mq_notify", notify_none(q));
    child_notify("child_before_close", name);
    OBS("mq_close", mq_close(q));
    child_notify("child_after_close", name);
}

static void notify_available_after(void)
{
    header();
    block_usr1();
    mqd_t q = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    const char *name = mq_name_for("q");
    OBS("mq_notify", notify_signal(q));
    child_notify("child_before_send", name);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    siginfo_t si;
    j_int("signal_count", wait_usr1(1000, &si));
    child_notify("child_after_notification", name);
}

/* needs root to own a queue that uid 65534 then tries to remove */
static void unlink_eacces(void)
{
    header();
    if (geteuid() != 0) setup_fail("needs_root", EPERM);
    umask(0);
    const char *name = mq_name_for("q");
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0666, &a);
    if (q == (mqd_t)-1) setup_fail("mq_open", errno);
    if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    if (mq_close(q) < 0) setup_fail("mq_close", errno);
    helper_step("mq_unlink", unlink_name, name, true);
    /* the refused unlink changed nothing: the name still opens the queue, with its message */
    mqd_t q2 = obs_mq_open("reopen", name, O_RDONLY | O_NONBLOCK, 0, NULL);
    char b[64];
    if (q2 == (mqd_t)-1) { j_null("receive_ret"); j_null("receive_errno"); return; }
    OBS("receive", mq_receive(q2, b, sizeof b, NULL));
}

struct enospc_report { int unshare_err, raise_err; long raised; int lower_err, drop_err, first_err, second_err; };

static int write_queues_max(long v)
{
    FILE *f = fopen("/proc/sys/fs/mqueue/queues_max", "we");
    if (!f) return errno;
    int e = fprintf(f, "%ld\n", v) < 0 ? EIO : 0;
    if (fclose(f) != 0 && !e) e = errno;
    return e;
}

/* needs root: a private IPC namespace (CLONE_NEWIPC needs CAP_SYS_ADMIN) whose queues_max is set
 * to 1, so that the host's limit, and every other process, is left alone */
static void open_enospc(void)
{
    header();
    if (geteuid() != 0) setup_fail("needs_root", EPERM);
    long host_before = read_proc_long("/proc/sys/fs/mqueue/queues_max");
    int p[2];
    SETUP(pipe(p), "pipe");
    pid_t pid = helper_fork();
    if (pid == 0) {
        struct enospc_report rep = { -1, -1, -1, -1, -1, -1, -1 };
        rep.unshare_err = unshare(CLONE_NEWIPC) == 0 ? 0 : errno;
        if (rep.unshare_err == 0) {
            /* above the 1024 ceiling Linux 3.5 to 3.13 had */
            rep.raise_err = write_queues_max(2048);
            rep.raised = read_proc_long("/proc/sys/fs/mqueue/queues_max");
            rep.lower_err = write_queues_max(1);
            /* uid 65534 has no CAP_SYS_RESOURCE, which would lift the limit */
            rep.drop_err = drop_to_nobody();
            if (rep.lower_err == 0 && rep.drop_err == 0) {
                char n1[72], n2[72];
                object_name(n1, sizeof n1, "a");
                object_name(n2, sizeof n2, "b");
                struct mq_attr a = attr_of(1, 16);
                /* the queues live in the namespace, which goes away with this helper */
                rep.first_err = mq_open(n1, O_CREAT | O_EXCL | O_RDWR, 0600, &a) == (mqd_t)-1 ? errno : 0;
                rep.second_err = mq_open(n2, O_CREAT | O_EXCL | O_RDWR, 0600, &a) == (mqd_t)-1 ? errno : 0;
            }
        }
        if (write(p[1], &rep, sizeof rep) != sizeof rep) _exit(2);
        _exit(0);
    }
    close(p[1]);
    struct enospc_report rep;
    ssize_t got = read(p[0], &rep, sizeof rep);
    close(p[0]);
    int code, sig;
    helper_wait_quiet(pid, 2000, &code, &sig);
    if (got != (ssize_t)sizeof rep || sig || code != 0) setup_fail("helper_report", EIO);
    if (rep.unshare_err) setup_fail("unshare_newipc", rep.unshare_err);
    if (rep.drop_err) setup_fail("drop_privileges_in_namespace", rep.drop_err);
    j_int("host_queues_max_before", host_before);
    j_int("host_queues_max_after", read_proc_long("/proc/sys/fs/mqueue/queues_max"));
    j_ret("ns_write_2048", rep.raise_err ? -1 : 0, rep.raise_err);
    j_int("ns_queues_max_read", rep.raised);
    j_ret("ns_write_1", rep.lower_err ? -1 : 0, rep.lower_err);
    if (rep.lower_err) setup_fail("write_queues_max", rep.lower_err);
    j_ret("mq_open_first", rep.first_err ? -1 : 0, rep.first_err);
    j_ret("mq_open_second", rep.second_err ? -1 : 0, rep.second_err);
}

#define C(id, fn, sum) { id, "mq", sum, fn, 0 }
#define U(id, fn, sum) { id, "mq", sum, fn, CASE_UNPRIV }
static void unlink_name_case(const char *name, bool show_len)
{
    header();
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    OBS("mq_unlink", mq_unlink(name));
}

static void unlink_created_name_case(const char *name, bool show_len)
{
    header();
    if (show_len) j_int("name_length", (long long)strlen(name) - 1);
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
    if (q == (mqd_t)-1) setup_fail("mq_open", errno);
    mq_close(q);
    OBS("mq_unlink", mq_unlink(name));
    obs_mq_open("reopen", name, O_RDWR, 0, NULL);
}

static void unlink_too_long(void) { long_name_case(true, register_mq_name, unlink_name_case); }
static void unlink_max_length(void) { long_name_case(false, register_mq_name, unlink_created_name_case); }

static void unlink_name_reuse(void)
{
    header();
    mqd_t old = new_named_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    if (mq_send(old, "old", 3, 0) < 0) setup_fail("mq_send", errno);
    const char *name = mq_name_for("q");
    if (mq_unlink(name) < 0) setup_fail("mq_unlink", errno);
    struct mq_attr a = attr_of(8, 128);
    mqd_t q = obs_mq_open("mq_open", name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0600, &a);
    if (q != (mqd_t)-1) {
        struct mq_attr n;
        if (mq_getattr(q, &n) < 0) setup_fail("mq_getattr", errno);
        j_int("new_maxmsg", n.mq_maxmsg);
        j_int("new_curmsgs", n.mq_curmsgs);
    }
    struct mq_attr o;
    if (mq_getattr(old, &o) < 0) setup_fail("mq_getattr", errno);
    j_int("old_curmsgs", o.mq_curmsgs);
    char b[65];
    ssize_t r = mq_receive(old, b, 64, NULL);
    j_ret("old_receive", r, errno);
    if (r >= 0) { b[r] = 0; j_str("old_received", b); }
}

static void receive_emsgsize_keeps(void) { receive_emsgsize_case(true); }

static void timedsend_nonblock_full(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    for (int i = 0; i < 4; i++) if (mq_send(q, "m", 1, 0) < 0) setup_fail("mq_send", errno);
    struct timespec ts = deadline_ms(5000);
    OBS("mq_timedsend", mq_timedsend(q, "m", 1, 0, &ts));
}

static void timedreceive_nonblock_empty(void)
{
    header();
    mqd_t q = new_queue("q", O_RDWR | O_NONBLOCK, 4, 64);
    char b[64];
    struct timespec ts = deadline_ms(5000);
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
}

static void open_umask(void)
{
    header();
    mode_t old = umask(077);
    struct mq_attr a = attr_of(4, 64);
    mqd_t q = obs_mq_open("mq_open", mq_name_for("q"), O_CREAT | O_EXCL | O_RDWR, 0666, &a);
    umask(old);
    if (q == (mqd_t)-1) return;
    struct stat st;
    if (fstat((int)q, &st) < 0) setup_fail("fstat", errno);
    j_octal("mode", (unsigned)(st.st_mode & 07777));
}

CASE_TABLE(cases_mq) = {
    C("mq.open.create", open_create, "create with attributes; mq_getattr returns them"),
    C("mq.open.excl-eexist", open_excl_eexist, "O_CREAT|O_EXCL on an existing queue: EEXIST"),
    C("mq.open.enoent", open_enoent, "open of a missing queue without O_CREAT: ENOENT"),
    C("mq.open.default-attr", open_default_attr, "create with attr NULL uses msg_default/msgsize_default"),
    C("mq.name.no-leading-slash", name_no_leading_slash, "name without a leading slash (glibc: EINVAL)"),
    C("mq.name.slash-only", name_slash_only, "name \"/\""),
    C("mq.name.empty", name_empty, "the empty name"),
    C("mq.name.embedded-slash", name_embedded_slash, "name with a second slash (Linux: EACCES)"),
    C("mq.name.too-long", name_too_long, "name of NAME_MAX+1 characters after the slash: ENAMETOOLONG"),
    C("mq.name.max-length", name_max_length, "name of NAME_MAX characters after the slash is accepted"),
    C("mq.order.priority", order_priority, "messages are received highest priority first"),
    C("mq.order.fifo-within-priority", order_fifo_within_priority, "messages of equal priority are received in send order"),
    C("mq.send.emsgsize", send_emsgsize, "message longer than mq_msgsize: EMSGSIZE"),
    C("mq.receive.emsgsize", receive_emsgsize, "receive buffer smaller than mq_msgsize: EMSGSIZE"),
    C("mq.send.nonblock-full", send_nonblock_full, "O_NONBLOCK send to a full queue: EAGAIN"),
    C("mq.receive.nonblock-empty", receive_nonblock_empty, "O_NONBLOCK receive from an empty queue: EAGAIN"),
    C("mq.timedreceive.etimedout", timedreceive_etimedout, "mq_timedreceive on an empty queue times out after ~50 ms: ETIMEDOUT"),
    C("mq.timedsend.etimedout", timedsend_etimedout, "mq_timedsend to a full queue times out after ~50 ms: ETIMEDOUT"),
    C("mq.timedreceive.past-deadline", timedreceive_past, "a deadline in the past: ETIMEDOUT at once"),
    C("mq.timedreceive.invalid-nsec", timedreceive_invalid_nsec, "tv_nsec 1e9 when it would block: EINVAL"),
    C("mq.timedreceive.message-ready", timedreceive_message_ready, "tv_nsec 1e9 with a message ready (POSIX: need not be checked)"),
    C("mq.attr.maxmsg-zero", attr_maxmsg_zero, "mq_maxmsg 0: EINVAL"),
    C("mq.attr.msgsize-negative", attr_msgsize_negative, "mq_msgsize -1: EINVAL"),
    U("mq.attr.maxmsg-over-limit", attr_maxmsg_over, "unprivileged mq_maxmsg above msg_max: EINVAL"),
    U("mq.attr.msgsize-over-limit", attr_msgsize_over, "unprivileged mq_msgsize above msgsize_max: EINVAL"),
    C("mq.setattr.only-nonblock", setattr_only_nonblock, "mq_setattr changes O_NONBLOCK only"),
    C("mq.getattr.curmsgs", getattr_curmsgs, "mq_curmsgs counts queued messages"),
    C("mq.send.ebadf-rdonly", send_ebadf_rdonly, "mq_send on a read-only descriptor: EBADF"),
    C("mq.receive.ebadf-wronly", receive_ebadf_wronly, "mq_receive on a write-only descriptor: EBADF"),
    C("mq.send.prio-max", send_prio_max, "priority sysconf(_SC_MQ_PRIO_MAX): EINVAL; one less is accepted and received with that priority"),
    C("mq.unlink.enoent", unlink_enoent, "mq_unlink of a missing queue: ENOENT"),
    C("mq.unlink.while-open", unlink_while_open, "an unlinked queue keeps working for open descriptors; reopen fails"),
    U("mq.perm.eacces", perm_eacces, "O_RDWR open of a mode-0400 queue by its owner: EACCES"),
    U("mq.perm.rdonly-ok", perm_rdonly_ok, "O_RDONLY open of a mode-0400 queue by its owner succeeds"),
    C("mq.notify.signal", notify_signal_case, "mq_notify SIGEV_SIGNAL: a send to the empty queue raises the signal with SI_MESGQ"),
    C("mq.notify.ebusy", notify_ebusy, "a second process registering: EBUSY"),
    C("mq.notify.one-shot", notify_one_shot, "a notification is sent once, then the registration is gone"),
    C("mq.notify.unregister", notify_unregister, "mq_notify(NULL) removes the registration"),
    C("mq.notify.thread", notify_thread, "mq_notify SIGEV_THREAD runs the function with sigev_value"),
    C("mq.notify.blocked-receiver-wins", notify_blocked_receiver, "with a receiver blocked in mq_receive, no notification is sent"),
    C("mq.fd.poll", fd_poll, "mqd_t is a pollable descriptor on Linux"),
    C("mq.close.ebadf", close_ebadf, "mq_close returns 0; the descriptor is then closed (fcntl EBADF) and a second mq_close fails with EBADF"),
    C("mq.getattr.ebadf", getattr_ebadf, "mq_getattr of a closed descriptor: EBADF"),
    C("mq.setattr.ebadf", setattr_ebadf, "mq_setattr (mq_flags 0) of a closed descriptor: EBADF"),
    C("mq.setattr.einval-unchanged", setattr_einval_unchanged, "mq_setattr with mq_flags O_NONBLOCK|O_APPEND: EINVAL on Linux, and the attributes are unchanged"),
    C("mq.setattr.old-attr", setattr_old_attr, "omqstat of mq_setattr holds all four attributes, as mq_getattr just before"),
    C("mq.timedsend.invalid-nsec", timedsend_invalid_nsec, "mq_timedsend to a full queue with tv_nsec 1e9: EINVAL"),
    C("mq.timedsend.negative-sec", timedsend_negative_sec, "mq_timedsend to a full queue with abstime {-1, 0}: EINVAL on Linux (POSIX: ETIMEDOUT)"),
    C("mq.timedreceive.negative-sec", timedreceive_negative_sec, "mq_timedreceive on an empty queue with abstime {-1, 0}: EINVAL on Linux (POSIX: ETIMEDOUT)"),
    C("mq.timedsend.past-deadline", timedsend_past_room, "mq_timedsend with a past deadline: 0 with room, ETIMEDOUT once full"),
    C("mq.timedreceive.past-deadline-ready", timedreceive_past_ready, "mq_timedreceive with a past deadline and a message queued returns the message"),
    C("mq.open.attr-flags-curmsgs-ignored", open_attr_ignored, "create with mq_flags O_NONBLOCK and mq_curmsgs 3 in attr: both ignored"),
    C("mq.open.existing-keeps-attr", open_existing_keeps_attr, "O_CREAT (no O_EXCL) of an existing queue with other attributes: its attributes and message stay"),
    C("mq.notify.ebusy-self", notify_ebusy_self, "the registered process registering again (same or another descriptor): EBUSY"),
    C("mq.notify.einval", notify_einval, "mq_notify with sigev_notify 99, or SIGEV_SIGNAL with signal 65: EINVAL"),
    C("mq.close.removes-notify", close_removes_notify, "mq_close of the registering descriptor frees the registration for another process"),
    C("mq.notify.available-after", notify_available_after, "after the notification is sent, another process can register"),
    C("mq.notify.ebadf", notify_ebadf, "mq_notify of a closed descriptor: EBADF"),
    C("mq.unlink.eacces", unlink_eacces, "(needs root) uid 65534 unlinking root's mode-0666 queue: EACCES, and the queue is unchanged"),
    C("mq.open.enospc", open_enospc, "(needs root) queues_max 1 in a private IPC namespace, as uid 65534: the second mq_open(O_CREAT) fails with ENOSPC"),
    C("mq.unlink.too-long", unlink_too_long, "mq_unlink of a name of NAME_MAX+1 characters after the slash: ENAMETOOLONG"),
    C("mq.unlink.max-length", unlink_max_length, "mq_unlink of the NAME_MAX-character name mq_open created: 0, then the name is gone"),
    C("mq.unlink.name-reuse", unlink_name_reuse, "after mq_unlink, O_CREAT|O_EXCL of the name creates a new empty queue; the unlinked one keeps its message"),
    C("mq.receive.emsgsize-keeps", receive_emsgsize_keeps, "after an EMSGSIZE receive the message stays queued and a large enough buffer receives it"),
    C("mq.timedsend.nonblock-full", timedsend_nonblock_full, "mq_timedsend to a full O_NONBLOCK queue, deadline 5 s ahead: EAGAIN"),
    C("mq.timedreceive.nonblock-empty", timedreceive_nonblock_empty, "mq_timedreceive from an empty O_NONBLOCK queue, deadline 5 s ahead: EAGAIN"),
    C("mq.timedreceive.order", timedreceive_order, "mq_timedreceive receives highest priority first, as mq_receive"),
    C("mq.open.umask", open_umask, "umask 077, mode 0666: the queue's mode is 0600"),
};
CASE_COUNT(cases_mq_count, cases_mq);

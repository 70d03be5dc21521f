/* Blocking semantics: a call blocked on a pipe, FIFO or queue, interrupted by a caught signal
 * (EINTR, the handler installed without SA_RESTART), or released when the other side acts. */
#include "probe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t g_interrupts;
static void on_usr1(int sig) { (void)sig; g_interrupts++; }

/* A helper that sends SIGUSR1 to the probe every 20 ms until stopped: the first one that lands
 * while the probe is blocked interrupts the call, whenever the probe gets there. */
static pid_t start_interrupter(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1; /* no SA_RESTART: an interrupted call fails with EINTR */
    SETUP(sigaction(SIGUSR1, &sa, NULL), "sigaction");
    pid_t parent = getpid();
    pid_t pid = helper_fork();
    if (pid == 0) {
        for (int i = 0; i < 200; i++) { sleep_ms(20); if (kill(parent, SIGUSR1) < 0) _exit(1); }
        _exit(0);
    }
    return pid;
}

static void stop_interrupter(pid_t pid)
{
    int code, sig;
    kill(pid, SIGKILL);
    helper_wait_quiet(pid, 1000, &code, &sig);
    j_bool("interrupted_by_handler", g_interrupts > 0);
}

static void pipe2_or_fail(int fds[2])
{
    if (pipe2(fds, O_CLOEXEC) < 0) setup_fail("pipe", errno);
}

static void eintr_pipe_read(void)
{
    int fds[2]; pipe2_or_fail(fds);
    char b[8];
    pid_t h = start_interrupter();
    OBS("read", read(fds[0], b, sizeof b));
    stop_interrupter(h);
}

static void eintr_pipe_write(void)
{
    int fds[2]; pipe2_or_fail(fds);
    pipe_fill_nonblock(fds[1]);
    set_nonblock(fds[1], false);
    pid_t h = start_interrupter();
    OBS("write", write(fds[1], "x", 1));
    stop_interrupter(h);
}

static void eintr_fifo_open(void)
{
    const char *path = tmp_path("fifo");
    SETUP(mkfifo(path, 0600), "mkfifo");
    pid_t h = start_interrupter();
    int fd = obs_open("open", path, O_RDONLY); /* no writer ever comes */
    stop_interrupter(h);
    if (fd >= 0) close(fd);
}

static mqd_t blocking_queue(const char *tag) { return new_queue(tag, O_RDWR, 1, 16); }

static void eintr_mq_timedreceive(void)
{
    mqd_t q = blocking_queue("q");
    char b[16];
    struct timespec ts = deadline_ms(3000);
    pid_t h = start_interrupter();
    OBS("mq_timedreceive", mq_timedreceive(q, b, sizeof b, NULL, &ts));
    stop_interrupter(h);
}

static void eintr_mq_timedsend(void)
{
    mqd_t q = blocking_queue("q");
    if (mq_send(q, "full", 4, 0) < 0) setup_fail("mq_send", errno);
    struct timespec ts = deadline_ms(3000);
    pid_t h = start_interrupter();
    OBS("mq_timedsend", mq_timedsend(q, "more", 4, 0, &ts));
    stop_interrupter(h);
}

/* The other side acts: a helper holds the only other end and lets it go after 50 ms. */
static void blocked_reader_writer_closes(void)
{
    int fds[2]; pipe2_or_fail(fds);
    pid_t pid = helper_fork();
    if (pid == 0) { close(fds[0]); sleep_ms(50); _exit(0); } /* the write end closes as it exits */
    close(fds[1]);
    char b[8];
    OBS("read", read(fds[0], b, sizeof b));
    helper_wait(pid, 2000, "child");
}

static void blocked_writer_reader_closes(void)
{
    int fds[2]; pipe2_or_fail(fds);
    pipe_fill_nonblock(fds[1]);
    set_nonblock(fds[1], false);
    pid_t pid = helper_fork();
    if (pid == 0) { close(fds[1]); sleep_ms(50); _exit(0); } /* the read end closes as it exits */
    close(fds[0]);
    OBS("write", write(fds[1], "x", 1)); /* SIGPIPE is ignored in the probe */
    helper_wait(pid, 2000, "child");
}

#define C(id, iface, fn, sum) { id, iface, sum, fn, 0 }
CASE_TABLE(cases_blocking) = {
    C("pipe.eintr.read", "pipe", eintr_pipe_read, "a read blocked on an empty pipe, interrupted by a caught signal: EINTR"),
    C("pipe.eintr.write", "pipe", eintr_pipe_write, "a write blocked on a full pipe, interrupted by a caught signal: EINTR"),
    C("fifo.eintr.open", "fifo", eintr_fifo_open, "a blocking O_RDONLY open of a FIFO without writer, interrupted: EINTR"),
    C("mq.eintr.timedreceive", "mq", eintr_mq_timedreceive, "mq_timedreceive blocked on an empty queue, interrupted: EINTR"),
    C("mq.eintr.timedsend", "mq", eintr_mq_timedsend, "mq_timedsend blocked on a full queue, interrupted: EINTR"),
    C("pipe.blocked-read.writer-closes", "pipe", blocked_reader_writer_closes, "a blocked reader gets end-of-file when the last writer closes"),
    C("pipe.blocked-write.reader-closes", "pipe", blocked_writer_reader_closes, "a writer blocked on a full pipe gets EPIPE when the last reader closes"),
};
CASE_COUNT(cases_blocking_count, cases_blocking);

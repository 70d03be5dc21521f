/* Diagnostic modes of ipcpeer, outside the control protocol, for tests and benchmarks:
 *   --layout               the shared segment's offsets as this compiler lays the structs out
 *   --message SIZE SEQ     writes message SEQ of SIZE bytes to stdout (as msg_build makes it)
 *   --verify SIZE SEQ      reads SIZE bytes from stdin and verifies them as message SEQ: prints
 *                          OK, or the `ERROR verify: ...` line and exit 1
 * Bad arguments: `ERROR <what>`, exit 2. */
#include "peer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void layout_print(void)
{
    printf("magic=%zu\nversion=%zu\nslot_size=%zu\nslots=%zu\nready=%zu\n", offsetof(struct seg_header, magic),
           offsetof(struct seg_header, version), offsetof(struct seg_header, slot_size),
           offsetof(struct seg_header, slots), offsetof(struct seg_header, ready));
    printf("c2s=%zu\ns2c=%zu\ncontrol_size=%zu\nconsumer_waiting=%zu\nproducer_waiting=%zu\n",
           offsetof(struct segment, c2s), offsetof(struct segment, s2c), sizeof(struct ring_control),
           offsetof(struct ring_control, consumer_waiting), offsetof(struct ring_control, producer_waiting));
    printf("slot_turn=%zu\nslot_message=%zu\nping=%zu\npong=%zu\n", offsetof(struct slot_header, turn),
           sizeof(struct slot_header), offsetof(struct cacheline_segment, ping), offsetof(struct cacheline_segment, pong));
    printf("msg_seq=%zu\nmsg_size=%zu\nmsg_reserved=%zu\nmsg_header=%zu\n", offsetof(struct msg_header, seq),
           offsetof(struct msg_header, size), offsetof(struct msg_header, reserved), sizeof(struct msg_header));
}

static uint64_t arg_number(const char *what, const char *v, uint64_t min, uint64_t max)
{
    char *end;
    errno = 0;
    unsigned long long x = (v[0] >= '0' && v[0] <= '9') ? strtoull(v, &end, 10) : 0;
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || x < min || x > max)
        peer_exit_error(2, "%s: expected an integer from %llu to %llu, got '%s'", what, (unsigned long long)min,
                        (unsigned long long)max, v);
    return x;
}

static void io_all(int fd, uint8_t *p, size_t n, int out)
{
    while (n > 0) {
        ssize_t r = out ? write(fd, p, n) : read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            peer_fail("%s: %s", out ? "write stdout" : "read stdin", r < 0 ? strerror(errno) : "end of file");
        p += r;
        n -= (size_t)r;
    }
}

int diag_main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--layout") == 0) {
        layout_print();
        return 0;
    }
    if (argc == 4 && (strcmp(argv[1], "--message") == 0 || strcmp(argv[1], "--verify") == 0)) {
        uint32_t size = (uint32_t)arg_number("SIZE", argv[2], PROTO_MIN_SIZE, PROTO_MAX_SIZE);
        uint64_t seq = arg_number("SEQ", argv[3], 0, UINT64_MAX);
        uint8_t *m = msg_alloc(size);
        if (argv[1][2] == 'm') {
            msg_build(m, seq, size);
            io_all(STDOUT_FILENO, m, size, 1);
        } else {
            io_all(STDIN_FILENO, m, size, 0);
            msg_verify(m, seq, size);
            ctl_send("OK");
        }
        free(m);
        return 0;
    }
    return -1;
}

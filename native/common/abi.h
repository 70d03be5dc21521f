/* What ipcpeer and ipcprobe share: the name of the ABI they were built for, as the harness
 * names it (native/build/<abi>/), and writing one whole line to a descriptor. */
#ifndef IPCBENCH_COMMON_ABI_H
#define IPCBENCH_COMMON_ABI_H

#include <stddef.h>

#if defined(__x86_64__)
#define IPCBENCH_ABI "x86_64"
#elif defined(__i386__) && defined(_FILE_OFFSET_BITS) && _FILE_OFFSET_BITS == 64
#define IPCBENCH_ABI "i686-lfs"
#elif defined(__i386__)
#define IPCBENCH_ABI "i686"
#else
#error "ipcpeer and ipcprobe support x86-64 and i686 only"
#endif

/* Writes all n bytes with write(2), retrying after EINTR and short writes (async-signal-safe:
 * the probe calls it from its crash and watchdog paths). 0 when all went out, -1 otherwise. */
int write_whole(int fd, const char *p, size_t n);

#endif

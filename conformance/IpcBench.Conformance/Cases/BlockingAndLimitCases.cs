using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>
/// The families that cut across interfaces (native/ipcprobe/CASES.md, "blocking" and "limits"):
/// blocked calls interrupted by a caught signal or released by the other side, resource limits
/// lowered in the probe itself, address-space edges and descriptor properties.
/// </summary>
public static class BlockingAndLimitCases
{
    static ConformanceCase C(CaseInterface i, string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = i, Reference = reference, Expected = expected };

    /// <summary>The call failed with EINTR and the probe's handler ran (the signal was caught, not fatal).</summary>
    static Expectation Interrupted(string step) => Fails(step, "EINTR") & IsTrue("interrupted_by_handler");

    /// <summary>A VmLck difference (kB) of exactly n pages.</summary>
    static Expectation LockedPages(string field, int n) =>
        Computed(field, $"{n}*page_size/1024", o => n * PageSize(o) / 1024);

    const string EmfileNote = "RLIMIT_NOFILE lowered to 32 in the probe";

    public static IEnumerable<ConformanceCase> All() =>
    [
        // ---- blocking: EINTR on every interruptible call, and the other side acting ----
        C(CaseInterface.Pipe, "pipe.eintr.read", "POSIX read(), ERRORS: \"[EINTR] The read operation was terminated due to the receipt of a signal, and no data was transferred.\" (an empty pipe)",
            Interrupted("read")),
        C(CaseInterface.Pipe, "pipe.eintr.write", "POSIX write(), ERRORS: \"[EINTR] The write operation was terminated due to the receipt of a signal, and no data was transferred.\" (a full pipe)",
            Interrupted("write")),
        C(CaseInterface.Fifo, "fifo.eintr.open", "POSIX open(), ERRORS: \"[EINTR] A signal was caught during open().\" (a blocking O_RDONLY open of a FIFO without writer)",
            Interrupted("open")),
        C(CaseInterface.MessageQueue, "mq.eintr.timedreceive", "POSIX mq_receive(), ERRORS: \"[EINTR] The mq_receive() operation was interrupted by a signal.\" (mq_timedreceive on an empty queue)",
            Interrupted("mq_timedreceive")),
        C(CaseInterface.MessageQueue, "mq.eintr.timedsend", "POSIX mq_send(), ERRORS: \"[EINTR] A signal interrupted the call to mq_send().\" (mq_timedsend on a full queue)",
            Interrupted("mq_timedsend")),
        C(CaseInterface.Pipe, "pipe.blocked-read.writer-closes", "POSIX read(), DESCRIPTION: \"If no process has the pipe open for writing, read() shall return 0 to indicate end-of-file.\" (a reader blocked when the last writer closes)",
            Returns("read", 0) & ChildExits(0))
            with { Managed = Managed.DescriptorBlockingChecks.BlockedReadWriterCloses },
        C(CaseInterface.Pipe, "pipe.blocked-write.reader-closes", "POSIX write(), ERRORS: \"[EPIPE] An attempt is made to write to a pipe or FIFO that is not open for reading by any process, or that only has one end open.\" (a writer blocked on a full pipe when the last reader closes)",
            Fails("write", "EPIPE") & ChildExits(0))
            with { Managed = Managed.DescriptorBlockingChecks.BlockedWriteReaderCloses },

        // ---- resource limits ----
        C(CaseInterface.Pipe, "pipe.limit.emfile", $"POSIX pipe(), ERRORS: \"[EMFILE] All, or all but one, of the file descriptors available to the process are currently open.\" ({EmfileNote})",
            Fails("pipe", "EMFILE") & AtLeast("pipes_made", 1) & Inputs("nofile_limit")),
        C(CaseInterface.SharedMemory, "shm.limit.emfile", $"POSIX shm_open(), ERRORS: \"[EMFILE] All file descriptors available to the process are currently open.\" ({EmfileNote})",
            Fails("shm_open", "EMFILE") & AtLeast("opens_made", 1) & Inputs("nofile_limit")),
        C(CaseInterface.MessageQueue, "mq.limit.emfile", $"POSIX mq_open(), ERRORS: \"[EMFILE] Too many message queue descriptors or file descriptors are currently in use by this process.\" ({EmfileNote})",
            Fails("mq_open", "EMFILE") & AtLeast("opens_made", 1) & Inputs("nofile_limit")),
        C(CaseInterface.MessageQueue, "mq.limit.msgqueue", "Linux getrlimit(2), DESCRIPTION: \"RLIMIT_MSGQUEUE (since Linux 2.6.8) This is a limit on the number of bytes that can be allocated for POSIX message queues for the real user ID of the calling process.\" (a queue larger than the limit: mq_open fails with EMFILE)",
            Fails("mq_open", "EMFILE") & Inputs("msgqueue_limit")),
        C(CaseInterface.Mmap, "mmap.limit.mlock-memlock", "POSIX mlock(), ERRORS: \"[ENOMEM] Locking the pages mapped by the specified range would exceed an implementation-defined limit on the amount of memory that the process may lock.\" (unprivileged; Linux's limit is RLIMIT_MEMLOCK, mlock(2): ENOMEM since 2.6.9. A 'may fail' beside the 'shall fail' [EAGAIN], and where two errors apply either may be returned, so no departure)",
            Fails("mlock", "ENOMEM") & Inputs("memlock_limit")),
        C(CaseInterface.Mmap, "mmap.limit.mlockall-future", "POSIX mmap(), ERRORS: \"[EAGAIN] The mapping could not be locked in memory, if required by mlockall(), due to a lack of resources.\" (unprivileged, RLIMIT_MEMLOCK 16 pages, a 64-page mapping after mlockall(MCL_FUTURE))",
            Returns("mlockall", 0) & Fails("mmap", "EAGAIN") & Inputs("memlock_limit")),
        // ---- mlock(), munlock(), mlockall(), munlockall() ----
        C(CaseInterface.Mmap, "mmap.munlock.once-unlocks", "POSIX mlock(), DESCRIPTION: \"The munlock() function shall unlock those whole pages containing any part of the address space of the process starting at address addr and continuing for len bytes, regardless of how many times mlock() has been called by the process for any of the pages in the specified range.\" (one page locked twice, unlocked once: VmLck of /proc/self/status back to before)",
            Returns("mlock", 0) & Returns("mlock_again", 0) & LockedPages("locked_kb", 1) & Returns("munlock", 0) & Is("after_munlock_kb", 0)),
        C(CaseInterface.Mmap, "mmap.mlock.unaligned-addr", "Linux mlock(2), NOTES: \"Under Linux, mlock(), mlock2(), and munlock() automatically round addr down to the nearest page boundary.\" (mlock(base + 1, 1) locks the whole page, munlock(base + 1, 1) unlocks it: the optional POSIX [EINVAL] for an unaligned addr is not used)",
            Returns("mlock", 0) & LockedPages("locked_kb", 1) & Returns("munlock", 0) & Is("after_munlock_kb", 0)),
        C(CaseInterface.Mmap, "mmap.mlock.enomem-hole", "POSIX mlock(), ERRORS: \"[ENOMEM] Some or all of the address range specified by the addr and len arguments does not correspond to valid mapped pages in the address space of the process.\" (a mapped page followed by an unmapped one; Linux keeps the lock it put on the mapped page before it found the hole)",
            Fails("mlock", "ENOMEM") & LockedPages("locked_kb", 1))
            with { DepartsFrom = "POSIX mlock(): Otherwise, no change is made to any locks in the address space of the process, and the function shall return a value of -1 and set errno to indicate the error" },
        C(CaseInterface.Mmap, "mmap.mlock.einval-overflow", "Linux mlock(2), ERRORS: \"EINVAL (mlock(), mlock2(), and munlock()) The result of the addition addr+len was less than addr (e.g., the addition may have resulted in an overflow).\" (len = SIZE_MAX - page + 1; unprivileged, mlock checks RLIMIT_MEMLOCK first and gives ENOMEM; a 32-bit process on a 64-bit kernel does not overflow the kernel's sum, whose range then lies past the compat address space: ENOMEM, POSIX's own answer for unmapped pages)",
            ByLongBits(Fails("munlock", "EINVAL"), ByKernelBits(FailsWithOneOf("munlock", "EINVAL", "ENOMEM"), Fails("munlock", "EINVAL"))) & FailsWithOneOf("mlock", "EINVAL", "ENOMEM")),
        C(CaseInterface.Mmap, "mmap.mlock2.einval-flags", "Linux mlock(2), ERRORS: \"EINVAL (mlock2()) Unknown flags were specified.\" (flags 0x2)",
            Fails("mlock2", "EINVAL")),
        C(CaseInterface.Mmap, "mmap.mlockall.einval-flags", "POSIX mlockall(), ERRORS: \"[EINVAL] The flags argument is zero, or includes unimplemented flags.\" (0, MCL_ONFAULT alone and MCL_CURRENT | 0x10)",
            Fails("mlockall_zero", "EINVAL") & Fails("mlockall_onfault_alone", "EINVAL") & Fails("mlockall_unknown_flag", "EINVAL")),
        C(CaseInterface.Mmap, "mmap.munlockall.unlocks", "POSIX mlockall(), DESCRIPTION: \"The munlockall() function shall unlock all currently mapped pages of the address space of the process.\" (2 pages of one mapping and 1 of another locked: VmLck of /proc/self/status is 0 after munlockall(), which returns 0 also with nothing locked)",
            Returns("munlockall_nothing_locked", 0) & Returns("mlock_a", 0) & Returns("mlock_b", 0) & LockedPages("locked_kb", 3)
            & Returns("munlockall", 0) & Is("vmlck_kb", 0)),
        C(CaseInterface.Mmap, "mmap.munlockall.clears-future", "POSIX mlockall(), DESCRIPTION: \"Any pages that become mapped into the address space of the process after a call to munlockall() shall not be locked, unless there is an intervening call to mlockall() specifying MCL_FUTURE or a subsequent call to mlockall() specifying MCL_CURRENT.\" (mlockall(MCL_FUTURE), munlockall(), then a page mapped and touched: VmLck of /proc/self/status is 0)",
            Returns("mlockall", 0) & Returns("munlockall", 0) & Is("vmlck_kb", 0)),
        C(CaseInterface.Mmap, "mmap.mlock.eperm-memlock-zero", "POSIX mlock(), ERRORS: \"[EPERM] The calling process does not have appropriate privileges to perform the requested operation.\" (unprivileged: within an RLIMIT_MEMLOCK of one page mlock needs no privilege; with RLIMIT_MEMLOCK 0 mlock and mlockall(MCL_CURRENT) fail with EPERM, not ENOMEM)",
            Returns("mlock_within_limit", 0) & Fails("mlock", "EPERM") & Fails("mlockall", "EPERM") & Inputs("memlock_limit", "memlock_limit_zero")),
        C(CaseInterface.Mmap, "mmap.mlockall.current-enomem", "POSIX mlockall(), ERRORS: \"[ENOMEM] Locking all of the pages currently mapped into the address space of the process would exceed an implementation-defined limit on the amount of memory that the process may lock.\" (unprivileged, RLIMIT_MEMLOCK one page: nothing is locked, VmLck of /proc/self/status stays 0)",
            Fails("mlockall", "ENOMEM") & Is("vmlck_kb", 0) & Inputs("memlock_limit")),
        C(CaseInterface.Mmap, "mmap.limit.max-map-count", "Linux mmap(2), ERRORS: \"ENOMEM The process's maximum number of mappings would have been exceeded.\" (vm.max_map_count)",
            Fails("mmap", "ENOMEM") & That("max_map_count / 2 < mappings_made <= max_map_count",
                o => o.Int("mappings_made") is { } n && o.Int("max_map_count") is { } max && n > max / 2 && n <= max, "mappings_made", "max_map_count"))
            with
            {
                DepartsFrom = "POSIX mmap(): [EMFILE] The number of mapped regions would exceed an implementation-defined limit (per process or per system)",
                Timeout = TimeSpan.FromSeconds(40), // the probe's own watchdog is 30 s for this case
            },

        // ---- address-space edges ----
        C(CaseInterface.Mmap, "mmap.addr.min-addr-hint", "Linux mmap(2), DESCRIPTION: \"If addr is not NULL, then the kernel takes it as a hint about where to place the mapping; on Linux, the kernel will pick a nearby page boundary (but always above or equal to the value specified by /proc/sys/vm/mmap_min_addr) and attempt to create the mapping there.\" (hint: the first page)",
            Succeeds("mmap") & IsTrue("at_or_above_min") & AtLeast("mmap_min_addr", 0))
            with { Managed = Managed.DescriptorBlockingChecks.MinAddrHint },
        C(CaseInterface.Mmap, "mmap.len.near-4g", "POSIX mmap(), ERRORS: \"[ENOMEM] MAP_FIXED was specified, and the range [addr,addr+len) exceeds that allowed for the address space of a process; or, if MAP_FIXED was not specified and there is insufficient room in the address space to effect the mapping.\" (4 GiB - page of PROT_NONE: room on 64-bit, none on 32-bit)",
            ByLongBits(Succeeds("mmap"), Fails("mmap", "ENOMEM")) & Inputs("length"))
            with { Managed = Managed.MmapChecks.LenNear4G },
        C(CaseInterface.Mmap, "mmap.addr.above-3g", "Linux personality(2), DESCRIPTION: \"ADDR_LIMIT_3GB (since Linux 2.4.0) With this flag set, use 0xc0000000 as the offset at which to search a virtual memory chunk on mmap(2); otherwise use 0xffffe000.\" (a 32-bit process under a 64-bit kernel maps above 3 GiB; under a native 32-bit kernel, whose usual 3G/1G split keeps the top GiB for itself, user space ends at 0xc0000000 and MAP_FIXED_NOREPLACE there fails with ENOMEM)",
            ByKernelBits(Succeeds("mmap") & IsTrue("returned_requested") & Completes("write"), Fails("mmap", "ENOMEM")) & Inputs("addr")),

        // ---- descriptor properties ----
        C(CaseInterface.Pipe, "pipe.fionread", "Linux pipe(7), DESCRIPTION: \"The FIONREAD operation is not specified in any standard, but is provided on many implementations.\" (it counts the unread bytes of either end)",
            Returns("ioctl", 0) & Is("fionread", 10))
            with { Managed = Managed.DescriptorBlockingChecks.PipeFionread },
        C(CaseInterface.Fifo, "fifo.open.o-path", "Linux open(2), DESCRIPTION: \"The file itself is not opened, and other file operations (e.g., read(2), write(2), fchmod(2), fchown(2), fgetxattr(2), ioctl(2), mmap(2)) fail with the error EBADF.\" (O_PATH on a FIFO without writer does not block)",
            Returns("open", 0) & Fails("read", "EBADF"))
            with { Managed = Managed.DescriptorBlockingChecks.FifoOpenOPath },
        C(CaseInterface.SharedMemory, "shm.fstat.fields", "POSIX fstat(), DESCRIPTION: \"If fildes references a shared memory object, the implementation shall update in the stat structure pointed to by the buf argument the st_uid, st_gid, st_size, and st_mode fields, and only the S_IRUSR, S_IWUSR, S_IRGRP, S_IWGRP, S_IROTH, and S_IWOTH file permission bits need be valid.\"",
            Returns("fstat", 0) & Computed("size", "3*page_size", o => 3 * PageSize(o)) & Mode("mode", "0640") & IsTrue("uid_is_euid") & IsTrue("gid_is_egid"))
            with { Managed = Managed.DescriptorBlockingChecks.ShmFstatFields },
        C(CaseInterface.MessageQueue, "mq.qsize", "Linux mq_overview(7), DESCRIPTION: \"QSIZE Number of bytes of data in all messages in the queue (but see BUGS).\" (two messages of 5 and 7 bytes)",
            IsTrue("mqueue_mounted") & Is("qsize", 12))
            with
            {
                UnsupportedWhen = (IsFalse("mqueue_mounted"), "the mqueue file system is not mounted at /dev/mqueue"),
                Managed = Managed.DescriptorBlockingChecks.MqQsize,
            },
    ];
}

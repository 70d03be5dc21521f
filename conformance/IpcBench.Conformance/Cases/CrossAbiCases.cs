using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>
/// An x86-64 managed process (this one, through IpcBench.Interop) and an ipcprobe of each ABI
/// share one object; each must see exactly what the other wrote. The managed side creates and
/// removes every object; the probe runs a cross-ABI mode (native/ipcprobe/CASES.md, "Cross-ABI
/// modes"). The observation is <c>{"managed": {...}, "probe": {...}}</c>.
/// </summary>
public static class CrossAbiCases
{
    static ConformanceCase C(string id, string reference, Expectation expected, CrossAbiExchange exchange) =>
        new() { Id = id, Interface = CaseInterface.CrossAbi, Reference = reference, Expected = expected, Exchange = exchange, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>sizeof(struct mq_attr) as the probe's ABI sees it: 8 longs.</summary>
    static readonly Expectation ProbeMqAttrSize = That("probe.sizeof_mq_attr == 8 * probe.long_bits / 8 (64 on x86_64, 32 on i686)",
        o => o.Int("probe.sizeof_mq_attr") == o.Int("probe.long_bits"), "probe.sizeof_mq_attr", "probe.long_bits");

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("xabi.shm.managed-writes", "POSIX shm_open(), DESCRIPTION: \"If name begins with the <slash> character, then processes calling shm_open() with the same value of name refer to the same shared memory object, as long as that name has not been removed.\" (x86-64 writes, the probe's ABI reads)",
            Returns("probe.shm_open", 0) & Succeeds("probe.mmap") & Same("managed.len", "probe.size") & Same("managed.len", "probe.len")
            & Same("managed.checksum", "probe.checksum") & Same("managed.head_hex", "probe.head_hex"),
            CrossAbiExchanges.ShmManagedWrites),
        C("xabi.shm.probe-writes", "POSIX shm_open(), DESCRIPTION: \"If name begins with the <slash> character, then processes calling shm_open() with the same value of name refer to the same shared memory object, as long as that name has not been removed.\" (the probe's ABI sizes and writes, x86-64 reads)",
            Returns("probe.shm_open", 0) & Succeeds("probe.mmap") & Same("probe.len", "managed.size") & Same("probe.len", "probe.size")
            & Same("probe.checksum", "managed.checksum") & Same("managed.expected_checksum", "managed.checksum") & Returns("probe.msync", 0)
            & Expectation.Irrelevant("the first bytes, shown for the reader; the checksum covers every byte", "probe.head_hex"),
            CrossAbiExchanges.ShmProbeWrites),
        C("xabi.mq.managed-sends", "POSIX mq_receive(), DESCRIPTION: \"The mq_receive() function shall receive the oldest of the highest priority message(s) from the message queue specified by mqdes.\" (sent by x86-64, received by the probe's ABI)",
            Returns("probe.mq_open", 0) & ReturnsAtLeast("probe.mq_receive", 0) & Same("managed.sent_hex", "probe.received_hex")
            & Same("managed.prio", "probe.prio") & Same("managed.attr_maxmsg", "probe.attr_maxmsg") & Same("managed.attr_msgsize", "probe.attr_msgsize")
            & Is("managed.attr_curmsgs", 1) & Same("managed.attr_curmsgs", "probe.attr_curmsgs") & Is("managed.attr_flags", 0x800) & Is("probe.attr_flags", 0)
            & ProbeMqAttrSize,
            CrossAbiExchanges.MqManagedSends),
        C("xabi.mq.probe-sends", "POSIX mq_receive(), DESCRIPTION: \"The mq_receive() function shall receive the oldest of the highest priority message(s) from the message queue specified by mqdes.\" (sent by the probe's ABI, received by x86-64)",
            Returns("probe.mq_open", 0) & Returns("probe.mq_send", 0) & Same("probe.sent_hex", "managed.received_hex") & Is("managed.prio", 5)
            & ReturnsAtLeast("managed.mq_receive", 1) & ProbeMqAttrSize & Is("probe.attr_flags", 0) & Is("probe.attr_maxmsg", 4) & Is("probe.attr_msgsize", 128)
            & Is("probe.attr_curmsgs", 0),
            CrossAbiExchanges.MqProbeSends),
        C("xabi.mq.attr", "POSIX mq_getattr(), DESCRIPTION: \"The mq_getattr() function shall obtain status information and attributes of the message queue and the open message queue description associated with the message queue descriptor.\" (every ABI reads the same values; mq_flags is per description)",
            Returns("probe.mq_open", 0) & Same("managed.attr_maxmsg", "probe.attr_maxmsg") & Same("managed.attr_msgsize", "probe.attr_msgsize")
            & Same("managed.attr_curmsgs", "probe.attr_curmsgs") & Is("managed.attr_flags", 0x800) & Is("probe.attr_flags", 0)
            & ProbeMqAttrSize,
            CrossAbiExchanges.MqAttr),
        C("xabi.fifo.managed-writes", "POSIX read(), DESCRIPTION: \"The read() function shall attempt to read nbyte bytes from the file associated with the open file descriptor, fildes, into the buffer pointed to by buf.\" (a FIFO written by x86-64, read by the probe's ABI)",
            Returns("probe.open", 0) & Same("managed.len", "probe.read_total") & Same("managed.len", "probe.len") & Same("managed.len", "managed.write_total")
            & IsFalse("probe.timed_out")
            & Expectation.Irrelevant("the probe stops at LEN bytes, before or after it sees the writer close", "probe.eof") & Same("managed.checksum", "probe.checksum") & Same("managed.head_hex", "probe.head_hex"),
            CrossAbiExchanges.FifoManagedWrites),
        C("xabi.fifo.probe-writes", "POSIX read(), DESCRIPTION: \"The read() function shall attempt to read nbyte bytes from the file associated with the open file descriptor, fildes, into the buffer pointed to by buf.\" (a FIFO written by the probe's ABI, read by x86-64)",
            Returns("probe.open", 0) & ReturnsField("probe.write", "managed.read_total") & Same("probe.len", "probe.write_total") & Same("probe.len", "managed.read_total")
            & Same("probe.checksum", "managed.checksum") & Same("probe.head_hex", "managed.head_hex"),
            CrossAbiExchanges.FifoProbeWrites),
    ];
}

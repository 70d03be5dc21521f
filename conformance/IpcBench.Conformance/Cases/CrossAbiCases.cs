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
        C("xabi.shm.managed-writes", "POSIX shm_open(): processes opening one name share its memory, whatever their ABI (x86-64 writes, the probe reads)",
            Returns("probe.shm_open", 0) & Succeeds("probe.mmap") & Same("managed.len", "probe.size") & Same("managed.len", "probe.len")
            & Same("managed.checksum", "probe.checksum") & Same("managed.head_hex", "probe.head_hex"),
            CrossAbiExchanges.ShmManagedWrites),
        C("xabi.shm.probe-writes", "POSIX shm_open()/ftruncate(): the probe sizes and fills the object; the x86-64 side sees that size and every byte",
            Returns("probe.shm_open", 0) & Succeeds("probe.mmap") & Same("probe.len", "managed.size") & Same("probe.len", "probe.size")
            & Same("probe.checksum", "managed.checksum") & Same("managed.expected_checksum", "managed.checksum") & Returns("probe.msync", 0)
            & Expectation.Irrelevant("the first bytes, shown for the reader; the checksum covers every byte", "probe.head_hex"),
            CrossAbiExchanges.ShmProbeWrites),
        C("xabi.mq.managed-sends", "POSIX mq_send()/mq_receive(): a message sent by x86-64 is received whole, with its priority, by the probe's ABI",
            Returns("probe.mq_open", 0) & ReturnsAtLeast("probe.mq_receive", 0) & Same("managed.sent_hex", "probe.received_hex")
            & Same("managed.prio", "probe.prio") & Same("managed.attr_maxmsg", "probe.attr_maxmsg") & Same("managed.attr_msgsize", "probe.attr_msgsize")
            & Is("managed.attr_curmsgs", 1) & Same("managed.attr_curmsgs", "probe.attr_curmsgs") & Is("managed.attr_flags", 0x800) & Is("probe.attr_flags", 0)
            & ProbeMqAttrSize,
            CrossAbiExchanges.MqManagedSends),
        C("xabi.mq.probe-sends", "POSIX mq_send()/mq_receive(): a message sent by the probe's ABI is received whole, with its priority, by x86-64",
            Returns("probe.mq_open", 0) & Returns("probe.mq_send", 0) & Same("probe.sent_hex", "managed.received_hex") & Is("managed.prio", 5)
            & ReturnsAtLeast("managed.mq_receive", 1) & ProbeMqAttrSize & Is("probe.attr_flags", 0) & Is("probe.attr_maxmsg", 4) & Is("probe.attr_msgsize", 128)
            & Is("probe.attr_curmsgs", 0),
            CrossAbiExchanges.MqProbeSends),
        C("xabi.mq.attr", "POSIX mq_getattr(): every ABI reads the same mq_maxmsg, mq_msgsize, mq_curmsgs, though struct mq_attr differs in size (64 vs 32 bytes)",
            Returns("probe.mq_open", 0) & Same("managed.attr_maxmsg", "probe.attr_maxmsg") & Same("managed.attr_msgsize", "probe.attr_msgsize")
            & Same("managed.attr_curmsgs", "probe.attr_curmsgs") & Is("managed.attr_flags", 0x800) & Is("probe.attr_flags", 0)
            & ProbeMqAttrSize,
            CrossAbiExchanges.MqAttr),
        C("xabi.fifo.managed-writes", "POSIX mkfifo()/write(): bytes x86-64 writes into a FIFO are read, in order and complete, by the probe's ABI",
            Returns("probe.open", 0) & Same("managed.len", "probe.read_total") & Same("managed.len", "probe.len") & Same("managed.len", "managed.write_total")
            & IsFalse("probe.timed_out")
            & Expectation.Irrelevant("the probe stops at LEN bytes, before or after it sees the writer close", "probe.eof") & Same("managed.checksum", "probe.checksum") & Same("managed.head_hex", "probe.head_hex"),
            CrossAbiExchanges.FifoManagedWrites),
        C("xabi.fifo.probe-writes", "POSIX mkfifo()/read(): bytes the probe's ABI writes into a FIFO are read, in order and complete, by x86-64",
            Returns("probe.open", 0) & ReturnsField("probe.write", "managed.read_total") & Same("probe.len", "probe.write_total") & Same("probe.len", "managed.read_total")
            & Same("probe.checksum", "managed.checksum") & Same("probe.head_hex", "managed.head_hex"),
            CrossAbiExchanges.FifoProbeWrites),
    ];
}

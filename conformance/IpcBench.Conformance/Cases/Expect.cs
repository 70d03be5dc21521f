using System.Globalization;
using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Cases;

/// <summary>
/// The vocabulary the case files are written in, over the probe's field conventions
/// (native/ipcprobe/CASES.md: <c>S_ret</c>, <c>S_errno</c>, <c>A_signal</c>, <c>A_si_code</c>, <c>*_hex</c>...).
/// Each helper reads as what it checks: <c>Fails("mmap", "EINVAL")</c>, <c>Faults("read", "SIGSEGV", "SEGV_MAPERR")</c>.
/// </summary>
public static class Expect
{
    /// <summary>Step S failed: <c>S_ret == -1</c>, <c>S_errno == errno</c> and no address (pointer steps print <c>S_addr</c>).</summary>
    public static Expectation Fails(string step, string errno) =>
        Expectation.That($"{step} fails with {errno}",
            o => o.Int($"{step}_ret") == -1 && o.Str($"{step}_errno") == errno && NoAddress(o, step), $"{step}_ret", $"{step}_errno");

    /// <summary>Step S failed with one of several errnos (where POSIX allows either).</summary>
    public static Expectation FailsWithOneOf(string step, params string[] errnos) =>
        Expectation.That($"{step} fails with {string.Join(" or ", errnos)}",
            o => o.Int($"{step}_ret") == -1 && o.Str($"{step}_errno") is { } e && errnos.Contains(e) && NoAddress(o, step), $"{step}_ret", $"{step}_errno");

    /// <summary>Step S succeeded: <c>S_ret &gt;= 0</c> (0 for pointer-like calls), no errno, and an address when it is a pointer step.</summary>
    public static Expectation Succeeds(string step) =>
        Expectation.That($"{step} succeeds",
            o => o.Int($"{step}_ret") is >= 0 && o.Str($"{step}_errno") is null && (!o.Contains($"{step}_addr") || o.Has($"{step}_addr")),
            $"{step}_ret", $"{step}_errno");

    /// <summary>Step S returned exactly n (and, n being a success, set no errno).</summary>
    public static Expectation Returns(string step, long n) =>
        Expectation.Equal($"{step}_ret", n) & NoErrno(step);

    /// <summary>Step S returned what another field holds (e.g. <c>write_ret == pipe_buf</c>), without an errno.</summary>
    public static Expectation ReturnsField(string step, string field) => Same($"{step}_ret", field) & NoErrno(step);

    /// <summary>Step S returned at least n, without an errno.</summary>
    public static Expectation ReturnsAtLeast(string step, long n) => Expectation.AtLeast($"{step}_ret", n) & NoErrno(step);

    static Expectation NoErrno(string step) =>
        Expectation.That($"no {step}_errno", o => !o.Contains($"{step}_errno") || o.Find($"{step}_errno") is null, $"{step}_errno");

    /// <summary>Reads a field that only says where or what the step was (context, nothing to judge).</summary>
    static bool Context(Observation o, string field)
    {
        o.Find(field);
        return true;
    }

    static bool NoAddress(Observation o, string step) => !o.Contains($"{step}_addr") || o.Find($"{step}_addr") is null;

    /// <summary>The forked helper exited with this status (and was not killed by a signal).</summary>
    public static Expectation ChildExits(int status, string prefix = "child") =>
        Expectation.Equal($"{prefix}_exit", status) & IsNull($"{prefix}_signal");

    /// <summary>Inputs the scenario passed (flags, lengths, offsets), echoed for the reader of a report.</summary>
    public static Expectation Inputs(params string[] fields) =>
        Expectation.Irrelevant("inputs of the scenario, echoed for the report", fields);

    /// <summary>A timestamp advanced: <c>F_after_ns &gt; F_before_ns</c>, and the probe's own <c>F_advanced</c> agrees.</summary>
    public static Expectation Advanced(string stamp) =>
        Expectation.That($"{stamp}_after_ns > {stamp}_before_ns",
            o => o.Int($"{stamp}_after_ns") is { } a && o.Int($"{stamp}_before_ns") is { } b && a > b && o.Bool($"{stamp}_advanced") == true,
            $"{stamp}_before_ns", $"{stamp}_after_ns", $"{stamp}_advanced");

    /// <summary>The guarded access completed without a signal (no si_code, no fault address; <c>A_at</c> only says where it was).</summary>
    public static Expectation Completes(string access) =>
        Expectation.That($"{access} completes",
            o => o.Contains($"{access}_signal") && o.Find($"{access}_signal") is null && o.Find($"{access}_si_code") is null
                 && o.Find($"{access}_si_addr_off") is null && Context(o, $"{access}_at"),
            $"{access}_signal", $"{access}_si_code");

    /// <summary>
    /// The guarded access was stopped by a signal with this si_code, at the address accessed
    /// (<c>A_si_addr_off == A_at</c>), and a read stopped so gave no value.
    /// </summary>
    public static Expectation Faults(string access, string signal, string? siCode = null) =>
        Expectation.That((siCode is null ? $"{access} raises {signal}" : $"{access} raises {signal} ({siCode})") + " at the address accessed",
            o => o.Str($"{access}_signal") == signal && (siCode is null || o.Str($"{access}_si_code") == siCode)
                 && o.Int($"{access}_si_addr_off") is { } off && off == o.Int($"{access}_at")
                 && (!o.Contains($"{access}_value") || o.Find($"{access}_value") is null),
            $"{access}_signal", $"{access}_si_code", $"{access}_si_addr_off", $"{access}_at");

    /// <summary>The fault address is at this offset from the start of the mapping.</summary>
    public static Expectation FaultAt(string access, Func<Observation, long> offset, string offsetText) =>
        Expectation.That($"{access} faults at offset {offsetText}",
            o => o.Int($"{access}_si_addr_off") == offset(o), $"{access}_si_addr_off", "page_size");

    /// <summary>The guarded read completed and read this byte.</summary>
    public static Expectation Reads(string access, int value) =>
        Completes(access) & Expectation.That($"{access} reads 0x{value:x2}", o => o.Int($"{access}_value") == value, $"{access}_value");

    /// <summary>Two fields hold the same value (e.g. what was written and what was seen).</summary>
    public static Expectation Same(string a, string b) =>
        Expectation.That($"{b} == {a}", o => o.Find(a) is { } va && System.Text.Json.Nodes.JsonNode.DeepEquals(va, o.Find(b)), a, b);

    /// <summary>Two fields differ.</summary>
    public static Expectation Differ(string a, string b) =>
        Expectation.That($"{b} != {a}", o => o.Find(a) is { } va && o.Find(b) is { } vb && !System.Text.Json.Nodes.JsonNode.DeepEquals(va, vb), a, b);

    /// <summary>What was seen on the other path is exactly what was written.</summary>
    public static Expectation SeesWritten(string seen = "seen_hex") => Same("written_hex", seen);

    /// <summary>What was seen is the file's original content (the write did not reach it).</summary>
    public static Expectation SeesOriginal(string seen = "seen_hex") => Same("original_hex", seen);

    /// <summary>A hex field holds only zero bytes (and at least one).</summary>
    public static Expectation AllZero(string field) =>
        Expectation.That($"{field} is all zero bytes", o => o.Str(field) is { Length: > 0 } h && h.All(c => c == '0'), field);

    public static Expectation Is(string field, object value) => Expectation.Equal(field, value);

    public static Expectation IsTrue(string field) => Expectation.Equal(field, true);

    public static Expectation IsFalse(string field) => Expectation.Equal(field, false);

    public static Expectation IsNull(string field) =>
        Expectation.That($"{field} is null", o => o.Find(field) is null, field);

    public static Expectation AtLeast(string field, long min) => Expectation.AtLeast(field, min);

    public static Expectation Between(string field, long min, long max) =>
        Expectation.That($"{min} <= {field} <= {max}", o => o.Int(field) is { } v && v >= min && v <= max, field);

    /// <summary>A numeric field equals a value computed from the observation (e.g. from page_size).</summary>
    public static Expectation Computed(string field, string text, Func<Observation, long> value) =>
        Expectation.That($"{field} == {text}", o => o.Int(field) == value(o), field, "page_size");

    /// <summary>A mode field (octal string) equals a mode given in octal, e.g. <c>Mode("mode", "0640")</c>.</summary>
    public static Expectation Mode(string field, string octal)
    {
        var mode = Convert.ToInt32(octal, 8);
        return Expectation.That($"{field} == {octal}", o => ParseOctal(o.Find(field)) == mode, field);
    }

    /// <summary>Any predicate, in words.</summary>
    public static Expectation That(string description, Func<Observation, bool> holds, params string[] fields) =>
        Expectation.That(description, holds, fields);

    /// <summary>Expectations that differ by ABI (read from the observation's <c>abi</c>; managed checks are x86_64).</summary>
    public static Expectation ByAbi(Expectation x86_64, Expectation i686, Expectation i686Lfs)
    {
        var text = $"x86_64: {x86_64.Description}; i686: {i686.Description}; i686-lfs: {i686Lfs.Description}";
        return Pick(text, o => (o.Str("abi") ?? "x86_64") switch
        {
            "i686" => i686,
            "i686-lfs" => i686Lfs,
            _ => x86_64,
        });
    }

    /// <summary>64-bit long (x86_64) versus 32-bit long (both i686 ABIs).</summary>
    public static Expectation ByLongBits(Expectation bits64, Expectation bits32) =>
        Pick($"64-bit long: {bits64.Description}; 32-bit long: {bits32.Description}",
            o => (o.Int("long_bits") ?? 64) == 64 ? bits64 : bits32);

    /// <summary>
    /// A 64-bit kernel (x86_64, also for a 32-bit process through the compat path) versus a native 32-bit one, from
    /// the probe's <c>kernel_machine</c>; an observation without it (the managed checks, in a 64-bit process) is 64-bit.
    /// </summary>
    public static Expectation ByKernelBits(Expectation bits64, Expectation bits32) =>
        Pick($"64-bit kernel: {bits64.Description}; 32-bit kernel: {bits32.Description}",
            o => HostFacts.KernelBits(o.Str("kernel_machine")) == 32 ? bits32 : bits64);

    static Expectation Pick(string description, Func<Observation, Expectation> choose) =>
        Expectation.Dynamic(description, choose);

    public static long PageSize(Observation o) => o.Int("page_size") ?? Environment.SystemPageSize;

    static int? ParseOctal(System.Text.Json.Nodes.JsonNode? n)
    {
        if (n is null)
            return null;
        var s = n.ToString().Trim('"');
        if (s.Length == 0 || !s.All(c => c is >= '0' and <= '7'))
            return null;
        try
        {
            return Convert.ToInt32(s, 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return null;
        }
    }

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static string Octal(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
}

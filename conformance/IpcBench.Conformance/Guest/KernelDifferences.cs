using IpcBench.Conformance.Model;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// The cells whose verdict differs between two runs of the same cases on two kernels (a guest
/// and the host), each with why: a precondition (a feature younger than one kernel), a Linux change
/// listed in <see cref="KernelChanges"/> that holds for one kernel and not the other (by version or by
/// word size), or, when neither, that it is unexplained.
/// </summary>
public static class KernelDifferences
{
    public static IReadOnlyList<DifferenceSection> Between(ConformReport mine, ConformReport other)
    {
        var otherAvailable = other.Targets.Where(t => t.Available).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var myAvailable = mine.Targets.Where(t => t.Available).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var otherCells = other.Cases.SelectMany(c => c.Results.Select(r => (c.Id, r))).ToDictionary(x => (x.Id, x.r.Target), x => x.r);
        var diffs = new List<DifferenceSection>();
        foreach (var c in mine.Cases)
        foreach (var r in c.Results)
        {
            // A column one side cannot run at all (i686 on a kernel without IA-32 emulation) tells nothing about the kernel.
            if (!myAvailable.Contains(r.Target) || !otherAvailable.Contains(r.Target))
                continue;
            if (!otherCells.TryGetValue((c.Id, r.Target), out var o) || o.Verdict == r.Verdict)
                continue;
            // Cases no guest can run (cross-ABI exchanges) say nothing about the kernel either.
            if (r.Reason?.StartsWith(GuestSuite.HostOnly, StringComparison.Ordinal) == true || o.Reason?.StartsWith(GuestSuite.HostOnly, StringComparison.Ordinal) == true)
                continue;
            diffs.Add(new DifferenceSection
            {
                Case = c.Id, Target = r.Target, Verdict = r.Verdict,
                OtherKernel = other.Host.KernelRelease, OtherVerdict = o.Verdict,
                Explanation = Explain(c.Id, mine.Host.KernelRelease, r, other.Host.KernelRelease, o),
            });
        }
        return diffs;
    }

    static string? Str(CellSection cell, string field) =>
        cell.Observation?[field] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static bool? Bool(CellSection cell, string field) =>
        cell.Observation?[field] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    static bool Mentions(CellSection cell, string value) =>
        cell.Observation?.ToJsonString().Contains($"\"{value}\"", StringComparison.Ordinal) == true;

    /// <summary>statfs f_type values of the filesystems a probe's temporary files land on.</summary>
    static string FsName(string magic) => magic switch
    {
        "0x1021994" => "tmpfs (0x01021994)",
        "0xef53" => "ext2/3/4 (0xef53)",
        "0x9123683e" => "btrfs (0x9123683e)",
        "0x58465342" => "xfs (0x58465342)",
        "0x794c7630" => "overlayfs (0x794c7630)",
        _ => magic,
    };

    static string Explain(string caseId, string myKernel, CellSection mine, string otherKernel, CellSection other)
    {
        var mineV = Model.HostFacts.ParseKernel(myKernel);
        var otherV = Model.HostFacts.ParseKernel(otherKernel);
        var mineBits = Model.HostFacts.KernelBits(Str(mine, "kernel_machine"));
        var otherBits = Model.HostFacts.KernelBits(Str(other, "kernel_machine"));
        foreach (var k in KernelChanges.All)
        {
            // One side has the behaviour and the other has not: by version, or by word size (a native 32-bit kernel
            // beside a 64-bit one of the same version).
            if (k.Applies(caseId) && k.Holds(mineV, mineBits) != k.Holds(otherV, otherBits))
            {
                var (with, without) = k.Holds(mineV, mineBits) ? (myKernel, otherKernel) : (otherKernel, myKernel);
                return $"{k.Scope} ({with}, not {without}): {k.What}";
            }
        }
        if (Str(mine, "fs_magic") is { } myFs && Str(other, "fs_magic") is { } otherFs && myFs != otherFs)
            return $"the case's file was on another filesystem on each side ({FsName(myFs)} on {myKernel}, {FsName(otherFs)} on {otherKernel}): " +
                   "the difference may be the filesystem's, not the kernel version's";
        if (Bool(mine, "pkeys") is bool myKeys && Bool(other, "pkeys") is bool otherKeys && myKeys != otherKeys
            && (Mentions(mine, "SEGV_PKUERR") || Mentions(other, "SEGV_PKUERR")))
            return $"the CPU differs, not the kernel: protection keys are available on {(myKeys ? myKernel : otherKernel)} and not on " +
                   $"{(myKeys ? otherKernel : myKernel)}, and with them Linux makes a PROT_EXEC-only mapping execute-only (SEGV_PKUERR)";
        // A cell that could not run says why; that is the difference, not the kernel's behaviour.
        foreach (var (cell, kernel) in new[] { (mine, myKernel), (other, otherKernel) })
        {
            if (cell.Verdict == Verdict.Unsupported.Word() && cell.Reason is { } why)
                return $"not run on {kernel}: {why}";
        }
        return $"unexplained: {myKernel} gives {mine.Verdict}{(mine.Reason is null ? "" : $" ({mine.Reason})")}, {otherKernel} gives {other.Verdict}{(other.Reason is null ? "" : $" ({other.Reason})")}";
    }
}

using IpcBench.Conformance.Model;
using IpcBench.Conformance.Report;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// The cells whose verdict differs between two runs of the same cases on two kernels (a guest
/// and the host), each with why: a precondition (a feature younger than one kernel), a Linux change
/// between the two versions listed in <see cref="KernelChanges"/>, or, when neither, that it is unexplained.
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
        foreach (var k in KernelChanges.All)
        {
            if (!k.Applies(caseId))
                continue;
            var (older, newer) = mineV < otherV ? (mineV, otherV) : (otherV, mineV);
            if (older < k.Since && newer >= k.Since)
                return $"Linux {k.Since} changed this: {k.What}";
        }
        if (Str(mine, "fs_magic") is { } myFs && Str(other, "fs_magic") is { } otherFs && myFs != otherFs)
            return $"the case's file was on another filesystem on each side ({FsName(myFs)} on {myKernel}, {FsName(otherFs)} on {otherKernel}): " +
                   "the difference may be the filesystem's, not the kernel version's";
        foreach (var (cell, kernel) in new[] { (mine, myKernel), (other, otherKernel) })
        {
            if (cell.Verdict == Verdict.Unsupported.Word() && cell.Reason is { } why && why.StartsWith("needs Linux", StringComparison.Ordinal))
                return $"on {kernel}: {why}";
        }
        return $"unexplained: {myKernel} gives {mine.Verdict}{(mine.Reason is null ? "" : $" ({mine.Reason})")}, {otherKernel} gives {other.Verdict}{(other.Reason is null ? "" : $" ({other.Reason})")}";
    }
}

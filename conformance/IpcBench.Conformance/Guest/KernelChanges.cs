using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// Behaviour the kernel changed at a known version, for the cases it shows in: the explanation a
/// difference between two kernels' reports gets when one kernel is before the change and one after,
/// and the note a failing cell gets on a kernel the change holds for. Each entry names the kernel
/// change (commit or release) that made it and how it was established.
/// </summary>
public sealed record KernelChange(string CasePattern, Version Since, string What)
{
    /// <summary>Only kernels of this word size (32 or 64, from <c>uname -m</c>); null: every kernel.</summary>
    public int? KernelBits { get; init; }

    /// <summary>An exact case id, or a prefix ending in '.'.</summary>
    public bool Applies(string caseId) =>
        CasePattern.EndsWith('.') ? caseId.StartsWith(CasePattern, StringComparison.Ordinal) : caseId == CasePattern;

    /// <summary>Whether a kernel of this version and word size has the behaviour.</summary>
    public bool Holds(Version kernel, int bits) => kernel >= Since && (KernelBits is null || KernelBits == bits);

    /// <summary>"32-bit Linux 5.19 and later" or "Linux 5.19 and later".</summary>
    public string Scope => $"{(KernelBits is int b ? $"{b}-bit " : "")}Linux {Since} and later";
}

public static class KernelChanges
{
    public static readonly IReadOnlyList<KernelChange> All =
    [
        // Found by mmap.prot.r/.w/.rw failing on Debian's 6.1.0-47-686-pae guest while the same
        // i686 probes pass through the compat path of a 64-bit 6.1 kernel. Established there:
        // QEMU's `info tlb` shows NX on the kernel's pages but on no user page (not even r--p or
        // the stack), EFER.NXE is set, and the image's vm_get_page_prot() ends with
        // `xor %edx,%edx` before `ret`: the high half of the 64-bit PAE pgprot, where NX (bit 63)
        // lives, is dropped. The x86 vm_get_page_prot() of arch/x86/mm/pgprot.c keeps the
        // protection in an `unsigned long` (32 bits on i386); it came with "x86/mm: enable
        // ARCH_HAS_VM_GET_PAGE_PROT" (merged for 5.19; before it the generic version kept
        // pgprot_t whole). docs/kernel-validation.md has the commands.
        new("mmap.prot.r", new Version(5, 19), NxLost) { KernelBits = 32 },
        new("mmap.prot.w", new Version(5, 19), NxLost) { KernelBits = 32 },
        new("mmap.prot.rw", new Version(5, 19), NxLost) { KernelBits = 32 },
    ];

    const string NxLost =
        "a 32-bit PAE kernel maps every user page executable: the x86 vm_get_page_prot() (arch/x86/mm/pgprot.c, since " +
        "\"x86/mm: enable ARCH_HAS_VM_GET_PAGE_PROT\") holds the page protection in a 32-bit unsigned long, which drops " +
        "NX (bit 63 of a PAE entry), so a mapping without PROT_EXEC can be executed although the CPU has NX and the " +
        "kernel reports it active (a kernel defect, not a POSIX requirement: POSIX lets exec be permitted; Linux on NX " +
        "hardware promises otherwise and 64-bit kernels keep it)";

    /// <summary>The note a failing cell gets when a known change holds for the kernel that observed it, or null.</summary>
    public static string? NoteFor(string caseId, string? kernelRelease, string? kernelMachine)
    {
        if (kernelRelease is null)
            return null;
        var version = HostFacts.ParseKernel(kernelRelease);
        var bits = HostFacts.KernelBits(kernelMachine);
        return All.FirstOrDefault(k => k.Applies(caseId) && k.Holds(version, bits)) is { } k
            ? $"known kernel behaviour ({k.Scope}): {k.What}"
            : null;
    }
}

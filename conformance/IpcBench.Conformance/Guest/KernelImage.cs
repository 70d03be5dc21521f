namespace IpcBench.Conformance.Guest;

/// <summary>A bootable x86 kernel: where it is, which QEMU runs it, and where it came from.</summary>
public sealed record KernelImage
{
    /// <summary>The bzImage/vmlinuz file.</summary>
    public required string Path { get; init; }
    /// <summary>True for a 64-bit (x86_64) kernel, false for a 32-bit (i386) one.</summary>
    public required bool Is64Bit { get; init; }
    /// <summary>What the user named: a file, a .deb or a package name.</summary>
    public required string Source { get; init; }
    /// <summary>The Debian package it came from, when it came from one.</summary>
    public string? Package { get; init; }

    public string Emulator => Is64Bit ? "qemu-system-x86_64" : "qemu-system-i386";

    /// <summary>
    /// Reads the x86 boot protocol header: "HdrS" at 0x202, the protocol version at 0x206 and, from
    /// 2.12 on, xloadflags at 0x236 whose bit 0 (XLF_KERNEL_64) marks a 64-bit kernel. Returns null
    /// when the file is no x86 bzImage. Kernels older than protocol 2.12 (Linux 3.8) count as 32-bit.
    /// </summary>
    public static bool? Probe64Bit(string path)
    {
        Span<byte> head = stackalloc byte[0x238];
        using var f = File.OpenRead(path);
        if (f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            return null;
        if (head[0x202] != 'H' || head[0x203] != 'd' || head[0x204] != 'r' || head[0x205] != 'S')
            return null;
        var protocol = head[0x206] | head[0x207] << 8;
        return protocol >= 0x20c && (head[0x236] & 1) != 0;
    }
}

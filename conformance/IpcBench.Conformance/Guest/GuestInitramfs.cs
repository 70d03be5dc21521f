using System.Globalization;
using System.Text;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// Writes the initramfs of a guest run: /init (native/&lt;abi&gt;/guestinit), the static probes at
/// /probes/&lt;abi&gt;/ipcprobe, /cases.txt (the list guestinit runs) and /dev/console.
/// </summary>
public static class GuestInitramfs
{
    /// <summary>The statically linked probe of an ABI (native/Makefile builds it beside the dynamic one).</summary>
    public static string StaticProbe(string nativeDir, string abi) => Path.Combine(nativeDir, abi, "ipcprobe-static");

    /// <summary>The init for a 64-bit (x86_64) or 32-bit (i686) kernel.</summary>
    public static string Init(string nativeDir, bool is64Bit) => Path.Combine(nativeDir, is64Bit ? Abi.X86_64 : Abi.I686, "guestinit");

    /// <summary>The device guestinit mounts on /tmp when the host attached a disk (QEMU's first NVMe namespace).</summary>
    public const string DiskDevice = "/dev/nvme0n1";

    public static void Write(string path, string nativeDir, bool is64Bit, IReadOnlyList<string> abis, IReadOnlyList<GuestCase> cases, int jobs, bool disk)
    {
        var init = Init(nativeDir, is64Bit);
        if (!File.Exists(init))
            throw new GuestException($"no guest init at {init}: build with scripts/build.sh" + (is64Bit ? "" : " (a 32-bit kernel needs the i686 build: gcc-multilib)"));
        using var cpio = new CpioWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write));
        cpio.File("init", File.ReadAllBytes(init));
        cpio.Directory("dev");
        cpio.CharDevice("dev/console", 5, 1);
        cpio.Directory("probes");
        foreach (var abi in abis)
        {
            var probe = StaticProbe(nativeDir, abi);
            if (!File.Exists(probe))
                throw new GuestException($"no static probe for {abi} at {probe}: build with scripts/build.sh");
            cpio.Directory("probes/" + abi);
            cpio.File($"probes/{abi}/ipcprobe", File.ReadAllBytes(probe));
        }
        var list = new StringBuilder();
        list.Append(CultureInfo.InvariantCulture, $"jobs {jobs}\n");
        foreach (var c in cases)
            list.Append(CultureInfo.InvariantCulture, $"{c.Seq} {c.Abi} {(long)c.Timeout.TotalMilliseconds} {c.CaseId}\n");
        if (disk)
            cpio.File("disk", Encoding.ASCII.GetBytes(DiskDevice + "\n"), 0x1a4);
        cpio.File("cases.txt", Encoding.ASCII.GetBytes(list.ToString()), 0x1a4 /* 0644 */);
        cpio.Finish();
    }
}

using System.Globalization;
using System.Text;

namespace IpcBench.Conformance.Guest;

/// <summary>
/// Writes a "newc" cpio archive (the format the kernel unpacks as an initramfs; no compression
/// needed). Entries are written in the order given: a directory before what it holds.
/// </summary>
public sealed class CpioWriter : IDisposable
{
    const int TypeDirectory = 0x4000, TypeRegular = 0x8000, TypeCharDevice = 0x2000;

    readonly Stream _out;
    int _inode = 1;

    public CpioWriter(Stream output) => _out = output;

    public void Directory(string path, int mode = 0x1ed /* 0755 */) => Entry(path, TypeDirectory | mode, 2, 0, 0, []);

    public void File(string path, ReadOnlySpan<byte> data, int mode = 0x1ed) => Entry(path, TypeRegular | mode, 1, 0, 0, data);

    public void CharDevice(string path, int major, int minor, int mode = 0x180 /* 0600 */) =>
        Entry(path, TypeCharDevice | mode, 1, major, minor, []);

    /// <summary>Ends the archive (the TRAILER!!! entry) and flushes.</summary>
    public void Finish()
    {
        Entry("TRAILER!!!", 0, 1, 0, 0, []);
        _out.Flush();
    }

    void Entry(string path, int mode, int links, int rdevMajor, int rdevMinor, ReadOnlySpan<byte> data)
    {
        var name = Encoding.UTF8.GetBytes(path.TrimStart('/') + "\0");
        var header = new StringBuilder("070701");
        foreach (var field in new long[] { _inode++, mode, 0, 0, links, 0, data.Length, 0, 0, rdevMajor, rdevMinor, name.Length, 0 })
            header.Append(field.ToString("X8", CultureInfo.InvariantCulture));
        var head = Encoding.ASCII.GetBytes(header.ToString());
        _out.Write(head);
        _out.Write(name);
        Pad(head.Length + name.Length);
        _out.Write(data);
        Pad(data.Length);
    }

    void Pad(int length)
    {
        for (var i = length % 4 == 0 ? 4 : length % 4; i < 4; i++)
            _out.WriteByte(0);
    }

    public void Dispose() => _out.Dispose();
}

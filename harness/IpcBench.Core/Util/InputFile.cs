using System.Text;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Util;

/// <summary>
/// Reads a file the user named as input, refusing with one line (a <see cref="UsageException"/>
/// naming the file) what is not a regular file of a sane size: a folder, a FIFO, a device, a
/// socket, a link loop, an unreadable or huge file. The file is opened non-blocking and checked on
/// the descriptor (fstat), so a FIFO never blocks the open and nothing is swapped in between.
/// </summary>
public static class InputFile
{
    /// <summary>Far above any result ipcbench writes (a full conformance result is under 1 MiB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>The whole file as UTF-8 text (a byte order mark is dropped).</summary>
    public static string ReadText(string path, long maxBytes = MaxBytes)
    {
        var bytes = ReadBytes(path, maxBytes);
        var text = bytes.AsSpan();
        if (text.StartsWith(Encoding.UTF8.Preamble)) text = text[Encoding.UTF8.Preamble.Length..];
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>The whole file, after the checks of <see cref="ReadText"/>.</summary>
    public static byte[] ReadBytes(string path, long maxBytes = MaxBytes)
    {
        if (path.Length == 0)
            throw new UsageException("an empty file name was given as input");
        int raw;
        do raw = OpenRaw(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0); while (raw < 0 && LastErrno == Errno.EINTR);
        if (raw < 0)
            throw new UsageException($"{path}: {OpenProblem(LastErrno)}");
        using var fd = new SafeFileDescriptor(raw);
        var st = FStat(fd);
        if ((st.Mode & S_IFMT) != S_IFREG)
            throw new UsageException($"{path}: {KindOf(st.Mode)}, not a result file");
        if (st.Size > maxBytes)
            throw new UsageException($"{path}: {st.Size} bytes, above the {SizeParser.Format(maxBytes)} an input file may have");
        // Read one byte past the limit, so a file that grows while it is read is refused too.
        var buffer = new byte[Math.Min(st.Size, maxBytes) + 1];
        int total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                        throw new UsageException($"{path}: grew above the {SizeParser.Format(maxBytes)} an input file may have while it was read");
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, buffer.Length * 2L));
                }
                int n = Read(fd, buffer.AsSpan(total));
                if (n == 0) break;
                total += n;
            }
        }
        catch (PosixException e)
        {
            throw new UsageException($"{path}: cannot read: {e.Message}");
        }
        return buffer[..total];
    }

    /// <summary>
    /// The files of an input folder matching <paramref name="pattern"/>, by name, dot files (atomic
    /// writes in progress) left out; a missing, unreadable or non-folder path is one line.
    /// </summary>
    public static IReadOnlyList<string> FilesIn(string directory, string pattern = "*.json")
    {
        if (directory.Length == 0)
            throw new UsageException("an empty folder name was given as input");
        if (File.Exists(directory))
            throw new UsageException($"{directory}: a file, not a folder of results");
        if (!Directory.Exists(directory))
            throw new UsageException($"{directory}: no such folder");
        try
        {
            return [.. Directory.EnumerateFiles(directory, pattern).Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"{directory}: cannot list the folder: {(e is UnauthorizedAccessException ? OpenProblem(Errno.EACCES) : e.Message)}");
        }
    }

    /// <summary>Why open(2) failed, in words (the errno name kept for searches).</summary>
    public static string OpenProblem(int errno) => errno switch
    {
        Errno.ENOENT => "no such file",
        Errno.EACCES => "permission denied (EACCES): the file or a folder above it is not readable by this user",
        Errno.ELOOP => "too many levels of symbolic links (ELOOP): a link loop",
        Errno.ENOTDIR => "a path component is not a folder (ENOTDIR)",
        Errno.ENXIO => "a socket or a device without a driver (ENXIO), not a result file",
        Errno.ENAMETOOLONG => "file name too long (ENAMETOOLONG)",
        _ => $"cannot open: {Errno.Name(errno)} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})",
    };

    /// <summary>What a non-regular file is, for the refusal.</summary>
    public static string KindOf(uint mode) => (mode & S_IFMT) switch
    {
        S_IFDIR => "a folder",
        S_IFIFO => "a FIFO (named pipe)",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a regular file",
    };
}

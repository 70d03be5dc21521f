using System.Security.Cryptography;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Util;

/// <summary>
/// The one way every command checks where it will write, before any work: the folder is made if
/// needed, then a probe file is created in it exclusively (never through a planted link), one
/// byte written and the probe removed. A file in place of the folder, a read-only folder or file
/// system, /proc, a full file system or an empty name is refused with one line
/// (<see cref="UsageException"/>), so no command runs for minutes and then loses its results.
/// </summary>
public static class OutputLocation
{
    /// <summary>Checks an output folder (made when missing); returns its full path.</summary>
    public static string Folder(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UsageException($"{option} needs a folder; an empty name would write into the current folder (give --out . for that)");
        string full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
            throw new UsageException($"{option} {path}: a file, not a folder");
        Prepare(full, $"{option} {path}");
        return full;
    }

    /// <summary>Checks an output file: not a folder, its folder writable (made when missing); returns its full path.</summary>
    public static string File(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UsageException($"{option} needs a file name");
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full) || path.EndsWith('/'))
            throw new UsageException($"{option} {path}: a folder, not a file");
        Prepare(Path.GetDirectoryName(full) ?? "/", $"{option} {path}");
        return full;
    }

    /// <summary>Makes the folder when missing and probes it; <paramref name="label"/> starts every refusal.</summary>
    static void Prepare(string folder, string label)
    {
        // The folders this call makes, so a refusal leaves none of them behind.
        var made = new List<string>();
        for (var d = folder; !Directory.Exists(d) && Path.GetDirectoryName(d) is { } parent; d = parent)
            made.Add(d);
        bool usable = false;
        try
        {
            Directory.CreateDirectory(folder);
            Probe(folder, label);
            usable = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // On Linux an IOException carries the errno as its HResult.
            string why = e is UnauthorizedAccessException ? Problem(Errno.EACCES)
                : e.HResult is Errno.ENOSPC or Errno.EDQUOT or Errno.EROFS or Errno.EACCES or Errno.EPERM ? Problem(e.HResult) : e.Message;
            throw new UsageException($"{label}: cannot create the folder {folder}: {why}");
        }
        finally
        {
            if (!usable)
            {
                foreach (var d in made) // deepest first; only if still empty
                {
                    try { Directory.Delete(d); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }
    }

    /// <summary>
    /// Runs a write that was checked up front and can still fail (the disk filled meanwhile):
    /// a failure is one line naming the file, not a stack trace.
    /// </summary>
    public static void Write(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }

    static void Probe(string full, string label)
    {
        string probe = Path.Combine(full, $".ipcbench-probe-{System.Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        int raw;
        do raw = OpenRaw(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0x180); while (raw < 0 && LastErrno == Errno.EINTR);
        if (raw < 0)
            throw new UsageException($"{label}: cannot write in {full}: {Problem(LastErrno)}");
        try
        {
            using var fd = new SafeFileDescriptor(raw);
            Posix.Write(fd, "\n"u8);
        }
        catch (PosixException e)
        {
            throw new UsageException($"{label}: cannot write in {full}: {Problem(e.Errno)}");
        }
        finally
        {
            UnlinkRaw(probe);
        }
    }

    static string Problem(int errno) => errno switch
    {
        Errno.ENOSPC => "the file system is full (ENOSPC)",
        Errno.EDQUOT => "the disk quota is used up (EDQUOT)",
        Errno.EROFS => "read-only file system (EROFS)",
        Errno.EACCES or Errno.EPERM => $"permission denied ({Errno.Name(errno)}): this user may not create files there",
        _ => $"{Errno.Name(errno)} ({System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)})",
    };
}

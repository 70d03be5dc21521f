using System.Security.Cryptography;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Util;

/// <summary>
/// A directory held open by descriptor (O_DIRECTORY|O_NOFOLLOW), and every change under it made
/// relative to that descriptor: fresh subdirectories with unpredictable names (mkdirat, then
/// openat with O_NOFOLLOW, checked and fchmod'ed through the descriptor), lstat (fstatat with
/// AT_SYMLINK_NOFOLLOW), removal (unlinkat; a subdirectory is emptied through its own
/// descriptor first). No path another user could plant a link in is ever followed, and no mode
/// is ever set by path.
/// </summary>
public sealed class DirectoryHandle : IDisposable
{
    /// <summary>Attempts at a fresh name before giving up (each attempt a new 64-bit random name).</summary>
    public const int FreshNameAttempts = 16;

    /// <summary>Deepest tree <see cref="RemoveTree"/> descends (deeper entries are left and reported).</summary>
    const int MaxDepth = 32;

    internal SafeFileDescriptor Fd { get; }

    /// <summary>The path the directory was reached by (for messages and for programs given a path; never used to change it).</summary>
    public string Path { get; }

    DirectoryHandle(SafeFileDescriptor fd, string path)
    {
        Fd = fd;
        Path = path;
    }

    /// <summary>
    /// Opens a base directory the caller names (the temporary folder, /dev/shm): links in that path
    /// are the caller's own choice and followed (<paramref name="noFollow"/>: not the last one); nothing below it will be.
    /// </summary>
    public static DirectoryHandle OpenBase(string path, bool noFollow = false) =>
        new(Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (noFollow ? O_NOFOLLOW : 0)), path);

    /// <summary>The temporary folder ($TMPDIR or /tmp).</summary>
    public static DirectoryHandle OpenTemp() => OpenBase(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetTempPath()));

    /// <summary>64 random bits from the CSPRNG as 16 lowercase hex digits: the unpredictable part of every name the tool makes.</summary>
    public static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Creates a new directory <paramref name="prefix"/> + 16 random hex digits (mkdirat, exclusive:
    /// an existing name, link or not, is never reused; a fresh name is drawn instead), opens it
    /// without following links, checks it is the directory this process just made (owner, type),
    /// and sets <paramref name="mode"/> on the descriptor.
    /// </summary>
    public DirectoryHandle CreateFresh(string prefix, uint mode)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return CreateExclusive(prefix + RandomToken(), mode);
            }
            catch (PosixException e) when (e.Call == "mkdirat" && e.Errno == Errno.EEXIST && attempt < FreshNameAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Creates the subdirectory <paramref name="name"/> (mkdirat: fails with EEXIST when the name
    /// exists, a link included), opens it O_NOFOLLOW, checks it is a directory of this process's
    /// uid, and sets <paramref name="mode"/> through the descriptor.
    /// </summary>
    public DirectoryHandle CreateExclusive(string name, uint mode)
    {
        int r;
        do r = MkDirAtRaw(Fd, name, 0x1C0); while (RetryOrThrow(r, "mkdirat", System.IO.Path.Combine(Path, name)));
        var fd = OpenAt(Fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        try
        {
            var st = FStat(fd);
            if (!st.IsDirectory || st.Uid != GetEUid())
                throw new IOException($"{System.IO.Path.Combine(Path, name)} changed between mkdirat and openat (uid {st.Uid})");
            FChMod(fd, mode);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
        return new DirectoryHandle(fd, System.IO.Path.Combine(Path, name));
    }

    /// <summary>
    /// Creates the FIFO <paramref name="name"/> (mkfifoat, exclusive) and sets <paramref name="mode"/>
    /// through a descriptor (a non-blocking read-only open of a FIFO needs no writer; O_NOFOLLOW).
    /// </summary>
    public void CreateFifo(string name, uint mode)
    {
        int r;
        do r = MkFifoAtRaw(Fd, name, 0x180); while (RetryOrThrow(r, "mkfifoat", System.IO.Path.Combine(Path, name)));
        using var fd = OpenAt(Fd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
        FChMod(fd, mode);
    }

    /// <summary>Opens the subdirectory <paramref name="name"/> without following a link (ELOOP/ENOTDIR for a link or a file).</summary>
    public DirectoryHandle OpenChild(string name) =>
        new(OpenAt(Fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), System.IO.Path.Combine(Path, name));

    /// <summary>lstat of an entry (never follows a link); null when it does not exist.</summary>
    internal Posix.Stat? LStat(string name) => LStatAt(Fd, name);

    /// <summary>The entry names ("." and ".." left out).</summary>
    public List<string> Entries() => ReadDirectory(Fd);

    /// <summary>Removes one entry that is not a directory (a link is removed, never followed).</summary>
    public void Unlink(string name) => UnlinkAt(Fd, name, 0);

    /// <summary>As <see cref="Unlink"/>: true when it removed the entry, false when it was already gone.</summary>
    public bool TryUnlink(string name)
    {
        int r = UnlinkAtRaw(Fd, name, 0);
        Tolerate(r, name);
        return r == 0;
    }

    /// <summary>
    /// Removes the entry <paramref name="name"/>: a directory with everything in it (each level
    /// opened O_NOFOLLOW and emptied through its descriptor), anything else with unlinkat, which
    /// removes a link and never touches its target. ENOENT is not an error.
    /// </summary>
    public void RemoveTree(string name) => RemoveTree(name, 0);

    void RemoveTree(string name, int depth)
    {
        var st = LStat(name);
        if (st is null)
            return;
        if (st.Value.IsDirectory)
        {
            if (depth >= MaxDepth)
                throw new IOException($"{System.IO.Path.Combine(Path, name)}: more than {MaxDepth} levels deep; left in place");
            using (var child = OpenChild(name))
                child.RemoveContents(depth + 1);
            Tolerate(UnlinkAtRaw(Fd, name, AT_REMOVEDIR), name);
        }
        else
        {
            Tolerate(UnlinkAtRaw(Fd, name, 0), name);
        }
    }

    /// <summary>Removes everything in this directory, descriptor-relative (the directory itself stays).</summary>
    public void RemoveContents() => RemoveContents(0);

    void RemoveContents(int depth)
    {
        foreach (var entry in Entries())
            RemoveTree(entry, depth);
    }

    void Tolerate(int r, string name)
    {
        if (r == -1 && LastErrno != Errno.ENOENT)
            throw Error("unlinkat", System.IO.Path.Combine(Path, name), LastErrno);
    }

    public void Dispose() => Fd.Dispose();
}

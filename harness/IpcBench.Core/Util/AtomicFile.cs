using System.Text;

namespace IpcBench.Util;

/// <summary>Writes files so a reader sees the old content or the new one, never a partial file.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="contents"/> (UTF-8, no BOM) to a temporary file in the same directory,
    /// flushes it to disk, then renames it over <paramref name="path"/>. Creates the directory if needed.
    /// On failure the temporary file is removed and <paramref name="path"/> is untouched.
    /// </summary>
    public static void WriteAllText(string path, string contents) => WriteAllBytes(path, Utf8NoBom.GetBytes(contents));

    /// <inheritdoc cref="WriteAllText"/>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"no directory in '{path}'", nameof(path));
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{System.Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                fs.Write(contents);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true); // rename(2): atomic within one file system
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}

using System.Runtime.CompilerServices;

namespace IpcBench.Tests;

/// <summary>The repository this test assembly was built from (for tests that read its sources and documents).</summary>
internal static class RepoPaths
{
    public static string Root => Find();

    static string Find([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "results")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + here);
    }
}

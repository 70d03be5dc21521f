using System.Runtime.CompilerServices;

namespace IpcBench.Tests.Protocol;

/// <summary>Files of the repository that tests keep in step with the code.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root, found above this source file.</summary>
    public static string Root([CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(dir.FullName, "results")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found above " + here);
    }
}

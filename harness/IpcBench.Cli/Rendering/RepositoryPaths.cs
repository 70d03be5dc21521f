namespace IpcBench.Cli.Rendering;

/// <summary>Where run output goes by default: results/runs/ of the repository the tool was built in.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding IpcBench.sln above the binaries), or null when installed elsewhere.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IpcBench.sln")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>results/runs/ in the repository, else results/runs/ under the working directory.</summary>
    public static string DefaultRunsDirectory() =>
        Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), "results", "runs");
}

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace IpcBench.Env;

/// <summary>Captures <see cref="EnvironmentInfo"/> of the running machine.</summary>
public static class EnvironmentCapture
{
    /// <summary>Environment variable that, when set, gives the git commit (CI: set it to the built commit).</summary>
    public const string GitCommitVariable = "IPCBENCH_GIT_COMMIT";

    /// <summary>
    /// Reads the environment. Never throws: a missing /proc or /sys file, a C library other than
    /// glibc, or no git leaves the matching fields null.
    /// </summary>
    /// <param name="profile">The run's profile, recorded as is.</param>
    /// <param name="placement">The run's placements, e.g. "cross" or "cross,same".</param>
    public static EnvironmentInfo Capture(string? profile = null, string? placement = null) =>
        Capture(profile, placement, new Sources());

    /// <summary>Testable core: <paramref name="src"/> says where files are read from and whether to ask git.</summary>
    internal static EnvironmentInfo Capture(string? profile, string? placement, Sources src)
    {
        var uname = src.UseNative ? EnvNative.Uname() : null;
        var rl = src.UseNative ? EnvNative.GetRLimit(EnvNative.RlimitMsgqueue) : null;
        uint? euid = src.UseNative ? EnvNative.GetEUid() : null;
        var (toolVersion, builtCommit) = ToolVersion();
        string? commit = NonEmpty(System.Environment.GetEnvironmentVariable(GitCommitVariable)) ?? builtCommit;
        bool? dirty = null;
        if (src.AskGit)
        {
            var (gitHead, gitDirty) = Git.Describe(src.GitDirectory ?? AppContext.BaseDirectory);
            // The commit the tool was built from wins; git describes the tree it runs in (the same
            // tree for a development build). Dirtiness only means something when they agree.
            commit ??= gitHead;
            if (gitHead is not null && commit is not null && SameCommit(commit, gitHead))
                dirty = gitDirty;
        }

        return new EnvironmentInfo
        {
            CapturedUtc = DateTimeOffset.UtcNow,
            ToolVersion = toolVersion,
            GitCommit = commit,
            GitDirty = dirty,
            Profile = profile,
            Placement = placement,
            Hostname = NonEmpty(uname?.Nodename) ?? src.ReadLine("/proc/sys/kernel/hostname") ?? SafeMachineName(),
            KernelRelease = NonEmpty(uname?.Release) ?? src.ReadLine("/proc/sys/kernel/osrelease"),
            KernelVersion = NonEmpty(uname?.Version) ?? src.ReadLine("/proc/sys/kernel/version"),
            Machine = NonEmpty(uname?.Machine),
            Distribution = OsRelease(src, "PRETTY_NAME"),
            GlibcVersion = src.UseNative ? EnvNative.GlibcVersion() : null,
            DotnetVersion = RuntimeInformation.FrameworkDescription,
            RuntimeIdentifier = RuntimeInformation.RuntimeIdentifier,
            CpuModel = CpuModel(src),
            CpuCount = CpuCount(src),
            CpusAvailable = System.Environment.ProcessorCount,
            CpuGovernor = src.ReadLine("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
            Clocksource = src.ReadLine("/sys/devices/system/clocksource/clocksource0/current_clocksource"),
            PageSize = System.Environment.SystemPageSize,
            UserId = euid,
            IsRoot = euid is { } u ? u == 0 : null,
            Pipe = new PipeLimits
            {
                MaxSize = src.ReadLong("/proc/sys/fs/pipe-max-size"),
                UserPagesSoft = src.ReadLong("/proc/sys/fs/pipe-user-pages-soft"),
            },
            Mqueue = new MqueueLimits
            {
                MsgMax = src.ReadLong("/proc/sys/fs/mqueue/msg_max"),
                MsgsizeMax = src.ReadLong("/proc/sys/fs/mqueue/msgsize_max"),
                QueuesMax = src.ReadLong("/proc/sys/fs/mqueue/queues_max"),
                RlimitSoft = rl?.Soft,
                RlimitHard = rl?.Hard,
            },
        };
    }

    /// <summary>
    /// The tool version and, when the SDK stamped it (SourceLink: "1.2.3+&lt;sha&gt;"), the commit
    /// it was built from.
    /// </summary>
    public static (string Version, string? Commit) ToolVersion()
    {
        var asm = typeof(EnvironmentCapture).Assembly;
        string? info = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(info))
            return (asm.GetName().Version?.ToString() ?? "0.0.0", null);
        int plus = info.IndexOf('+');
        if (plus < 0)
            return (info, null);
        string sha = info[(plus + 1)..];
        bool isSha = sha.Length >= 7 && sha.All(Uri.IsHexDigit);
        return (info[..plus], isSha ? sha : null);
    }

    /// <summary>Where environment capture reads from. The defaults read the real machine.</summary>
    internal sealed record Sources
    {
        /// <summary>Prefix for every absolute file path ("/" = the real root; a test directory = fake).</summary>
        public string Root { get; init; } = "/";
        public bool UseNative { get; init; } = true;
        public bool AskGit { get; init; } = true;
        public string? GitDirectory { get; init; }

        public string? ReadAll(string path)
        {
            try
            {
                string full = Root == "/" ? path : Path.Combine(Root, path.TrimStart('/'));
                return File.Exists(full) ? File.ReadAllText(full) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return null;
            }
        }

        /// <summary>First line, trimmed; null if missing or empty.</summary>
        public string? ReadLine(string path)
        {
            string? all = ReadAll(path);
            if (all is null) return null;
            int nl = all.IndexOf('\n');
            return NonEmpty((nl < 0 ? all : all[..nl]).Trim());
        }

        public long? ReadLong(string path) =>
            long.TryParse(ReadLine(path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;
    }

    /// <summary>A value of os-release(5), unquoted; /etc/os-release first, then /usr/lib/os-release.</summary>
    internal static string? OsRelease(Sources src, string key)
    {
        string? text = src.ReadAll("/etc/os-release") ?? src.ReadAll("/usr/lib/os-release");
        if (text is null) return null;
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (!line.StartsWith(key + "=", StringComparison.Ordinal))
                continue;
            string v = line[(key.Length + 1)..].Trim();
            if (v.Length >= 2 && (v[0] == '"' || v[0] == '\'') && v[^1] == v[0])
            {
                v = v[1..^1];
                if (line[key.Length + 1] == '"')
                    v = v.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal)
                         .Replace("\\`", "`", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
            return NonEmpty(v);
        }
        return null;
    }

    internal static string? CpuModel(Sources src)
    {
        string? text = src.ReadAll("/proc/cpuinfo");
        if (text is null) return null;
        // x86: "model name"; some ARM kernels: "Processor" or "Hardware"; s390/ppc: "cpu".
        foreach (string key in new[] { "model name", "Processor", "Hardware", "cpu model", "cpu" })
        {
            foreach (var line in text.Split('\n'))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == key && NonEmpty(line[(colon + 1)..].Trim()) is { } v)
                    return v;
            }
        }
        return null;
    }

    /// <summary>Processors online: /sys/devices/system/cpu/online ("0-3,6"), else "processor" lines of /proc/cpuinfo.</summary>
    internal static int? CpuCount(Sources src)
    {
        if (src.ReadLine("/sys/devices/system/cpu/online") is { } online && ParseCpuList(online) is { } n)
            return n;
        string? text = src.ReadAll("/proc/cpuinfo");
        if (text is null) return null;
        int count = text.Split('\n').Count(l => l.StartsWith("processor", StringComparison.Ordinal) && l.Contains(':'));
        return count > 0 ? count : null;
    }

    /// <summary>Counts the CPUs of a kernel CPU list ("0-3,6,8-9" = 7); null if malformed.</summary>
    internal static int? ParseCpuList(string list)
    {
        int total = 0;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return null;
                total++;
            }
            else
            {
                if (!int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int a)
                    || !int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int b)
                    || b < a)
                    return null;
                total += b - a + 1;
            }
        }
        return total > 0 ? total : null;
    }

    private static bool SameCommit(string a, string b) =>
        a.StartsWith(b, StringComparison.OrdinalIgnoreCase) || b.StartsWith(a, StringComparison.OrdinalIgnoreCase);

    private static string? SafeMachineName()
    {
        try { return NonEmpty(System.Environment.MachineName); }
        catch (InvalidOperationException) { return null; }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Asks git (if installed) about the work tree around a directory; bounded to 2 s per call.</summary>
    internal static class Git
    {
        public static (string? Head, bool? Dirty) Describe(string directory)
        {
            string? head = Run(directory, "rev-parse", "HEAD");
            if (head is null || head.Length < 7 || !head.All(Uri.IsHexDigit))
                return (null, null);
            string? status = Run(directory, "status", "--porcelain", "--untracked-files=no");
            return (head, status is null ? null : status.Length > 0);
        }

        private static string? Run(string directory, params string[] args)
        {
            try
            {
                if (!Directory.Exists(directory)) return null;
                var psi = new ProcessStartInfo("git")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    UseShellExecute = false,
                };
                psi.ArgumentList.Add("-C");
                psi.ArgumentList.Add(directory);
                foreach (var a in args) psi.ArgumentList.Add(a);
                psi.Environment["GIT_OPTIONAL_LOCKS"] = "0"; // never take the index lock of a tree others build in
                psi.Environment["LC_ALL"] = "C";
                using var p = Process.Start(psi);
                if (p is null) return null;
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                if (!p.WaitForExit(2000))
                {
                    try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    return null;
                }
                p.WaitForExit();
                return p.ExitCode == 0 ? stdout.Result.Trim() : null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}

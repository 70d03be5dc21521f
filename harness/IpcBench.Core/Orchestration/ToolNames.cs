using System.Globalization;
using System.Text.RegularExpressions;
using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>
/// Every name the tool gives a directory in the temporary folder, a shared-memory object or a
/// message queue, in one place: how each is made, and the exact formats `ipcbench clean` and the
/// conformance sweep recognise (docs/security.md lists them). Each name carries the pid of the
/// process that made it (so a dead run's leftovers are told from a live run's) and 64 random
/// bits from the CSPRNG, drawn afresh for every object: nothing visible in /tmp, /dev/shm or
/// /dev/mqueue tells the name of the next object, so another user cannot squat it.
/// </summary>
public static partial class ToolNames
{
    public const string Prefix = "ipcbench-";
    public const string ProbePrefix = "ipcprobe-";

    /// <summary>Environment variable that hands a probe its random token (16 hex digits), so the runner knows its names.</summary>
    public const string ProbeTokenVariable = "IPCPROBE_TOKEN";

    /// <summary>
    /// Directory kinds: a `run`'s directory, `conform`'s probe workspace, an in-process conformance
    /// check's directory, the mount point of a private mqueue mount (see <see cref="QueueListing"/>).
    /// </summary>
    public const string RunKind = "run", ProbesKind = "probes", ConformKind = "conform", MqueueKind = "mqueue";

    static string Pid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>"ipcbench-&lt;pid&gt;-&lt;kind&gt;-": the prefix <see cref="DirectoryHandle.CreateFresh"/> adds 16 random hex digits to.</summary>
    public static string DirectoryPrefix(string kind) => $"{Prefix}{Pid}-{kind}-";

    /// <summary>
    /// A fresh shared-memory or queue name (with the leading slash): "/ipcbench-&lt;pid&gt;-&lt;16 hex&gt;", or with
    /// "-&lt;tag&gt;" (a-z, 0-9; at most 16) appended.
    /// </summary>
    public static string NewObjectName(string? tag = null)
    {
        if (tag is not null && !TagFormat().IsMatch(tag))
            throw new ArgumentException($"object name tag '{tag}' must be 1 to 16 of a-z, 0-9", nameof(tag));
        return $"/{Prefix}{Pid}-{DirectoryHandle.RandomToken()}{(tag is null ? "" : "-" + tag)}";
    }

    [GeneratedRegex("^[a-z0-9]{1,16}$")]
    private static partial Regex TagFormat();

    /// <summary>Directories in the temporary folder: ipcbench-PID-(run|probes|conform|mqueue)-HEX16.</summary>
    [GeneratedRegex("^ipcbench-(?<pid>[1-9][0-9]{0,9})-(run|probes|conform|mqueue)-[0-9a-f]{16}$")]
    private static partial Regex DirectoryFormat();

    /// <summary>
    /// Shared-memory objects and queues: ipcbench-PID-HEX16, ipcbench-PID-HEX16-TAG (mq cells: -c2s, -s2c);
    /// the in-process name-length checks fill the tag with 'x' up to NAME_MAX.
    /// </summary>
    [GeneratedRegex("^ipcbench-(?<pid>[1-9][0-9]{0,9})-[0-9a-f]{16}(-[a-z0-9]{1,240})?$")]
    private static partial Regex ObjectFormat();

    /// <summary>
    /// The conformance probe's objects: ipcprobe-PID-HEX16-TAG; the name-length cases fill the tag
    /// with 'x' up to NAME_MAX.
    /// </summary>
    [GeneratedRegex("^ipcprobe-(?<pid>[1-9][0-9]{0,9})-[0-9a-f]{16}-[a-z0-9]{1,240}$")]
    private static partial Regex ProbeObjectFormat();

    // Formats of versions before the names carried a random token, so their leftovers can still be
    // cleaned: run directories ipcbench-PID-XXXXXX (mkdtemp) and their cells' objects
    // ipcbench-PID-XXXXXX-CELL[-c2s|-s2c]; in-process checks' ipcbench-PID-cN-TAG and their
    // directories ipcbench-PID-conform-XXXXXX; the micro-benchmarks' ipcbench-PID-HEX8-WHAT;
    // probe objects ipcprobe-PID-TAG.
    [GeneratedRegex("^ipcbench-(?<pid>[1-9][0-9]{0,9})-(conform-)?[A-Za-z0-9]{6}$")]
    private static partial Regex LegacyDirectoryFormat();

    [GeneratedRegex("^ipcbench-(?<pid>[1-9][0-9]{0,9})-([A-Za-z0-9]{6}-([0-9]{1,6}|rt)(-c2s|-s2c)?|[0-9a-f]{8}-[a-z]{1,16}|c[0-9]{1,9}-[a-z]{1,250})$")]
    private static partial Regex LegacyObjectFormat();

    [GeneratedRegex("^ipcprobe-(?<pid>[1-9][0-9]{0,9})-(s|d|z|q|missing|ns|x{200,255})$")]
    private static partial Regex LegacyProbeObjectFormat();

    /// <summary>The .NET runtime's debugger FIFOs and diagnostics socket: clr-debug-pipe-PID-KEY-(in|out), dotnet-diagnostic-PID-KEY-socket.</summary>
    [GeneratedRegex("^(clr-debug-pipe-(?<pid>[1-9][0-9]{0,9})-[0-9]{1,20}-(in|out)|dotnet-diagnostic-(?<pid>[1-9][0-9]{0,9})-[0-9]{1,20}-socket)$")]
    private static partial Regex RuntimeEndpointFormat();

    /// <summary>The pid in a directory name of the tool's exact formats; null for any other name.</summary>
    public static int? DirectoryPid(string name) => PidOf(name, DirectoryFormat(), LegacyDirectoryFormat());

    /// <summary>The pid in a shared-memory or queue name (without the slash) of `run` or an in-process check; null for any other name.</summary>
    public static int? ObjectPid(string name) => PidOf(name, ObjectFormat(), LegacyObjectFormat());

    /// <summary>The pid in a probe's shared-memory or queue name (without the slash); null for any other name.</summary>
    public static int? ProbeObjectPid(string name) => PidOf(name, ProbeObjectFormat(), LegacyProbeObjectFormat());

    /// <summary>The pid in a .NET runtime diagnostics endpoint name; null for any other name.</summary>
    public static int? RuntimeEndpointPid(string name) => PidOf(name, RuntimeEndpointFormat(), null);

    static int? PidOf(string name, Regex format, Regex? legacy)
    {
        var m = format.Match(name);
        if (!m.Success && legacy is not null)
            m = legacy.Match(name);
        return m.Success && int.TryParse(m.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>
    /// The names a probe with <paramref name="pid"/> and <paramref name="token"/> may give its objects
    /// (without the slash): its fixed tags (native/ipcprobe: shm_name_for, mq_name_for) and the
    /// NAME_MAX-long name of the name-length cases.
    /// </summary>
    public static IEnumerable<string> ProbeObjectNames(int pid, string token)
    {
        string head = $"{ProbePrefix}{pid.ToString(CultureInfo.InvariantCulture)}-{token}-";
        foreach (var tag in ProbeTags)
            yield return head + tag;
        yield return head + new string('x', NameMax - head.Length);
    }

    /// <summary>The tags of native/ipcprobe's object names (a test keeps this list and the C sources in step).</summary>
    public static readonly IReadOnlyList<string> ProbeTags = ["s", "d", "z", "q", "missing", "ns", "t", "a", "b"];

    /// <summary>NAME_MAX: the longest name after the slash.</summary>
    public const int NameMax = 255;
}

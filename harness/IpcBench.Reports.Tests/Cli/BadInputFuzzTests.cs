using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using IpcBench.Results;
using static IpcBench.Reports.Tests.TestRuns;

namespace IpcBench.Reports.Tests.Cli;

/// <summary>
/// Generated bad input over every command and option: malformed invocations and input files
/// (empty, truncated, wrong kind, wrong schema version, schema violations, binary, huge, FIFO,
/// device, symlink loop, folder for file, unreadable). Each must end with exit status 2 and
/// exactly one line on stderr, no stack trace. Most run in process (Program.Main, far cheaper than
/// a process each on 2 cores); a sample runs as real processes, the unreadable and unwritable
/// ones as uid 65534. A generous watchdog only tells a hang (a FIFO opened for reading that
/// blocks) from an answer: "hung" is the failure, never a speed bound.
/// </summary>
[TestFixture]
[Category("Cli")]
[NonParallelizable] // in-process invocations swap Console.Out/Error
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class BadInputFuzzTests
{
    static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(2);

    TempDir _dir = null!;
    string _run = null!, _conform = null!, _out = null!, _aFile = null!;
    /// <summary>Bad input files: name, path, and whether a conformance result is expected to refuse it too (false: it is only wrong where a run result is wanted).</summary>
    readonly List<(string Name, string Path, bool BadForEvery)> _files = [];

    [OneTimeSetUp]
    public void SetUp()
    {
        _dir = new TempDir();
        _run = _dir["run.json"];
        ResultJson.Write(_run, Run([Latency("pipe", 64, Around(4000)), Throughput("pipe", 65536, Around(3000))], withFloors: true));
        _conform = _dir.File("conform.json", TestConform.Json([("mmap.flags.shared", "x86_64", "pass")]));
        _out = _dir["out"];
        _aFile = _dir.File("a-file.txt", "not a folder\n");
        string run = File.ReadAllText(_run);

        void Add(string name, string contents, bool badForEvery = true) => _files.Add((name, _dir.File(name, contents), badForEvery));
        Add("empty.json", "");
        Add("blank.json", " \n\t\n");
        foreach (var f in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
            Add($"cut-{f}.json", run[..(int)(run.Length * f)]);
        string conform = File.ReadAllText(_conform);
        Add("conform-cut.json", conform[..(conform.Length / 2)]);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var bytes = new byte[4096];
            new Random(seed).NextBytes(bytes);
            var p = _dir["binary-" + seed + ".json"];
            File.WriteAllBytes(p, bytes);
            _files.Add(("binary-" + seed, p, true));
        }
        Add("bom-only.json", "\uFEFF");
        Add("array.json", "[]");
        Add("number.json", "42");
        Add("null.json", "null");
        Add("string.json", "\"ipcbench-run\"");
        Add("object.json", "{}");
        Add("other-kind.json", "{\"kind\": \"ipcbench-compare\", \"schema_version\": 1}");
        Add("bench.json", "[{\"name\": \"x\", \"unit\": \"ns\", \"value\": 1}]");
        foreach (var v in new[] { "3", "0", "-1", "\"1\"", "1.5", "null", "99999999999" })
            Add($"run-version-{v.Trim('"')}.json", System.Text.RegularExpressions.Regex.Replace(run, "\"schema_version\": [0-9]+", $"\"schema_version\": {v}"));
        Add("conform-version-2.json", conform.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal));
        foreach (var field in new[] { "cells", "environment", "settings", "run_id", "started_utc", "floors", "copy_model", "tool_version" })
            Add($"run-without-{field}.json", Edit(run, o => o.Remove(field)));
        Add("run-cells-string.json", Edit(run, o => o["cells"] = "x"));
        Add("run-cells-numbers.json", Edit(run, o => o["cells"] = new JsonArray(1, 2)));
        Add("run-cell-size-text.json", Edit(run, o => o["cells"]![0]!["size"] = "big"));
        Add("run-cell-status-null.json", Edit(run, o => o["cells"]![0]!["status"] = null));
        Add("run-environment-number.json", Edit(run, o => o["environment"] = 3));
        Add("run-sizes-text.json", Edit(run, o => o["settings"]!["sizes"] = "64"));
        Add("run-kind-other.json", Edit(run, o => o["kind"] = "ipcbench-runs"));
        foreach (var field in new[] { "cases", "host", "summary", "targets" })
            Add($"conform-without-{field}.json", Edit(conform, o => o.Remove(field)));
        Add("conform-cases-object.json", Edit(conform, o => o["cases"] = new JsonObject()));
        Add("conform-verdict-number.json", Edit(conform, o => o["cases"]![0]!["results"]![0]!["verdict"] = 7));
        _files.Add(("a conformance result", _conform, false));

        // Not regular, not there, too big, a loop.
        var huge = _dir["huge.json"];
        using (var fs = File.Create(huge)) fs.SetLength(65L << 20); // sparse: the size alone is refused
        _files.Add(("huge", huge, true));
        var fifo = _dir["fifo.json"];
        IpcBench.Interop.Posix.MkFifo(fifo, 0x180);
        _files.Add(("fifo", fifo, true));
        File.CreateSymbolicLink(_dir["loop-a.json"], _dir["loop-b.json"]);
        File.CreateSymbolicLink(_dir["loop-b.json"], _dir["loop-a.json"]);
        _files.Add(("symlink loop", _dir["loop-a.json"], true));
        File.CreateSymbolicLink(_dir["dangling.json"], _dir["no-such-target.json"]);
        _files.Add(("dangling symlink", _dir["dangling.json"], true));
        Directory.CreateDirectory(_dir["folder.json"]);
        _files.Add(("a folder for a file", _dir["folder.json"], true));
        _files.Add(("/dev/zero", "/dev/zero", true));
        _files.Add(("/dev/null", "/dev/null", true));
        _files.Add(("missing", _dir["missing.json"], true));
        _files.Add(("empty name", "", true));
    }

    [OneTimeTearDown]
    public void TearDown() => _dir.Dispose();

    static string Edit(string json, Action<JsonObject> change)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        change(o);
        return o.ToJsonString();
    }

    /// <summary>Every generated invocation: the files in every place a command reads one, then bad options of every command.</summary>
    IEnumerable<string[]> Invocations()
    {
        foreach (var (_, bad, badForEvery) in _files)
        {
            yield return ["compare", bad, _run];
            yield return ["compare", _run, bad];
            if (badForEvery) yield return ["compare", _conform, bad];
            yield return ["export", bad, "--format", "bencher"];
            yield return ["export", bad, "--format", "github-smaller", "--out", _dir["export.json"]];
            yield return ["report", bad, "--out", _out];
            yield return ["report", _run, bad, "--out", _out];
            if (badForEvery)
            {
                yield return ["baseline", "update", bad, "--dir", _dir["baselines"]];
                yield return ["baseline", "name", bad];
            }
        }
        // Folders where a folder of runs is read.
        var onlyBad = Path.Combine(_dir.Path, "only-bad");
        Directory.CreateDirectory(onlyBad);
        File.WriteAllText(Path.Combine(onlyBad, "a.json"), "{");
        File.Copy(_conform, Path.Combine(onlyBad, "b.json"));
        var empty = Path.Combine(_dir.Path, "empty-folder");
        Directory.CreateDirectory(empty);
        foreach (var folder in new[] { onlyBad, empty, _aFile, _dir["missing-folder"], _dir["loop-a.json"], _dir["fifo.json"], "" })
        {
            yield return ["history", folder, "--out", _out];
            yield return ["report", folder, "--out", _out];
            yield return ["compare", folder, _run];
        }

        // Options, command by command.
        string[] run = ["run", "--transports", "pipe", "--peers", "native-native", "--sizes", "64", "--workloads", "latency", "--no-floors", "--out", _out];
        foreach (var opt in new[] { "--count", "--warmup", "--repetitions" })
            foreach (var v in new[] { "abc", "2147483648", "-1", "1.5", "", "0x10", "1e3", " ", "99999999999999999999" })
                if (!(opt == "--warmup" && v == "0"))
                    yield return [.. run, opt, v];
        yield return [.. run, "--count", "0"];
        yield return [.. run, "--repetitions", "0"];
        foreach (var v in new[] { "0", "-1", "abc", "3601", "NaN", "Infinity", "", "1e9", "-0" })
            yield return [.. run, "--timeout", v];
        foreach (var (opt, values) in new (string, string[])[]
        {
            ("--transports", ["pipe,pipe", "carrier", "", ",,", "cacheline", "pipe,,pipe", "PIPE"]),
            ("--wait", ["sleep", "spin,spin", "none", ""]),
            ("--peers", ["managed", "managed-x", "managed-managed,managed-managed", "", "native-native,native:native", "-"]),
            ("--workloads", ["bandwidth", "latency,latency", ""]),
            ("--sizes", ["0", "12x", "4K,4096", "2G", "-1", "", "64,64", "8", "1K,1k"]),
            ("--placement", ["diagonal", ""]),
            ("--profile", ["forever", ""]),
            ("--out", ["", _aFile, "/proc/ipcbench/out", _run]),
        })
            foreach (var v in values)
                yield return [.. run.Where((_, i) => i == 0 || run[i - 1] != opt && run[i] != opt), opt, v];
        yield return [.. run, "--frobnicate"];
        yield return [.. run, "extra"];
        yield return ["run", "--count"];

        foreach (var (opt, v) in new[] { ("--parallel", "0"), ("--parallel", "17"), ("--parallel", "abc"), ("--parallel", "2147483648"), ("--abi", "vax"),
                     ("--abi", "x86_64,x86_64"), ("--case", "no.such.case.*"), ("--case", "mmap.,mmap."), ("--format", "xml"), ("--out", ""), ("--out", _aFile),
                     ("--out", "/proc/ipcbench/out") })
            yield return ["conform", "--abi", "x86_64", opt, v];

        foreach (var args in new[]
        {
            new[] { "--format", "xml" }, ["--threshold", "lots"], ["--threshold", "-5"], ["--confidence", "abc"], ["--confidence", "100"],
            ["--confidence", "0"], ["--out", _dir["cmp.md"]], ["--format", "md", "--out", ""], ["--format", "json", "--out", "/proc/ipcbench/cmp.json"],
            ["--format", "json", "--out", _out + "/"], ["--format", "md", "--out", _dir.Path], ["--frobnicate"],
        })
            yield return ["compare", _run, _run, .. args];
        yield return ["compare", _run];
        yield return ["compare"];

        foreach (var args in new[]
        {
            new[] { "--format", "junit" }, ["--format", ""], [], ["--format", "bencher", "--out", "/proc/ipcbench/x.json"],
            ["--format", "bencher", "--out", _dir.Path], ["--format", "bencher", "--out", ""],
        })
            yield return ["export", _run, .. args];

        foreach (var args in new[]
        {
            Array.Empty<string>(), ["--out", ""], ["--out", _aFile], ["--out", "/proc/ipcbench/report"], ["--out", _out, "--size", "abc"],
            ["--out", _out, "--size", "0"], ["--out", _out, "--label", "nonsense"],
        })
            yield return ["report", _run, .. args];

        var good = Path.Combine(_dir.Path, "good-folder");
        Directory.CreateDirectory(good);
        File.Copy(_run, Path.Combine(good, "a.json"), overwrite: true);
        foreach (var args in new[]
        {
            new[] { "--label", "nonsense" }, ["--threshold", "x"], ["--transports", "pipe,pipe"], ["--sizes", "0"], ["--placement", "diagonal"],
            ["--workloads", "x"], ["--confidence", "1000"], ["--peers", "a,a"],
        })
            yield return ["history", good, "--out", _out, .. args];
        yield return ["history", good, "--out", ""];
        yield return ["history", good, "--out", _aFile];
        yield return ["history", good];

        yield return ["baseline", "update", _run, "--dir", _aFile];
        yield return ["baseline", "update", _run, "--dir", "/proc/ipcbench/baselines"];
        yield return ["baseline", "update", _run, "--dir", ""];
        yield return ["baseline", "frobnicate"];
        yield return ["frobnicate"];
        yield return ["--frobnicate"];
        yield return ["clean", "--frobnicate"];
    }

    [Test]
    public void Every_generated_bad_input_is_exit_2_and_one_line_in_process()
    {
        var invocations = Invocations().ToList();
        invocations.Count.Should().BeGreaterThanOrEqualTo(300);
        var problems = new List<string>();
        foreach (var args in invocations)
        {
            var (exit, stderr, hung) = InProcess(args);
            if (hung)
            {
                problems.Add($"hung: ipcbench {Show(args)}");
                break; // the process-wide console is still the stuck invocation's
            }
            if (Problem(exit, stderr) is { } p)
                problems.Add($"ipcbench {Show(args)}: {p}");
        }
        TestContext.Out.WriteLine($"{invocations.Count} invocations, each exit 2 with one line");
        problems.Should().BeEmpty($"{invocations.Count} invocations");
    }

    [Test]
    public void A_sample_as_real_processes()
    {
        string Bad(string name) => _files.First(f => f.Name == name).Path;
        List<string[]> sample =
        [
            ["export", Bad("fifo"), "--format", "bencher"],
            ["compare", _run, Bad("fifo")],
            ["baseline", "update", Bad("fifo"), "--dir", _dir["baselines"]],
            ["export", "/dev/zero", "--format", "bencher"],
            ["report", Bad("huge"), "--out", _out],
            ["history", _dir["loop-a.json"], "--out", _out],
            ["export", Bad("run-without-cells.json"), "--format", "bencher"],
            ["run", "--count", "abc"],
            ["run", "--out", ""],
            ["conform", "--parallel", "2147483648"],
        ];
        foreach (var args in sample)
        {
            var r = Ipcbench.Run(args);
            Problem(r.Exit, r.Stderr).Should().BeNull($"ipcbench {Show(args)}");
        }
    }

    [Test]
    public void Unreadable_inputs_and_unwritable_outputs_for_an_unprivileged_user()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("needs root, to drop to uid 65534 in the child (setpriv)");
        // A world-traversable folder holding what uid 65534 may not read or write.
        var shared = Directory.CreateTempSubdirectory("ipcbench-fuzz-").FullName;
        try
        {
            File.SetUnixFileMode(shared, (UnixFileMode)0x1ED); // 0755
            var secret = Path.Combine(shared, "secret.json");
            File.Copy(_run, secret);
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600 root
            var readable = Path.Combine(shared, "run.json");
            File.Copy(_run, readable);
            File.SetUnixFileMode(readable, (UnixFileMode)0x1A4); // 0644
            var closed = Path.Combine(shared, "closed");
            Directory.CreateDirectory(closed);
            File.Copy(_run, Path.Combine(closed, "a.json"));
            File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); // 0700 root
            var rootOnly = Path.Combine(shared, "root-only");
            Directory.CreateDirectory(rootOnly);
            File.SetUnixFileMode(rootOnly, (UnixFileMode)0x1ED); // 0755 root: not writable by 65534

            List<string[]> cases =
            [
                ["export", secret, "--format", "bencher"],
                ["compare", readable, secret],
                ["compare", closed, readable],
                ["history", closed, "--out", Path.Combine(rootOnly, "h")],
                ["history", Path.Combine(closed, "a.json"), "--out", Path.Combine(rootOnly, "h")],
                ["report", secret, "--out", Path.Combine(rootOnly, "r")],
                ["baseline", "update", secret, "--dir", Path.Combine(rootOnly, "b")],
                ["compare", readable, readable, "--format", "md", "--out", Path.Combine(rootOnly, "c.md")],
                ["export", readable, "--format", "bencher", "--out", Path.Combine(rootOnly, "e.json")],
                ["report", readable, "--out", rootOnly],
                ["history", shared, "--out", Path.Combine(rootOnly, "h")],
                ["baseline", "update", readable, "--dir", rootOnly],
                ["conform", "--abi", "x86_64", "--case", "mmap.", "--out", rootOnly],
                ["run", "--out", rootOnly],
            ];
            foreach (var args in cases)
            {
                var r = AsNobody(args);
                Problem(r.Exit, r.Stderr).Should().BeNull($"uid 65534: ipcbench {Show(args)}");
                r.Stderr.Should().MatchRegex("permission denied|EACCES|Access to the path", $"uid 65534: ipcbench {Show(args)} says why");
            }
            Directory.EnumerateFileSystemEntries(rootOnly).Should().BeEmpty("nothing was written where uid 65534 may not write");
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    /// <summary>Null when the outcome is right: exit 2, exactly one line on stderr starting "ipcbench: ", no stack trace.</summary>
    static string? Problem(int exit, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (exit != 2) return $"exit {exit}, stderr: {stderr.Trim()}";
        if (lines.Length != 1) return $"{lines.Length} lines on stderr: {stderr.Trim()}";
        if (!lines[0].StartsWith("ipcbench: ", StringComparison.Ordinal)) return $"stderr does not start with 'ipcbench: ': {lines[0]}";
        if (stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Exception", StringComparison.Ordinal) || stderr.Contains("System.", StringComparison.Ordinal))
            return $"a stack trace or .NET type name: {stderr.Trim()}";
        return null;
    }

    static string Show(string[] args) => string.Join(' ', args.Select(a => a.Length == 0 || a.Contains(' ') ? $"'{a}'" : a));

    static (int Exit, string Stderr, bool Hung) InProcess(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var call = Task.Run(() => IpcBench.Cli.Program.Main(args));
            if (!call.Wait(Watchdog))
                return (-1, stderr.ToString(), true);
            return (call.Result, stderr.ToString(), false);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    static (int Exit, string Stdout, string Stderr) AsNobody(string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", host, Path.Combine(AppContext.BaseDirectory, "ipcbench.dll") })
            psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = "/nonexistent";
        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Watchdog))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"hung: ipcbench {Show(args)} as uid 65534");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

using System.Diagnostics;

namespace IpcBench.Tests.Cli;

/// <summary>Runs the real `ipcbench` (the built ipcbench.dll in this test's output) as a child process.</summary>
internal sealed class CliProcess : IDisposable
{
    public Process Process { get; }
    readonly Task<string> _stdout;
    readonly Task<string> _stderr;
    readonly System.Text.StringBuilder _stderrSoFar = new();

    /// <summary>What the process wrote to standard error until now (it is still being read).</summary>
    public string StderrSoFar { get { lock (_stderrSoFar) return _stderrSoFar.ToString(); } }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "ipcbench.dll");

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";

    public CliProcess(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // As scripts/ipcbench starts it: a harness a test kills leaves no runtime debugger FIFOs in /tmp.
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process = Process.Start(psi)!;
        _stdout = Process.StandardOutput.ReadToEndAsync();
        _stderr = ReadAllAsync(Process.StandardError);
    }

    async Task<string> ReadAllAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (_stderrSoFar) _stderrSoFar.Append(buffer, 0, n);
        }
        return StderrSoFar;
    }

    /// <summary>Waits for the exit; a process still running after the timeout is killed and the test fails.</summary>
    public (int Exit, string Stdout, string Stderr) Wait(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail($"ipcbench did not exit within {timeout}; stderr: {_stderr.Result}");
        }
        Process.WaitForExit();
        return (Process.ExitCode, _stdout.Result, _stderr.Result);
    }

    public static (int Exit, string Stdout, string Stderr) Run(TimeSpan timeout, params string[] args)
    {
        using var p = new CliProcess(args);
        return p.Wait(timeout);
    }

    public void Dispose()
    {
        try { if (!Process.HasExited) Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        Process.Dispose();
    }
}

using System.Diagnostics;

namespace IpcBench.Reports.Tests.Cli;

/// <summary>Runs the real `ipcbench` (ipcbench.dll in this test's output) and returns its exit status and output.</summary>
internal static class Ipcbench
{
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // As scripts/ipcbench starts it: a harness killed by the watchdog leaves no runtime debugger FIFOs in /tmp.
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ipcbench.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"ipcbench {string.Join(' ', args)} did not exit within 2 minutes");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

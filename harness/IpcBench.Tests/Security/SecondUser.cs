using System.Diagnostics;
using System.Globalization;
using IpcBench.Orchestration;
using IpcBench.Tests.Cli;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Security;

/// <summary>
/// The hostile second user of the attack tests: uid/gid 65534, acting from a child process that
/// setpriv dropped to it (files, folders, links, shared-memory objects), or from a dedicated thread
/// whose own kernel credentials were dropped to it (queues, which no shell command creates). Only
/// root can become another user, so these tests need root; CI runs as root.
/// </summary>
internal static class SecondUser
{
    public const uint Uid = 65534;

    /// <summary>Ignores the test, saying why, unless this process is root.</summary>
    public static void RequireRoot(string what)
    {
        if (GetEUid() != 0)
            Assert.Ignore($"{what}: needs root, to act as a second user (uid {Uid}) next to the victim's runs; CI runs as root, so it runs there");
    }

    /// <summary>Runs a shell script as uid/gid 65534 in a child process (setpriv); it must succeed.</summary>
    public static void Shell(string script)
    {
        var psi = new ProcessStartInfo("setpriv")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "--", "sh", "-c", script })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        p.WaitForExit(60_000).Should().BeTrue("the second user's script finishes");
        p.ExitCode.Should().Be(0, $"the second user's script succeeds; stderr: {err.Result}");
        _ = output.Result;
    }

    /// <summary>Runs the built `ipcbench` as uid/gid 65534 (setpriv): an ordinary user's command.</summary>
    public static (int Exit, string Stdout, string Stderr) Ipcbench(params string[] args)
    {
        var psi = new ProcessStartInfo("setpriv")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in new[] { "--reuid", "65534", "--regid", "65534", "--clear-groups", "--", CliProcess.DotnetHost, CliProcess.Dll })
            psi.ArgumentList.Add(a);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = "/tmp";
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        p.WaitForExit(120_000).Should().BeTrue("ipcbench as the second user finishes");
        return (p.ExitCode, output.Result, err.Result);
    }

    /// <summary>Runs <paramref name="action"/> on a thread whose own credentials are uid/gid 65534.</summary>
    public static void OnThread(Action action)
    {
        Exception? failure = null;
        var t = new Thread(() =>
        {
            try
            {
                int errno = DropThreadCredentials(Uid, Uid);
                if (errno != 0)
                    throw new InvalidOperationException($"could not drop the thread to uid {Uid}: {Errno.Name(errno)}");
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true };
        t.Start();
        t.Join();
        if (failure is not null)
            throw new InvalidOperationException("the second user's action failed: " + failure.Message, failure);
    }

    /// <summary>The pid of a process that has just exited (and so is not running).</summary>
    public static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        Directory.Exists($"/proc/{p.Id}").Should().BeFalse();
        return p.Id;
    }

    /// <summary>The next <paramref name="count"/> pids the kernel will hand out (from ns_last_pid): what an attacker predicts.</summary>
    public static IEnumerable<int> UpcomingPids(int count)
    {
        int last = int.Parse(File.ReadAllText("/proc/sys/kernel/ns_last_pid").Trim(), CultureInfo.InvariantCulture);
        return Enumerable.Range(last + 1, count);
    }

    /// <summary>A directory of the victim's (root, 0755) with one file, to point planted links at.</summary>
    public static string Victim()
    {
        var dir = Directory.CreateTempSubdirectory("sec-victim-").FullName;
        using (var h = IpcBench.Util.DirectoryHandle.OpenBase(dir))
            FChMod(h.Fd, 0x1ED); // 0755
        File.WriteAllText(Path.Combine(dir, "precious"), "keep me");
        return dir;
    }

    /// <summary>The victim directory is as it was: mode 0755, owner root, its file there.</summary>
    public static void VictimIntact(string dir)
    {
        using (var h = IpcBench.Util.DirectoryHandle.OpenBase(dir))
        {
            var st = FStat(h.Fd);
            st.Permissions.Should().Be(0x1ED, $"{dir} keeps mode 0755 (a chmod through a planted link would change it)");
            st.Uid.Should().Be(0u);
        }
        File.ReadAllText(Path.Combine(dir, "precious")).Should().Be("keep me", "nothing followed a link into the victim's folder");
    }

    /// <summary>Removes as root whatever the second user planted under these paths (links removed, not followed).</summary>
    public static void RemovePlanted(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            var parent = Path.GetDirectoryName(p)!;
            using var dir = IpcBench.Util.DirectoryHandle.OpenBase(parent);
            try
            {
                dir.RemoveTree(Path.GetFileName(p));
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A fresh name of the run/object formats for a given pid (what clean must recognise).</summary>
    public static string Token() => IpcBench.Util.DirectoryHandle.RandomToken();

    /// <summary>Unlinks queues (as root), ignoring those already gone.</summary>
    public static void UnlinkQueues(IEnumerable<string> names)
    {
        foreach (var n in names)
            MqUnlinkRaw(n);
    }

    /// <summary>Creates a queue (O_CREAT|O_EXCL, 0644 so its owner can be told by anyone) on the calling thread's credentials.</summary>
    public static void CreateQueue(string name)
    {
        var attr = new MqAttr { MaxMsg = 1, MsgSize = 16 };
        MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x1A4, attr).Dispose();
    }

    /// <summary>Whether queues can be listed here (mounted /dev/mqueue, or root for a private mount).</summary>
    public static bool QueuesListable => GetEUid() == 0 || QueueListing.IsMqueueMount("/dev/mqueue");
}

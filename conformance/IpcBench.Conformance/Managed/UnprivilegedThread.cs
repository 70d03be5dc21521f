using IpcBench.Conformance.Model;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// Runs an in-process permission check as uid/gid 65534 when this process is root, as the probe
/// does in a forked child: Linux credentials belong to each thread, so a dedicated thread drops its
/// own with the raw setgroups/setresgid/setresuid system calls (glibc's wrappers would change
/// every thread of the process), runs the check, and ends. No other work ever runs on it.
/// </summary>
internal static class UnprivilegedThread
{
    public const uint Nobody = 65534;

    public sealed class CannotDropException(string message) : Exception(message);

    public static Task<Observation> RunAsync(ManagedCheck check)
    {
        var done = new TaskCompletionSource<Observation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var errno = DropThreadCredentials(Nobody, Nobody);
                if (errno != 0)
                {
                    done.SetException(new CannotDropException(
                        $"the in-process check could not drop this thread to uid {Nobody} ({Posix.Errno.Name(errno)}); it needs CAP_SETUID/CAP_SETGID when run as root"));
                    return;
                }
                done.SetResult(check());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "ipcbench unprivileged check",
        };
        thread.Start();
        return done.Task;
    }
}

using static IpcBench.Interop.Posix;

namespace IpcBench.Peer;

/// <summary>
/// Kills this process (SIGKILL) when its parent, the harness, dies, so a killed harness never leaves a spinning peer
/// behind: the managed counterpart of the native peer's <c>PR_SET_PDEATHSIG</c>, which a .NET process cannot rely on
/// (it fires when the parent's forking <em>thread</em> exits). A background thread compares getppid() with the
/// parent seen at start every <see cref="IntervalMs"/> ms; it never touches the hot path.
/// </summary>
public sealed class ParentWatch : IDisposable
{
    public const int IntervalMs = 100;

    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    private ParentWatch(int parent)
    {
        Parent = parent;
        _thread = new Thread(Watch) { IsBackground = true, Name = "ipcbench parent watch" };
        _thread.Start();
    }

    /// <summary>The parent pid when the watch started.</summary>
    public int Parent { get; }

    /// <summary>Starts watching the current parent.</summary>
    public static ParentWatch Start() => new(GetPPid());

    private void Watch()
    {
        while (!_stop.Wait(IntervalMs))
        {
            if (GetPPid() != Parent)
                KillRaw(GetPid(), SIGKILL);
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

/// <summary>Owns a file descriptor (file, pipe end, FIFO, socket, shm object); closes it once.</summary>
internal sealed class SafeFileDescriptor : SafeHandle
{
    /// <summary>An invalid (-1) descriptor; used by the marshaller.</summary>
    public SafeFileDescriptor() : base(new IntPtr(-1), ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="fd"/> (or not, with <paramref name="ownsHandle"/> false).</summary>
    public SafeFileDescriptor(int fd, bool ownsHandle = true) : base(new IntPtr(-1), ownsHandle) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor number (valid while this handle is open).</summary>
    public int Fd => (int)handle.ToInt64();

    // close(2) is not retried on EINTR: on Linux the descriptor is released whatever close returns.
    protected override bool ReleaseHandle() => Posix.CloseRaw((int)handle.ToInt64()) == 0;

    public override string ToString() => IsClosed ? "fd (closed)" : "fd " + Fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Owns a POSIX message queue descriptor (<c>mqd_t</c>, an int on Linux); <c>mq_close</c> once.</summary>
internal sealed class SafeMqDescriptor : SafeHandle
{
    public SafeMqDescriptor() : base(new IntPtr(-1), ownsHandle: true) { }

    public SafeMqDescriptor(int mqd, bool ownsHandle = true) : base(new IntPtr(-1), ownsHandle) => SetHandle(new IntPtr(mqd));

    public override bool IsInvalid => handle.ToInt64() < 0;

    public int Mqd => (int)handle.ToInt64();

    protected override bool ReleaseHandle() => Posix.MqCloseRaw((int)handle.ToInt64()) == 0;
}

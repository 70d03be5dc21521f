using IpcBench.Interop;

namespace IpcBench.Transports;

/// <summary>
/// The peer side of a transport: moves whole messages of <see cref="Size"/> bytes to and from the partner.
/// Rings hand out their slots (zero copy: build in place, verify in place); stream and mq transports use a private
/// buffer and copy through the kernel. The steady state allocates nothing. Any failure (timeout, dead partner,
/// system-call error) throws <see cref="TransportException"/> or <see cref="PosixException"/>.
/// </summary>
/// <remarks>
/// One send: <c>var m = t.BeginSend(); Message.Build(m, seq); t.Commit();</c>.
/// One receive: <c>var m = t.BeginReceive(); Message.Verify(m, seq); t.Release();</c>.
/// The span of a Begin* call is valid until the matching Commit/Release.
/// </remarks>
public interface IMessageTransport : IDisposable
{
    /// <summary>Message size in bytes, header included.</summary>
    int Size { get; }

    /// <summary>Waits (bounded) for room and returns where to build the next message, exactly <see cref="Size"/> bytes.</summary>
    Span<byte> BeginSend();

    /// <summary>Publishes the message built in the span <see cref="BeginSend"/> returned.</summary>
    void Commit();

    /// <summary>Waits (bounded) for the next message and returns it in place (stream: whole; mq: length checked).</summary>
    ReadOnlySpan<byte> BeginReceive();

    /// <summary>Hands the received message's storage back.</summary>
    void Release();
}

/// <summary>A transport failure: timeout, the partner gone, a segment that does not match.</summary>
public sealed class TransportException : Exception
{
    public TransportException(string message) : base(message) { }
    public TransportException(string message, Exception inner) : base(message, inner) { }
}

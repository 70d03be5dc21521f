using System.Runtime.CompilerServices;
using IpcBench.Transports;

namespace IpcBench.Peer;

/// <summary>
/// The workload loops are generic over a struct channel, so the JIT specialises them per transport and calls the
/// sealed transport's methods directly (no interface dispatch in the hot loop).
/// </summary>
public interface IChannel
{
    Span<byte> BeginSend();
    void Commit();
    ReadOnlySpan<byte> BeginReceive();
    void Release();
}

/// <summary>Channel over a <see cref="RingTransport"/> (shm, mmap-file).</summary>
public readonly struct RingChannel(RingTransport t) : IChannel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Span<byte> BeginSend() => t.BeginSend();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Commit() => t.Commit();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public ReadOnlySpan<byte> BeginReceive() => t.BeginReceive();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Release() => t.Release();
}

/// <summary>Channel over a <see cref="StreamTransport"/> (pipe, fifo, uds).</summary>
public readonly struct StreamChannel(StreamTransport t) : IChannel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Span<byte> BeginSend() => t.BeginSend();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Commit() => t.Commit();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public ReadOnlySpan<byte> BeginReceive() => t.BeginReceive();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Release() => t.Release();
}

/// <summary>Channel over an <see cref="MqTransport"/>.</summary>
public readonly struct MqChannel(MqTransport t) : IChannel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Span<byte> BeginSend() => t.BeginSend();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Commit() => t.Commit();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public ReadOnlySpan<byte> BeginReceive() => t.BeginReceive();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Release() => t.Release();
}

/// <summary>Channel over any <see cref="IMessageTransport"/> (interface dispatch; for other implementations).</summary>
public readonly struct AnyChannel(IMessageTransport t) : IChannel
{
    public Span<byte> BeginSend() => t.BeginSend();
    public void Commit() => t.Commit();
    public ReadOnlySpan<byte> BeginReceive() => t.BeginReceive();
    public void Release() => t.Release();
}

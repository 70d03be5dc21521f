namespace IpcBench.Transports;

/// <summary>
/// A cell this machine cannot run as configured (a limit it found only when making the transport's
/// objects, such as RLIMIT_MSGQUEUE already used by the user's other queues): the cell is skipped
/// with the figures and how to raise the limit, like a size a transport cannot carry.
/// </summary>
public sealed class TransportSkipException(string reason) : Exception(reason);

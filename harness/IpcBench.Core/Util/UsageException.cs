namespace IpcBench.Util;

/// <summary>
/// A mistake in what the user asked for (bad option, unknown transport, unreadable file).
/// The command line prints its message as one line and exits with status 2, no stack trace.
/// </summary>
public sealed class UsageException(string message) : Exception(message);

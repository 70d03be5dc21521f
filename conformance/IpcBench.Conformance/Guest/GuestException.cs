namespace IpcBench.Conformance.Guest;

/// <summary>A guest run could not happen or ended early; the message is one line for the user.</summary>
public sealed class GuestException(string message, bool badInput = false) : Exception(message)
{
    /// <summary>The user named something that is not a kernel (exit status 2), rather than a run that failed.</summary>
    public bool BadInput { get; } = badInput;
}

namespace IpcBench.Conformance.Probe;

/// <summary>Linux signal numbers (x86 and generic) to names, for messages about crashed probes.</summary>
public static class Signals
{
    static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL",
        "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF",
        "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public static string Name(int signo) =>
        signo > 0 && signo < Names.Length ? Names[signo] : signo is >= 34 and <= 64 ? $"SIGRTMIN+{signo - 34}" : $"signal {signo}";

    /// <summary>.NET reports a child killed by signal N as exit status 128+N.</summary>
    public static string? FromExitStatus(int status) => status is > 128 and <= 128 + 64 ? Name(status - 128) : null;
}

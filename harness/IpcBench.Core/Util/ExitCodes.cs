namespace IpcBench.Util;

/// <summary>Exit statuses shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Something measured or checked failed: a cell, a case, a regression.</summary>
    public const int Failed = 1;
    /// <summary>Bad input: the one line printed says what was wrong.</summary>
    public const int Usage = 2;
}

namespace IpcBench.Conformance.Model;

/// <summary>The interface a case checks; one NUnit fixture and one NUnit category each.</summary>
public enum CaseInterface
{
    Mmap,
    Munmap,
    Msync,
    Pipe,
    Fifo,
    MessageQueue,
    SharedMemory,
    /// <summary>An x86-64 managed process and an ipcprobe of another ABI sharing one object.</summary>
    CrossAbi,
}

public static class CaseInterfaceExtensions
{
    /// <summary>The name used as NUnit category and in reports (the fixture name without "Tests").</summary>
    public static string Category(this CaseInterface i) => i.ToString();

    /// <summary>The lower-case key used in the JSON report.</summary>
    public static string Key(this CaseInterface i) => i switch
    {
        CaseInterface.Mmap => "mmap",
        CaseInterface.Munmap => "munmap",
        CaseInterface.Msync => "msync",
        CaseInterface.Pipe => "pipe",
        CaseInterface.Fifo => "fifo",
        CaseInterface.MessageQueue => "mqueue",
        CaseInterface.SharedMemory => "shm",
        CaseInterface.CrossAbi => "cross-abi",
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };
}

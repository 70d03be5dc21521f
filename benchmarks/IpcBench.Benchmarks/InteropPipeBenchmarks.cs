using System.IO.Pipes;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// A <c>write</c> of N bytes into a pipe and the <c>read</c> of them back, in one thread, through each interop style
/// and through the .NET base library's streams over the same pipe. The pipe is empty before and after every
/// operation, so N up to the pipe buffer never blocks.
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[EvaluateOverhead(false)] // operations of ~0.3 us and more: the ~3 ns call overhead is noise, and evaluating it is most of a case's time
public unsafe class InteropPipeBenchmarks
{
    [Params(64, 4096)]
    public int Size { get; set; }

    private SafeFileDescriptor _read = null!, _write = null!;
    private int _readFd, _writeFd;
    private byte* _src, _dst;
    private FileStream _fileOut = null!, _fileIn = null!;
    private AnonymousPipeServerStream _pipeOut = null!;
    private AnonymousPipeClientStream _pipeIn = null!;

    [GlobalSetup]
    public void Setup()
    {
        Pipe2(O_CLOEXEC, out _read, out _write);
        _readFd = _read.Fd;
        _writeFd = _write.Fd;
        _src = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        _dst = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        new Span<byte>(_src, Size).Fill(0x5A);
        // The base library's views of the same two descriptors; they do not own them. bufferSize 0: no
        // FileStream buffer, every Write/Read is one system call, as in the other styles.
        _fileOut = new FileStream(new SafeFileHandle(_writeFd, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        _fileIn = new FileStream(new SafeFileHandle(_readFd, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        // The pipe streams get duplicates they own (same pipe): disposing a PipeStream over a SafePipeHandle that
        // does not own its descriptor hangs on Linux (.NET 10).
        _pipeOut = new AnonymousPipeServerStream(PipeDirection.Out, Dup(_write), Dup(_read));
        _pipeIn = new AnonymousPipeClientStream(PipeDirection.In, Dup(_read));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeIn?.Dispose();
        _pipeOut?.Dispose();
        _fileIn?.Dispose();
        _fileOut?.Dispose();
        _read?.Dispose();
        _write?.Dispose();
        NativeMemory.AlignedFree(_src);
        NativeMemory.AlignedFree(_dst);
        _src = _dst = null;
    }

    /// <summary>The project's bindings as the transports use them: SafeHandle descriptors, errno captured, EINTR retried.</summary>
    [Benchmark(Baseline = true)]
    public int LibraryImport()
    {
        int w = Posix.Write(_write, new ReadOnlySpan<byte>(_src, Size));
        int r = Posix.Read(_read, new Span<byte>(_dst, Size));
        return Check(w, r);
    }

    [Benchmark]
    public int DllImport()
    {
        nint w = ClassicLibc.Write(_writeFd, _src, (nuint)Size);
        nint r = ClassicLibc.Read(_readFd, _dst, (nuint)Size);
        return Check(w, r);
    }

    [Benchmark]
    public int FunctionPointer()
    {
        nint w = LibcFunctionPointers.Write(_writeFd, _src, (nuint)Size);
        nint r = LibcFunctionPointers.Read(_readFd, _dst, (nuint)Size);
        return Check(w, r);
    }

    /// <summary>Mono.Posix.NETStandard's <c>Syscall.write</c> / <c>Syscall.read</c>.</summary>
    [Benchmark]
    public int MonoPosix()
    {
        long w = Syscall.write(_writeFd, _src, (ulong)Size);
        long r = Syscall.read(_readFd, _dst, (ulong)Size);
        return Check((nint)w, (nint)r);
    }

    /// <summary>Unbuffered <see cref="FileStream"/>s over the same descriptors.</summary>
    [Benchmark]
    public int BclFileStream()
    {
        _fileOut.Write(new ReadOnlySpan<byte>(_src, Size));
        return Check(Size, _fileIn.Read(new Span<byte>(_dst, Size)));
    }

    /// <summary><see cref="AnonymousPipeServerStream"/> / <see cref="AnonymousPipeClientStream"/> over the same descriptors.</summary>
    [Benchmark]
    public int BclAnonymousPipe()
    {
        _pipeOut.Write(new ReadOnlySpan<byte>(_src, Size));
        return Check(Size, _pipeIn.Read(new Span<byte>(_dst, Size)));
    }

    private static SafePipeHandle Dup(SafeFileDescriptor fd) => new(Fcntl(fd, F_DUPFD_CLOEXEC, 3), ownsHandle: true);

    // An empty pipe takes and gives back all N bytes in one call each; anything else means the measurement is off.
    private int Check(nint written, nint read)
    {
        if (written != Size || read != Size)
            Throw(written, read);
        return (int)read;
    }

    private void Throw(nint written, nint read)
        => throw new InvalidOperationException($"pipe: wrote {written} and read {read} of {Size} bytes (errno {Marshal.GetLastSystemError()})");
}

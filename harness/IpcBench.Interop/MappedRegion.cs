using System.Runtime.InteropServices;

namespace IpcBench.Interop;

/// <summary>
/// Owns one <c>mmap</c> mapping: its address and length; <c>munmap</c> once on dispose/finalise.
/// Create with <see cref="Posix.MMap(nuint, int, int, SafeFileDescriptor?, long)"/>.
/// </summary>
internal sealed unsafe class MappedRegion : SafeHandle
{
    /// <summary>Invalid region (used by marshalling only).</summary>
    public MappedRegion() : base(new IntPtr(-1), ownsHandle: true) { }

    /// <summary>Takes ownership of a mapping at <paramref name="address"/> of <paramref name="length"/> bytes.</summary>
    public MappedRegion(void* address, nuint length) : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle((IntPtr)address);
        Length = length;
    }

    public override bool IsInvalid => handle == new IntPtr(-1) || handle == IntPtr.Zero;

    /// <summary>Start of the mapping. Do not use after dispose.</summary>
    public byte* Pointer => (byte*)handle;

    /// <summary>Length passed to mmap, in bytes.</summary>
    public nuint Length { get; }

    /// <summary>The mapping as a span (the length must fit an int).</summary>
    public Span<byte> Span => new(Pointer, checked((int)Length));

    protected override bool ReleaseHandle() => Posix.MUnmapRaw((void*)handle, Length) == 0;
}

using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>How to start a peer process: the program, the arguments before the peer options, and environment variables it needs.</summary>
public sealed record PeerLaunch(string FileName, IReadOnlyList<string> Prefix, IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>
/// Another build's peers, for <c>ipcbench ab</c>: a build output folder holding ipcbench.dll
/// (the managed peer) and native/&lt;abi&gt;/ipcpeer, named in labels and results.
/// </summary>
public sealed record PeerBuild(string Name, string Directory)
{
    public string NativeDirectory => Path.Combine(Directory, "native");
}

/// <summary>
/// Finds the peers: the managed one is this tool's own ipcbench.dll in its hidden `__peer` mode,
/// the native ones are native/&lt;abi&gt;/ipcpeer next to the assemblies (copied there by native/native.targets).
/// </summary>
public static class PeerLocator
{
    /// <summary>Where the native binaries are; IPCBENCH_NATIVE_DIR overrides (a folder holding &lt;abi&gt;/ipcpeer).</summary>
    public static string NativeDirectory =>
        Environment.GetEnvironmentVariable("IPCBENCH_NATIVE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "native");

    /// <param name="build">Another build's folder (ab); null for this tool's own peers.</param>
    public static PeerLaunch Locate(PeerInfo endpoint, PeerBuild? build = null) => endpoint.Impl == PeerImpl.Managed
        ? new PeerLaunch(DotnetHost(), [ManagedPeerAssembly(build?.Directory ?? AppContext.BaseDirectory), "__peer"], ManagedPeerEnvironment)
        : new PeerLaunch(NativeBinary(endpoint.Abi, "ipcpeer", build?.NativeDirectory ?? NativeDirectory), []);

    static readonly IReadOnlyDictionary<string, string> ManagedPeerEnvironment = new Dictionary<string, string>
    {
        // The runtime's debugger FIFOs and diagnostic socket in /tmp are removed only on a clean exit:
        // a peer killed mid-cell would leave them behind.
        ["DOTNET_EnableDiagnostics"] = "0",
        // No timed message may run in unoptimised code: without tiering every method is compiled
        // fully optimised at its first call (the hot loops also carry AggressiveOptimization).
        // The peer reports the mode in DONE jit=.
        [Peer.PeerJit.TieredCompilationVariable] = "0",
    };

    /// <summary>The path of a native program for one ABI, or a UsageException saying why it is missing.</summary>
    public static string NativeBinary(string abi, string program) => NativeBinary(abi, program, NativeDirectory);

    static string NativeBinary(string abi, string program, string nativeDirectory)
    {
        var path = Path.Combine(nativeDirectory, abi, program);
        if (File.Exists(path))
        {
            if (NativeExecution.KernelRefuses(path) is { } refused)
                throw new UsageException($"native {program} for {abi} cannot run here: {refused}");
            return path;
        }
        var reason = abi.StartsWith("i686", StringComparison.Ordinal) ? ReadUnavailable("i686") : null;
        throw new UsageException(reason is not null
            ? $"native {program} for {abi} is not available: {reason}"
            : $"native {program} for {abi} not found at {path}: build with scripts/build.sh");
    }

    /// <summary>The native ABIs that were built, in Makefile order (whether the kernel runs them: <see cref="NativeExecution"/>).</summary>
    public static IReadOnlyList<string> BuiltAbis() =>
        PeerSpec.NativeAbis.Where(a => File.Exists(Path.Combine(NativeDirectory, a, "ipcpeer"))).ToList();

    /// <summary>Why the kernel refuses to run the built peer of an ABI, or null (also when it is not built).</summary>
    public static string? KernelRefuses(string abi)
    {
        var path = Path.Combine(NativeDirectory, abi, "ipcpeer");
        return File.Exists(path) ? NativeExecution.KernelRefuses(path) : null;
    }

    /// <summary>The reason native/Makefile wrote for an ABI it could not build, if any.</summary>
    public static string? ReadUnavailable(string abi)
    {
        var file = Path.Combine(NativeDirectory, $"{abi}.unavailable");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    static string ManagedPeerAssembly(string directory)
    {
        var dll = Path.Combine(directory, "ipcbench.dll");
        if (!File.Exists(dll))
            throw new UsageException($"managed peer not found at {dll}: build with scripts/build.sh");
        return dll;
    }

    /// <summary>The dotnet host running us (or the one the SDK named), so the peer runs on the same runtime.</summary>
    static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return "dotnet";
    }
}

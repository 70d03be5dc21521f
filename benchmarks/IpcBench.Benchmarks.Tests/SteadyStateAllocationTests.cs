using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Benchmarks.Tests;

/// <summary>
/// The steady state of every transport's send and receive path, and of the project's bindings on the copy paths,
/// allocates nothing. Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a warm loop, because
/// a dry job's single cold invocation also counts the first call's one-time allocations.
/// </summary>
[NonParallelizable]
public class SteadyStateAllocationTests : LeavesNothingBehind
{
    private const int Warm = 3000, Measured = 3000;

    [TestCaseSource(typeof(CrossProcessRoundTripBenchmarks), nameof(CrossProcessRoundTripBenchmarks.Transports))]
    public void Round_trips_allocate_nothing_once_warm(string transport)
    {
        var b = new CrossProcessRoundTripBenchmarks { Transport = transport, Server = "native" };
        b.Setup();
        try
        {
            AllocatedBytes(() => b.RoundTrip(), Warm / CrossProcessRoundTripBenchmarks.RoundTripsPerInvoke, Measured / CrossProcessRoundTripBenchmarks.RoundTripsPerInvoke)
                .Should().Be(0, $"the {transport} client's send and receive path allocates nothing in the steady state");
        }
        finally
        {
            b.Cleanup();
        }
    }

    [TestCase(64)]
    [TestCase(65536)]
    public void Copy_paths_allocate_nothing_once_warm(int size)
    {
        var b = new CopyCostBenchmarks { Size = size };
        b.Setup();
        try
        {
            AllocatedBytes(b.ShmCopyIn, Warm, Measured).Should().Be(0, "copy into shm");
            AllocatedBytes(b.ShmCopyOut, Warm, Measured).Should().Be(0, "copy out of shm");
            AllocatedBytes(b.Pipe, Warm, Measured).Should().Be(0, "pipe write+read");
            AllocatedBytes(b.UnixSocket, Warm, Measured).Should().Be(0, "socket send+recv");
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Test]
    public void Mq_send_receive_allocates_nothing_once_warm()
    {
        var b = new MqCopyCostBenchmarks { Size = MqCopyCostBenchmarks.Sizes.First() };
        b.Setup();
        try
        {
            AllocatedBytes(b.MessageQueue, Warm, Measured).Should().Be(0);
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Test]
    public void The_project_bindings_allocate_nothing_once_warm()
    {
        var nullCall = new InteropNullCallBenchmarks();
        nullCall.Setup();
        AllocatedBytes(() => nullCall.LibraryImport(), Warm, Measured).Should().Be(0, "getppid");
        var b = new InteropPipeBenchmarks { Size = 64 };
        b.Setup();
        try
        {
            AllocatedBytes(() => b.LibraryImport(), Warm, Measured).Should().Be(0, "write+read through the project's bindings");
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static long AllocatedBytes(Action op, int warm, int measured)
    {
        for (int i = 0; i < warm; i++)
            op();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < measured; i++)
            op();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

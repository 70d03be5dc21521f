using System.Text.Json.Serialization;

namespace IpcBench.Results;

/// <summary>How a cell ended. Every planned cell is recorded, whatever its status.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CellStatus>))]
public enum CellStatus
{
    /// <summary>Measured; every timed message was verified by its receiver.</summary>
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>Tried and failed (peer error, verify error, timeout); <c>reason</c> says why.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Not tried (size beyond a limit, ABI not built, ...); <c>reason</c> says why and how to lift it.</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
}

/// <summary>What a cell measures.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Workload>))]
public enum Workload
{
    /// <summary>Ping-pong; each round trip timed by the client.</summary>
    [JsonStringEnumMemberName(Protocol.ProtocolNames.Latency)] Latency,
    /// <summary>One-way stream client to server, timed at the receiver.</summary>
    [JsonStringEnumMemberName(Protocol.ProtocolNames.Throughput)] Throughput,
}

/// <summary>Where the two peers run relative to each other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Placement>))]
public enum Placement
{
    /// <summary>Pinned to two different CPUs.</summary>
    [JsonStringEnumMemberName("cross")] Cross,
    /// <summary>Both pinned to the same CPU.</summary>
    [JsonStringEnumMemberName("same")] Same,
    /// <summary>Not pinned; the scheduler decides.</summary>
    [JsonStringEnumMemberName("none")] None,
}

/// <summary>Peer implementation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeerImpl>))]
public enum PeerImpl
{
    [JsonStringEnumMemberName(Protocol.ProtocolNames.ImplManaged)] Managed,
    [JsonStringEnumMemberName(Protocol.ProtocolNames.ImplNative)] Native,
}

/// <summary>How the copy model was obtained for a transport/peer pair.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelStatus>))]
public enum ModelStatus
{
    /// <summary>Fitted; the numbers are present.</summary>
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>Not enough data (fewer than 2 distinct sizes, ...); <c>reason</c> says why; numbers are null.</summary>
    [JsonStringEnumMemberName("absent")] Absent,
}

public static class ResultEnumNames
{
    /// <summary>The JSON/CSV spelling of an enum value ("cross", "latency", ...).</summary>
    public static string Name(this CellStatus v) => v switch { CellStatus.Ok => "ok", CellStatus.Failed => "failed", _ => "skipped" };
    public static string Name(this Workload v) => Protocol.ProtocolNames.Workloads.Name(v.ToPeerWorkload());
    /// <summary>The peer's --workload of a cell's workload (the peer also runs the floors).</summary>
    public static Protocol.PeerWorkload ToPeerWorkload(this Workload v) => v == Workload.Latency ? Protocol.PeerWorkload.Latency : Protocol.PeerWorkload.Throughput;
    public static string Name(this Placement v) => v switch { Placement.Cross => "cross", Placement.Same => "same", _ => "none" };
    public static string Name(this PeerImpl v) => v == PeerImpl.Managed ? Protocol.ProtocolNames.ImplManaged : Protocol.ProtocolNames.ImplNative;
    public static string Name(this ModelStatus v) => v == ModelStatus.Ok ? "ok" : "absent";
}

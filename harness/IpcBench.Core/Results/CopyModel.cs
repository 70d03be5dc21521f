namespace IpcBench.Results;

/// <summary>
/// The copy model of one transport on one peer pair and placement: round-trip time (median, ns)
/// fitted against message size as <c>rtt = fixed + slope * size</c>, turned into copies of memcpy.
/// </summary>
public sealed record CopyModelEntry
{
    // ---- identity ----
    public required string Transport { get; init; }
    public string? Wait { get; init; }
    public bool Yield { get; init; }
    /// <summary>Peer pair name, e.g. "managed-managed".</summary>
    public required string Peers { get; init; }
    public required Placement Placement { get; init; }

    public required ModelStatus Status { get; init; }
    /// <summary>Why the model is absent; null when ok.</summary>
    public string? Reason { get; init; }

    /// <summary>Textbook copies per direction beyond the peers' own work: 2 for pipe, fifo, mq, uds; 0 for shm, mmap-file; null if unknown.</summary>
    public double? TextbookCopies { get; init; }

    /// <summary>The fitted points: size (bytes) and median round trip (ns) of each ok latency cell.</summary>
    public IReadOnlyList<ModelPoint> Points { get; init; } = [];

    /// <summary>"wls-relative-intercept+ols-slope": fixed cost from the 1/rtt² weighted fit, cost per byte from plain least squares.</summary>
    public string? Method { get; init; }
    /// <summary>Intercept of the fit: fixed cost of one round trip (ns).</summary>
    public double? FixedNsPerRoundTrip { get; init; }
    /// <summary>Half the intercept: fixed cost of one message in one direction (ns).</summary>
    public double? FixedNsPerMessage { get; init; }
    /// <summary>Slope of the plain fit (<see cref="Ols"/>): ns per byte of one round trip (the bytes travel both ways).</summary>
    public double? NsPerByteRoundTrip { get; init; }
    /// <summary>Half the slope: ns per byte in one direction.</summary>
    public double? NsPerBytePerDirection { get; init; }
    /// <summary>Coefficient of determination of the primary (weighted) fit, 0..1.</summary>
    public double? RSquared { get; init; }

    /// <summary>Plain ordinary least squares on the same points: its slope is the cost per byte.</summary>
    public LinearFitResult? Ols { get; init; }

    /// <summary>Size (bytes) at which the memcpy and own floors were taken: the largest fitted size.</summary>
    public long? ReferenceSize { get; init; }
    /// <summary>memcpy floor at <see cref="ReferenceSize"/>: ns per byte copied.</summary>
    public double? MemcpyNsPerByte { get; init; }
    /// <summary>Own floor at <see cref="ReferenceSize"/>: ns per byte of own work (produce + consume one message).</summary>
    public double? OwnNsPerByte { get; init; }
    /// <summary>ns_per_byte_per_direction / memcpy_ns_per_byte: everything per byte, in memcpy units.</summary>
    public double? EffectiveCopies { get; init; }
    /// <summary>(ns_per_byte_per_direction - own_ns_per_byte) / memcpy_ns_per_byte: what the transport adds, in memcpy units.</summary>
    public double? CopiesBeyondOwn { get; init; }
    /// <summary>Standard error of the copy counts (half the slope's standard error / memcpy_ns_per_byte); null when unknown.</summary>
    public double? CopiesStdError { get; init; }
    /// <summary>
    /// True when the per-byte slope is positive and beyond its two-sided 95 % confidence interval
    /// (Student's t, n - 2 degrees of freedom); false means the size-dependent cost is lost in the
    /// noise of the round trips and the copy counts say nothing. Null with 2 points.
    /// </summary>
    public bool? SlopeResolved { get; init; }

    // ---- schema version 2: wake-ups apart from bytes, the hand-off unit, the CPU-time estimate, the verdict ----

    /// <summary>"fixed+wake-ups+bytes" when the fit had the wake-up term, "fixed+bytes" when it had not (see <see cref="WakeUpNote"/>); null when absent.</summary>
    public string? Terms { get; init; }
    /// <summary>Median over the fitted points of the voluntary context switches of both peers per round trip; null when not recorded.</summary>
    public double? WakeUpsPerRoundTrip { get; init; }
    /// <summary>Cost of one wake-up (ns), from the fixed + wake-ups + bytes fit; null when that term was not fitted.</summary>
    public double? NsPerWakeUp { get; init; }
    public double? NsPerWakeUpStdError { get; init; }
    /// <summary>Why the wake-up term was not fitted (wake-ups not recorded, not varying apart from size, too few points); null when fitted.</summary>
    public string? WakeUpNote { get; init; }
    /// <summary>Standard error of <see cref="FixedNsPerMessage"/>; null when unknown.</summary>
    public double? FixedNsPerMessageStdError { get; init; }
    /// <summary>Standard error of <see cref="NsPerBytePerDirection"/>; null when unknown.</summary>
    public double? NsPerBytePerDirectionStdError { get; init; }

    /// <summary>Hand-off floor at <see cref="ReferenceSize"/> (or the largest fitted size that has one): ns per byte moved between the peers' CPUs.</summary>
    public double? HandoffNsPerByte { get; init; }
    /// <summary>ns_per_byte_per_direction / handoff_ns_per_byte.</summary>
    public double? EffectiveHandoffs { get; init; }
    /// <summary>effective_handoffs − 1: what shared memory adds beyond one hand-off (the floor already builds and verifies the message).</summary>
    public double? HandoffsBeyondOwn { get; init; }
    /// <summary>Standard error of the hand-off counts.</summary>
    public double? HandoffsStdError { get; init; }

    /// <summary>
    /// Kernel-copy transports: one kernel copy per byte, from the kernel-copy floor (a pipe written and read back on
    /// one CPU): half its slope between the smallest run size and <see cref="ReferenceSize"/>, so the system calls'
    /// fixed cost drops out. Null for shared memory or without that floor.
    /// </summary>
    public double? KernelCopyNsPerByte { get; init; }
    /// <summary>What one kernel copy costs here in memcpy units (kernel_copy_ns_per_byte / memcpy ns per byte at the reference size).</summary>
    public double? KernelCopyInMemcpys { get; init; }
    /// <summary>(ns_per_byte_per_direction − own_ns_per_byte) / kernel_copy_ns_per_byte: copies per direction beyond own work in kernel-copy units (textbook 2).</summary>
    public double? KernelCopiesBeyondOwn { get; init; }
    public double? KernelCopiesStdError { get; init; }
    /// <summary>
    /// ns_per_byte_per_direction / (kernel_copy_ns_per_byte + handoff_ns_per_byte): the direction's cost against the
    /// textbook's two copies as this machine makes them, one kernel copy on the sender's CPU and one that reads the
    /// bytes from the other CPU's cache (a hand-off, which also holds the peers' own work). 1 = exactly that; below 1
    /// when sender and receiver overlap (a message larger than the buffer streams through it).
    /// </summary>
    public double? TwoCopyRatio { get; init; }
    public double? TwoCopyRatioStdError { get; init; }

    /// <summary>The second, independent estimate from the peers' CPU time; null when absent from the file (schema version 1).</summary>
    public CpuEstimate? Cpu { get; init; }

    /// <summary>"memcpy" or "handoff": the unit of <see cref="VerdictCopies"/> (memcpy for the kernel-copy transports, hand-off for shared memory).</summary>
    public string? VerdictUnit { get; init; }
    /// <summary>Copies per direction beyond own work in <see cref="VerdictUnit"/>; null when not resolved or not computed.</summary>
    public double? VerdictCopies { get; init; }
    public double? VerdictCopiesStdError { get; init; }
    /// <summary>True when the textbook value lies within the 95 % interval of <see cref="VerdictCopies"/> (Student's t, the fit's degrees of freedom); null when either is unknown.</summary>
    public bool? AgreesWithTextbook { get; init; }
    /// <summary>One line for people: copies with error and textbook, wake-up cost, wake-ups per round trip, and what disagrees.</summary>
    public string? Verdict { get; init; }
}

/// <summary>
/// Copies estimated from CPU time (user + system of both peers per round trip, which excludes waiting) fitted
/// against size with the same terms as the round trip.
/// </summary>
public sealed record CpuEstimate
{
    public required ModelStatus Status { get; init; }
    /// <summary>Why absent (spin waits burn CPU while they wait; no CPU times); null when ok.</summary>
    public string? Reason { get; init; }
    /// <summary>ns of CPU per byte per round trip, client side alone; null when absent.</summary>
    public double? ClientNsPerByteRoundTrip { get; init; }
    /// <summary>ns of CPU per byte per round trip, server side alone.</summary>
    public double? ServerNsPerByteRoundTrip { get; init; }
    /// <summary>Both sides' CPU ns per byte per round trip, halved: CPU per byte in one direction.</summary>
    public double? NsPerBytePerDirection { get; init; }
    public double? NsPerBytePerDirectionStdError { get; init; }
    /// <summary>(ns_per_byte_per_direction - own_ns_per_byte) / memcpy_ns_per_byte.</summary>
    public double? CopiesBeyondOwn { get; init; }
    public double? CopiesStdError { get; init; }
    /// <summary>True when this estimate and the round-trip one (both in memcpy units beyond own work) differ by less than the 95 % interval of their difference; null when either is missing.</summary>
    public bool? AgreesWithRoundTrip { get; init; }
}

/// <summary>One point of the copy model.</summary>
public sealed record ModelPoint
{
    public required long Size { get; init; }
    public required double RttNs { get; init; }
    /// <summary>Standard error of the median round trip: spread of the repetitions' medians / √repetitions; null with one repetition.</summary>
    public double? RttStdErrorNs { get; init; }
    /// <summary>Voluntary context switches of both peers per round trip; null when not recorded.</summary>
    public double? WakeUps { get; init; }
    /// <summary>User + system CPU ns of the client per round trip; null when not recorded.</summary>
    public double? ClientCpuNs { get; init; }
    /// <summary>User + system CPU ns of the server per round trip; null when not recorded.</summary>
    public double? ServerCpuNs { get; init; }
}

/// <summary>A straight-line fit y = intercept + slope * x.</summary>
public sealed record LinearFitResult
{
    public required double Intercept { get; init; }
    public required double Slope { get; init; }
    /// <summary>Null when undefined (all y equal).</summary>
    public double? RSquared { get; init; }
    /// <summary>Standard error of the slope, from the residuals (n - 2 degrees of freedom); null with 2 points.</summary>
    public double? SlopeStdError { get; init; }
}

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
}

/// <summary>One point of the copy model.</summary>
public sealed record ModelPoint
{
    public required long Size { get; init; }
    public required double RttNs { get; init; }
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

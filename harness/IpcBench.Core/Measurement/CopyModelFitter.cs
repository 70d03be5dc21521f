using System.Globalization;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Measurement;

/// <summary>
/// Builds the copy model: for each transport (with its wait strategy), peer pair and placement,
/// fits the median round trip of the ok latency cells against message size,
/// <c>rtt = fixed + slope * size</c>, and expresses the per-direction slope in copies of memcpy.
/// </summary>
/// <remarks>
/// <para><b>Fit method.</b> The fixed cost is the intercept of weighted least squares with
/// weights 1/rtt² ("wls-relative"): it minimises relative residuals, so the 64-byte point (a few
/// µs) counts as much as the 1-MiB point (hundreds of µs); plain OLS on sizes spread geometrically
/// from 64 B to 1 MiB is dominated by the largest sizes, whose absolute noise exceeds the whole
/// fixed cost. The cost per byte is the slope of plain OLS, which the large sizes anchor: where the
/// round trip is not a straight line in size (a pipe refilling its 64 KiB buffer, every refill a
/// wake-up) the relative fit's slope follows the small sizes and describes neither regime. The
/// slope's standard error (n - 2 degrees of freedom) says whether the per-byte cost was resolved
/// above the noise at all.</para>
/// <para><b>Copies.</b> The round trip carries the payload both ways, so the per-direction cost per
/// byte is half the slope. effective_copies = per-direction ns/byte ÷ memcpy ns/byte;
/// copies_beyond_own = (per-direction ns/byte − own ns/byte) ÷ memcpy ns/byte, with memcpy and
/// own taken from the floors at the largest fitted size (where fixed costs are negligible).</para>
/// </remarks>
public static class CopyModelFitter
{
    /// <summary>Intercept from the relative fit, slope from plain least squares.</summary>
    public const string Method = "wls-relative-intercept+ols-slope";

    /// <summary>
    /// Textbook copies per direction beyond the peers' own work: the kernel-mediated transports
    /// copy sender → kernel → receiver (2); shared memory is read and written in place (0).
    /// </summary>
    public static double? TextbookCopies(string transport) => transport switch
    {
        "pipe" or "fifo" or "mq" or "uds" => 2,
        "shm" or "mmap-file" => 0,
        _ => null,
    };

    /// <summary>
    /// One entry per (transport, wait, yield, peers, placement) that has any latency cell, in the
    /// order the groups first appear in <paramref name="cells"/>.
    /// </summary>
    public static IReadOnlyList<CopyModelEntry> Fit(IReadOnlyList<CellResult> cells, FloorResults floors)
    {
        var groups = new List<(CellResult First, List<ModelPoint> Points)>();
        var index = new Dictionary<(string, string?, bool, string, Placement), int>();
        foreach (var c in cells)
        {
            if (c.Workload != Workload.Latency)
                continue;
            var key = (c.Transport, c.Wait, c.Yield, c.Peers.Name, c.Placement);
            if (!index.TryGetValue(key, out int gi))
            {
                gi = groups.Count;
                index[key] = gi;
                groups.Add((c, []));
            }
            if (c.Status == CellStatus.Ok && c.Latency is { } lat)
                groups[gi].Points.Add(new ModelPoint { Size = c.Size, RttNs = lat.P50Ns });
        }
        return [.. groups.Select(g => FitOne(g.First.Transport, g.First.Wait, g.First.Yield, g.First.Peers.Name, g.First.Placement, g.Points, floors))];
    }

    /// <summary>Fits one group's points (size, median round trip ns).</summary>
    public static CopyModelEntry FitOne(string transport, string? wait, bool yield, string peers, Placement placement,
                                        IReadOnlyList<ModelPoint> points, FloorResults floors)
    {
        var sorted = points.OrderBy(p => p.Size).ToList();
        var entry = new CopyModelEntry
        {
            Transport = transport,
            Wait = wait,
            Yield = yield,
            Peers = peers,
            Placement = placement,
            Status = ModelStatus.Absent,
            TextbookCopies = TextbookCopies(transport),
            Points = sorted,
        };

        var bad = sorted.FirstOrDefault(p => !(p.RttNs > 0) || !double.IsFinite(p.RttNs));
        if (bad is not null)
            return entry with { Reason = $"round trip at {SizeParser.Format(bad.Size)} is {bad.RttNs} ns, not a positive time" };
        int distinct = sorted.Select(p => p.Size).Distinct().Count();
        if (distinct < 2)
        {
            string have = distinct == 0 ? "none" : $"only {SizeParser.Format(sorted[0].Size)}";
            return entry with { Reason = $"needs ok latency cells at 2 or more distinct sizes; have {have}" };
        }

        var x = sorted.Select(p => (double)p.Size).ToArray();
        var y = sorted.Select(p => p.RttNs).ToArray();
        // The fixed cost comes from the relative (1/rtt²) fit, where the small sizes count; the cost
        // per byte from plain least squares, where the large sizes have the leverage. Where the round
        // trip is not a straight line in size (a pipe refilling its 64 KiB buffer, each refill a
        // wake-up) the relative fit's slope describes neither regime: on a VM it came out 5x below
        // what the 1 MiB point shows, which is what "cost per byte" has to mean for large messages.
        var fit = LinearFit.Relative(x, y);
        var ols = LinearFit.Ols(x, y);
        double perDirection = ols.Slope / 2;

        // Floors at the largest fitted size that has an ok memcpy floor.
        SizeFloor? memcpy = null, own = null;
        for (int i = sorted.Count - 1; i >= 0 && memcpy is null; i--)
        {
            memcpy = OkFloor(floors.Memcpy, sorted[i].Size);
            if (memcpy is not null)
                own = OkFloor(floors.Own, sorted[i].Size);
        }

        string? note = null;
        double? effective = null, beyond = null;
        if (memcpy is null)
        {
            note = "no ok memcpy floor at any fitted size: copies not computed";
        }
        else
        {
            effective = perDirection / memcpy.NsPerByte!.Value;
            if (own is null)
                note = $"no ok own floor at {SizeParser.Format(memcpy.Size)}: copies beyond own not computed";
            else
                beyond = (perDirection - own.NsPerByte!.Value) / memcpy.NsPerByte.Value;
            if (memcpy.Size != sorted[^1].Size)
                note = Join(note, $"memcpy floor missing at {SizeParser.Format(sorted[^1].Size)}; reference taken at {SizeParser.Format(memcpy.Size)}");
        }

        // Resolved: a positive slope beyond its two-sided 95 % confidence interval (Student's t with
        // n - 2 degrees of freedom: with three sizes one degree of freedom says almost nothing).
        bool? resolved = ols.SlopeStdError is { } se ? ols.Slope > StudentT95(sorted.Count - 2) * se : null;
        if (resolved == false)
            note = Join(note, string.Create(CultureInfo.InvariantCulture,
                $"per-byte cost not resolved: slope {ols.Slope:G3} ± {ols.SlopeStdError:G3} ns/B (t95 {StudentT95(sorted.Count - 2):G3}) is within the noise of the round trips"));
        if (memcpy is not null && memcpy.Size < 65536)
            note = Join(note, $"memcpy reference at {SizeParser.Format(memcpy.Size)} is a cache-resident copy; copies come out high");

        return entry with
        {
            Status = ModelStatus.Ok,
            Reason = note,
            Method = Method,
            FixedNsPerRoundTrip = fit.Intercept,
            FixedNsPerMessage = fit.Intercept / 2,
            NsPerByteRoundTrip = ols.Slope,
            NsPerBytePerDirection = perDirection,
            RSquared = fit.RSquared,
            Ols = ols,
            ReferenceSize = memcpy?.Size,
            MemcpyNsPerByte = memcpy?.NsPerByte,
            OwnNsPerByte = own?.NsPerByte,
            EffectiveCopies = effective,
            CopiesBeyondOwn = beyond,
            CopiesStdError = memcpy is not null && ols.SlopeStdError is { } e ? e / 2 / memcpy.NsPerByte!.Value : null,
            SlopeResolved = resolved,
        };
    }

    /// <summary>Two-sided 95 % critical value of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    internal static double StudentT95(int df) => df switch
    {
        <= 0 => double.PositiveInfinity,
        1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262,
        10 => 2.228, <= 15 => 2.131, <= 20 => 2.086, <= 30 => 2.042, _ => 1.96,
    };

    private static SizeFloor? OkFloor(IReadOnlyList<SizeFloor> list, long size) =>
        list.FirstOrDefault(f => f.Size == size && f.Status == CellStatus.Ok && f.NsPerByte is > 0);

    private static string Join(string? a, string b) => a is null ? b : string.Create(CultureInfo.InvariantCulture, $"{a}; {b}");
}

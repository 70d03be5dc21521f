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
/// <para><b>Fit method.</b> The primary fit is weighted least squares with weights 1/rtt²
/// ("wls-relative"): it minimises relative residuals, so the 64-byte point (a few µs) counts as
/// much as the 1-MiB point (hundreds of µs). Plain OLS on sizes spread geometrically from 64 B to
/// 1 MiB is dominated by the largest sizes: their absolute noise (µs) is larger than the whole
/// fixed cost, so the OLS intercept is poorly determined and can even be negative, though its
/// slope is fine. Round-trip noise grows roughly in proportion to the round trip, which is the case
/// relative weighting is right for. The slope stays anchored by the large sizes (only they have
/// leverage on it), so both numbers come out usable. The plain OLS fit is reported alongside
/// (<c>ols</c>) for comparison.</para>
/// <para><b>Copies.</b> The round trip carries the payload both ways, so the per-direction cost per
/// byte is half the slope. effective_copies = per-direction ns/byte ÷ memcpy ns/byte;
/// copies_beyond_own = (per-direction ns/byte − own ns/byte) ÷ memcpy ns/byte, with memcpy and
/// own taken from the floors at the largest fitted size (where fixed costs are negligible).</para>
/// </remarks>
public static class CopyModelFitter
{
    public const string Method = "wls-relative";

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
        var fit = LinearFit.Relative(x, y);
        var ols = LinearFit.Ols(x, y);
        double perDirection = fit.Slope / 2;

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

        bool? resolved = fit.SlopeStdError is { } se ? Math.Abs(fit.Slope) > 2 * se : null;
        if (resolved == false)
            note = Join(note, string.Create(CultureInfo.InvariantCulture,
                $"per-byte cost not resolved: slope {fit.Slope:G3} ± {fit.SlopeStdError:G3} ns/B is within the noise of the round trips"));
        if (memcpy is not null && memcpy.Size < 65536)
            note = Join(note, $"memcpy reference at {SizeParser.Format(memcpy.Size)} is a cache-resident copy; copies come out high");

        return entry with
        {
            Status = ModelStatus.Ok,
            Reason = note,
            Method = Method,
            FixedNsPerRoundTrip = fit.Intercept,
            FixedNsPerMessage = fit.Intercept / 2,
            NsPerByteRoundTrip = fit.Slope,
            NsPerBytePerDirection = perDirection,
            RSquared = fit.RSquared,
            Ols = ols,
            ReferenceSize = memcpy?.Size,
            MemcpyNsPerByte = memcpy?.NsPerByte,
            OwnNsPerByte = own?.NsPerByte,
            EffectiveCopies = effective,
            CopiesBeyondOwn = beyond,
            CopiesStdError = memcpy is not null && fit.SlopeStdError is { } e ? e / 2 / memcpy.NsPerByte!.Value : null,
            SlopeResolved = resolved,
        };
    }

    private static SizeFloor? OkFloor(IReadOnlyList<SizeFloor> list, long size) =>
        list.FirstOrDefault(f => f.Size == size && f.Status == CellStatus.Ok && f.NsPerByte is > 0);

    private static string Join(string? a, string b) => a is null ? b : string.Create(CultureInfo.InvariantCulture, $"{a}; {b}");
}

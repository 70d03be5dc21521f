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
                groups[gi].Points.Add(new ModelPoint
                {
                    Size = c.Size,
                    RttNs = lat.P50Ns,
                    RttStdErrorNs = RepetitionStdError(c.Repetitions, lat.P50Ns),
                    WakeUps = c.CostPerMessage?.Vcsw,
                    ClientCpuNs = c.ClientCostPerMessage?.CpuNs,
                    ServerCpuNs = c.ServerCostPerMessage?.CpuNs,
                });
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

        var twoTerm = entry with
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
            Terms = TwoTerms,
            NsPerBytePerDirectionStdError = ols.SlopeStdError / 2,
        };
        var model = WithWakeUps(twoTerm, sorted, memcpy, own);
        model = WithHandoff(model, sorted, floors);
        model = WithKernelCopy(model, floors);
        model = model with { Cpu = CpuEstimateOf(model, sorted) };
        return WithVerdict(model);
    }

    /// <summary>Round trip = fixed + ns/B x size.</summary>
    public const string TwoTerms = "fixed+bytes";
    /// <summary>Round trip = fixed + ns/wake-up x wake-ups + ns/B x size.</summary>
    public const string ThreeTerms = "fixed+wake-ups+bytes";
    /// <summary>Method of the three-term fit.</summary>
    public const string WakeUpMethod = "wls-3term";

    /// <summary>
    /// Standard error of a cell's median round trip from its repetitions' medians (sd / √k), at least 0.1 % of the
    /// median (the histogram's resolution); null with fewer than two repetitions.
    /// </summary>
    public static double? RepetitionStdError(IReadOnlyList<double> repetitions, double median)
    {
        int k = repetitions.Count;
        if (k < 2) return null;
        double mean = repetitions.Average();
        double sd = Math.Sqrt(repetitions.Sum(r => (r - mean) * (r - mean)) / (k - 1));
        return Math.Max(sd / Math.Sqrt(k), median * 1e-3);
    }

    /// <summary>
    /// Replaces the two-term figures by the fixed + wake-ups + bytes fit when the wake-ups per round trip were
    /// recorded at every point and vary apart from size (otherwise the wake-up term is collinear with the fixed
    /// cost or with the bytes and cannot be told apart; the note says which). Weights: 1/σ² from the repetitions
    /// when every point has them, else relative (1/rtt²).
    /// </summary>
    private static CopyModelEntry WithWakeUps(CopyModelEntry m, IReadOnlyList<ModelPoint> pts, SizeFloor? memcpy, SizeFloor? own)
    {
        double? median = pts.All(p => p.WakeUps is not null) && pts.Count > 0 ? Median(pts.Select(p => p.WakeUps!.Value)) : null;
        m = m with { WakeUpsPerRoundTrip = median };
        string? why = WakeUpTermProblem(pts);
        if (why is not null)
            return m with { WakeUpNote = why };
        var fit = FitTerms(pts, p => p.RttNs, withWakeUps: true, pts.All(p => p.RttStdErrorNs is not null) ? p => p.RttStdErrorNs!.Value : null);
        if (fit is null)
            return m with { WakeUpNote = "the fixed + wake-ups + bytes fit is singular: wake-ups follow size or stay constant" };
        double a = fit.Coefficients[0], w = fit.Coefficients[1], b = fit.Coefficients[2];
        double? seA = fit.StdErrors?[0], seW = fit.StdErrors?[1], seB = fit.StdErrors?[2];
        bool? resolved = seB is { } e ? b > StudentT95(fit.DegreesOfFreedom) * e : null;
        string? note = m.Reason is null ? null : string.Join("; ", m.Reason.Split("; ").Where(x => !x.StartsWith("per-byte cost not resolved", StringComparison.Ordinal)));
        if (string.IsNullOrEmpty(note)) note = null;
        if (resolved == false)
            note = Join(note, string.Create(CultureInfo.InvariantCulture,
                $"per-byte cost not resolved: slope {b:G3} ± {seB:G3} ns/B (t95 {StudentT95(fit.DegreesOfFreedom):G3}) is within the noise of the round trips"));
        double perDirection = b / 2;
        double? mc = memcpy?.NsPerByte, ow = own?.NsPerByte;
        return m with
        {
            Reason = note,
            Method = WakeUpMethod,
            Terms = ThreeTerms,
            FixedNsPerRoundTrip = a,
            FixedNsPerMessage = a / 2,
            FixedNsPerMessageStdError = seA / 2,
            NsPerWakeUp = w,
            NsPerWakeUpStdError = seW,
            NsPerByteRoundTrip = b,
            NsPerBytePerDirection = perDirection,
            NsPerBytePerDirectionStdError = seB / 2,
            EffectiveCopies = mc is { } x ? perDirection / x : null,
            CopiesBeyondOwn = mc is { } y && ow is { } o ? (perDirection - o) / y : null,
            CopiesStdError = mc is { } z && seB is { } sb ? sb / 2 / z : null,
            SlopeResolved = resolved,
        };
    }

    /// <summary>Null when the wake-up term can be fitted; else why not.</summary>
    internal static string? WakeUpTermProblem(IReadOnlyList<ModelPoint> pts)
    {
        if (pts.Any(p => p.WakeUps is null))
            return "wake-ups per round trip not recorded at every size: fitted fixed + bytes";
        if (pts.Count < 4)
            return "fewer than 4 sizes: fixed + wake-ups + bytes leaves no degree of freedom for errors; fitted fixed + bytes";
        // How far the wake-ups stray from a straight line in size: below half a wake-up they carry no
        // information of their own and their cost folds into the fixed cost or the slope.
        var line = LinearFit.Ols(pts.Select(p => (double)p.Size).ToArray(), pts.Select(p => p.WakeUps!.Value).ToArray());
        double stray = pts.Max(p => Math.Abs(p.WakeUps!.Value - (line.Intercept + line.Slope * p.Size)));
        if (stray < 0.5)
            return string.Create(CultureInfo.InvariantCulture,
                $"wake-ups per round trip ({pts.Min(p => p.WakeUps!.Value):0.##} to {pts.Max(p => p.WakeUps!.Value):0.##}) do not vary apart from size: their cost is part of the fixed cost; fitted fixed + bytes");
        return null;
    }

    /// <summary>
    /// y = fixed [+ ns/wake-up x wake-ups] + ns/B x size by weighted least squares: 1/σ² when <paramref name="sigma"/>
    /// is given (absolute weights), else 1/y² (relative). Null when singular or a weight is not positive.
    /// </summary>
    internal static MultiFitResult? FitTerms(IReadOnlyList<ModelPoint> pts, Func<ModelPoint, double> y, bool withWakeUps, Func<ModelPoint, double>? sigma)
    {
        var rows = pts.Select(p => withWakeUps ? new[] { 1.0, p.WakeUps!.Value, p.Size } : new[] { 1.0, (double)p.Size }).ToList();
        var ys = pts.Select(y).ToList();
        var w = pts.Select((p, i) => sigma is null ? 1.0 / (ys[i] * ys[i]) : 1.0 / (sigma(p) * sigma(p))).ToList();
        if (w.Any(v => !(v > 0) || !double.IsFinite(v)))
            return null;
        try
        {
            return MultiFit.Solve(rows, ys, w, absoluteWeights: sigma is not null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Kernel-copy transports: the same per-byte cost in units of one kernel copy as this machine makes it (a pipe
    /// written and read back on one CPU), beside memcpy units, since a kernel copy is not a user memcpy: it allocates
    /// and frees a page per 4 KiB, copies with the kernel's routine and crosses into the kernel (docs/copy-model.md).
    /// </summary>
    private static CopyModelEntry WithKernelCopy(CopyModelEntry m, FloorResults floors)
    {
        if (m.TextbookCopies is not > 0 || m.ReferenceSize is not { } r || m.NsPerBytePerDirection is not { } perDir)
            return m;
        var kernel = floors.KernelCopy ?? [];
        var big = OkFloor(kernel, r);
        var small = kernel.Where(f => f.Status == CellStatus.Ok && f.Ns is not null && f.Size < r).MinBy(f => f.Size);
        if (big?.Ns is not { } nb || small?.Ns is not { } ns)
            return m;
        double perCopy = (nb - ns) / (r - small.Size) / 2;
        if (perCopy <= 0)
            return m;
        // The textbook's two copies as this machine makes them: one kernel copy and one cross-CPU hand-off.
        double? twoCopies = m.HandoffNsPerByte is { } h ? perCopy + h : null;
        return m with
        {
            KernelCopyNsPerByte = perCopy,
            KernelCopyInMemcpys = perCopy / m.MemcpyNsPerByte,
            KernelCopiesBeyondOwn = m.OwnNsPerByte is { } o ? (perDir - o) / perCopy : null,
            KernelCopiesStdError = m.NsPerBytePerDirectionStdError / perCopy,
            TwoCopyRatio = perDir / twoCopies,
            TwoCopyRatioStdError = m.NsPerBytePerDirectionStdError / twoCopies,
        };
    }

    /// <summary>
    /// The same per-byte cost in hand-off units. The hand-off floor builds and verifies the message in place, as the
    /// peers do, while moving it once between their CPUs: a shared-memory transport doing nothing beyond that costs one
    /// hand-off per direction, so what it adds is <c>effective − 1</c> (textbook 0).
    /// </summary>
    private static CopyModelEntry WithHandoff(CopyModelEntry m, IReadOnlyList<ModelPoint> pts, FloorResults floors)
    {
        SizeFloor? h = m.ReferenceSize is { } r ? OkFloor(floors.Handoff, r) : null;
        for (int i = pts.Count - 1; i >= 0 && h is null; i--)
            h = OkFloor(floors.Handoff, pts[i].Size);
        if (h is null || m.NsPerBytePerDirection is not { } perDir)
            return m;
        double hb = h.NsPerByte!.Value;
        return m with
        {
            HandoffNsPerByte = hb,
            EffectiveHandoffs = perDir / hb,
            HandoffsBeyondOwn = perDir / hb - 1,
            HandoffsStdError = m.NsPerBytePerDirectionStdError / hb,
        };
    }

    /// <summary>
    /// The second estimate: CPU time of both peers per round trip (user + system, which excludes waiting) fitted
    /// with the same terms. Spin waits burn CPU while they wait, so they have none.
    /// </summary>
    internal static CpuEstimate CpuEstimateOf(CopyModelEntry m, IReadOnlyList<ModelPoint> pts)
    {
        if (m.Wait == "spin")
            return new CpuEstimate { Status = ModelStatus.Absent, Reason = "spin waits burn CPU while they wait: CPU time is not the cost of the bytes" };
        if (pts.Count < 3 || pts.Any(p => p.ClientCpuNs is null || p.ServerCpuNs is null))
            return new CpuEstimate { Status = ModelStatus.Absent, Reason = "needs CPU times of both peers at 3 or more sizes" };
        if (pts.Any(p => !(p.ClientCpuNs + p.ServerCpuNs > 0)))
            return new CpuEstimate { Status = ModelStatus.Absent, Reason = "a cell recorded no CPU time" };
        bool wake = m.Terms == ThreeTerms;
        var both = FitTerms(pts, p => p.ClientCpuNs!.Value + p.ServerCpuNs!.Value, wake, null);
        var client = FitTerms(pts, p => Math.Max(p.ClientCpuNs!.Value, 1), wake, null);
        var server = FitTerms(pts, p => Math.Max(p.ServerCpuNs!.Value, 1), wake, null);
        if (both is null)
            return new CpuEstimate { Status = ModelStatus.Absent, Reason = "the CPU-time fit is singular" };
        double b = both.Coefficients[^1];
        double? se = both.StdErrors?[^1] / 2;
        double perDir = b / 2;
        double? copies = m.MemcpyNsPerByte is { } mc && m.OwnNsPerByte is { } o ? (perDir - o) / mc : null;
        double? copiesSe = m.MemcpyNsPerByte is { } mc2 ? se / mc2 : null;
        bool? agrees = null;
        if (copies is { } c && copiesSe is { } cs && m.CopiesBeyondOwn is { } wall && m.CopiesStdError is { } ws && m.SlopeResolved != false)
        {
            int dof = Math.Min(both.DegreesOfFreedom, pts.Count - (wake ? 3 : 2));
            agrees = Math.Abs(c - wall) <= StudentT95(dof) * Math.Sqrt(cs * cs + ws * ws);
        }
        return new CpuEstimate
        {
            Status = ModelStatus.Ok,
            ClientNsPerByteRoundTrip = client?.Coefficients[^1],
            ServerNsPerByteRoundTrip = server?.Coefficients[^1],
            NsPerBytePerDirection = perDir,
            NsPerBytePerDirectionStdError = se,
            CopiesBeyondOwn = copies,
            CopiesStdError = copiesSe,
            AgreesWithRoundTrip = agrees,
        };
    }

    /// <summary>
    /// The verdict: copies per direction beyond own work, in memcpy units for the kernel-copy transports (their two
    /// copies are copy loops like memcpy) and in hand-off units for shared memory (whose peers move the bytes across
    /// CPUs by construction), against the textbook; the wake-up cost; and a CPU-time estimate that disagrees.
    /// </summary>
    private static CopyModelEntry WithVerdict(CopyModelEntry m)
    {
        var inv = CultureInfo.InvariantCulture;
        bool shared = m.TextbookCopies == 0;
        string unit = shared ? "handoff" : "memcpy";
        double? copies = m.SlopeResolved == false ? null : shared ? m.HandoffsBeyondOwn : m.CopiesBeyondOwn;
        double? se = copies is null ? null : shared ? m.HandoffsStdError : m.CopiesStdError;
        int dof = m.Points.Count - (m.Terms == ThreeTerms ? 3 : 2);
        bool? agrees = copies is { } c && se is { } e && m.TextbookCopies is { } t ? Math.Abs(c - t) <= StudentT95(dof) * e : null;
        string name = Figure(m);
        string line;
        if (m.SlopeResolved == false)
            line = string.Create(inv, $"{name}: per-byte cost not resolved above the noise ({m.NsPerBytePerDirection:0.####} ± {m.NsPerBytePerDirectionStdError:0.####} ns/B per direction)");
        else if (copies is { } cv)
        {
            // The test is the 95 % t-interval, which with few sizes is several standard errors wide: say how wide.
            string interval = se is { } sev ? string.Create(inv, $" at 95 %: ± {StudentT95(dof) * sev:0.0#} with {dof} dof") : "";
            string mark = agrees == true ? " ✓ agrees" + interval : agrees == false ? " ✗ differs" + interval : "";
            string textbook = m.TextbookCopies?.ToString("0", inv) ?? "?";
            line = string.Create(inv, $"{name}: {cv:0.0#} ± {se ?? double.NaN:0.0#} copies/direction beyond own work in {(shared ? "hand-off" : "memcpy")} units (textbook {textbook}){mark}");
            if (!shared && m.KernelCopiesBeyondOwn is { } kc)
                line += string.Create(inv, $"; {kc:0.0#} ± {m.KernelCopiesStdError ?? double.NaN:0.0#} in kernel-copy units (one kernel copy here costs {m.KernelCopyInMemcpys ?? double.NaN:0.0#} memcpys)");
            if (!shared && m.TwoCopyRatio is { } tc)
                line += string.Create(inv, $"; {tc:0.0#} ± {m.TwoCopyRatioStdError ?? double.NaN:0.0#} x (one kernel copy + one cross-CPU hand-off)");
        }
        else
            line = $"{name}: copies not computed ({m.Reason ?? "a floor is missing"})";
        if (m.NsPerWakeUp is { } w)
            line += string.Create(inv, $", {w / 1000:0.#} ± {(m.NsPerWakeUpStdError ?? double.NaN) / 1000:0.#} µs per wake-up");
        if (m.WakeUpsPerRoundTrip is { } wr)
            line += string.Create(inv, $", {wr:0.0#} wake-ups/round trip");
        if (m.Cpu is { Status: ModelStatus.Ok, CopiesBeyondOwn: { } cpu } ce)
            line += string.Create(inv, $"; CPU time says {cpu:0.0#} ± {ce.CopiesStdError ?? double.NaN:0.0#} memcpy copies{(ce.AgreesWithRoundTrip == false ? " (disagrees with the round trip beyond both errors)" : ce.AgreesWithRoundTrip == true ? " (agrees)" : "")}");
        return m with
        {
            VerdictUnit = unit,
            VerdictCopies = copies,
            VerdictCopiesStdError = se,
            AgreesWithTextbook = agrees,
            Verdict = line,
        };
    }

    private static string Figure(CopyModelEntry m) =>
        $"{m.Transport}{(m.Wait is null ? "" : "/" + m.Wait)}{(m.Yield ? "+yield" : "")} {m.Peers}";

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
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

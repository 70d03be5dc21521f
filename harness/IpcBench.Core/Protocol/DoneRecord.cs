using System.Globalization;
using System.Text;

namespace IpcBench.Protocol;

/// <summary>
/// What a peer reports when its workload is done (docs/protocol.md, "DONE fields"): produced by the managed peer and
/// parsed for the harness here, and nowhere else. The native peer writes the same keys from the generated header.
/// </summary>
public sealed record DoneRecord
{
    public long Messages { get; init; }
    public long Bytes { get; init; }
    public long ElapsedNs { get; init; }
    public long UtimeNs { get; init; }
    public long StimeNs { get; init; }
    public long Nvcsw { get; init; }
    public long Nivcsw { get; init; }
    /// <summary>Latency (and cacheline) client: samples written.</summary>
    public long? Samples { get; init; }
    /// <summary>Floors: ns per operation, best of the batches.</summary>
    public double? ResultNs { get; init; }
    /// <summary>Throughput server with --reps R &gt; 1: elapsed ns of each block.</summary>
    public IReadOnlyList<long>? RepNs { get; init; }
    /// <summary>How the timed code was compiled ("native"; managed: see PeerJit).</summary>
    public string? Jit { get; init; }
    /// <summary>CPU of the whole process from RUN to DONE, warm-up included (absent from older peers).</summary>
    public long? RunCpuNs { get; init; }
    /// <summary>CPU migrations from RUN to DONE, where the kernel shows them.</summary>
    public long? Migrations { get; init; }
    /// <summary>Managed peer: methods JIT-compiled on the measuring thread during the timed phase.</summary>
    public long? JitWindow { get; init; }

    /// <summary>The DONE line, without the newline.</summary>
    public string ToLine()
    {
        var ci = CultureInfo.InvariantCulture;
        var b = new StringBuilder(ControlProtocol.Done);
        void Add(string key, string value) => b.Append(' ').Append(key).Append('=').Append(value);
        Add(ControlProtocol.Messages, Messages.ToString(ci));
        Add(ControlProtocol.Bytes, Bytes.ToString(ci));
        Add(ControlProtocol.ElapsedNs, ElapsedNs.ToString(ci));
        Add(ControlProtocol.UtimeNs, UtimeNs.ToString(ci));
        Add(ControlProtocol.StimeNs, StimeNs.ToString(ci));
        Add(ControlProtocol.Nvcsw, Nvcsw.ToString(ci));
        Add(ControlProtocol.Nivcsw, Nivcsw.ToString(ci));
        if (Samples is { } s)
            Add(ControlProtocol.Samples, s.ToString(ci));
        if (ResultNs is { } r)
            Add(ControlProtocol.ResultNs, r.ToString("F3", ci));
        if (RepNs is { Count: > 1 } reps)
            Add(ControlProtocol.RepNs, string.Join(',', reps.Select(x => x.ToString(ci))));
        if (Jit is not null)
            Add(ControlProtocol.Jit, Jit);
        if (RunCpuNs is { } rc)
            Add(ControlProtocol.RunCpuNs, rc.ToString(ci));
        if (Migrations is { } mg)
            Add(ControlProtocol.Migrations, mg.ToString(ci));
        if (JitWindow is { } jw)
            Add(ControlProtocol.JitWindow, jw.ToString(ci));
        return b.ToString();
    }

    /// <summary>
    /// Parses a DONE line: the seven counters are required non-negative integers, the rest optional; unknown keys are
    /// ignored (fields can be added without a version change). A malformed line is a <see cref="FormatException"/>
    /// naming the key.
    /// </summary>
    public static DoneRecord Parse(string line)
    {
        if (!line.StartsWith(ControlProtocol.Done, StringComparison.Ordinal))
            throw new FormatException($"not a {ControlProtocol.Done} line: '{(line.Length > 60 ? line[..60] : line)}'");
        var f = ControlProtocol.ParseFields(line);
        long Required(string key)
        {
            if (!f.TryGetValue(key, out var v))
                throw new FormatException($"DONE lacks {key}");
            return Count(key, v);
        }
        static long Count(string key, string v)
            => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n
                : throw new FormatException($"DONE {key}={v} is not a non-negative integer");
        double? resultNs = null;
        if (f.TryGetValue(ControlProtocol.ResultNs, out var rv))
            resultNs = double.TryParse(rv, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d) ? d
                : throw new FormatException($"DONE {ControlProtocol.ResultNs}={rv} is not a decimal");
        return new DoneRecord
        {
            Messages = Required(ControlProtocol.Messages),
            Bytes = Required(ControlProtocol.Bytes),
            ElapsedNs = Required(ControlProtocol.ElapsedNs),
            UtimeNs = Required(ControlProtocol.UtimeNs),
            StimeNs = Required(ControlProtocol.StimeNs),
            Nvcsw = Required(ControlProtocol.Nvcsw),
            Nivcsw = Required(ControlProtocol.Nivcsw),
            Samples = f.TryGetValue(ControlProtocol.Samples, out var sv) ? Count(ControlProtocol.Samples, sv) : null,
            ResultNs = resultNs,
            RepNs = f.TryGetValue(ControlProtocol.RepNs, out var rep)
                ? rep.Split(',').Select(x => Count(ControlProtocol.RepNs, x)).ToList() : null,
            Jit = f.GetValueOrDefault(ControlProtocol.Jit),
            RunCpuNs = f.TryGetValue(ControlProtocol.RunCpuNs, out var rc) ? Count(ControlProtocol.RunCpuNs, rc) : null,
            Migrations = f.TryGetValue(ControlProtocol.Migrations, out var mg) ? Count(ControlProtocol.Migrations, mg) : null,
            JitWindow = f.TryGetValue(ControlProtocol.JitWindow, out var jw) ? Count(ControlProtocol.JitWindow, jw) : null,
        };
    }
}

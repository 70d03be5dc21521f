using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>A placement (Results.Placement) with the CPUs it chose (-1 = not pinned).</summary>
public sealed record CpuPlacement(Placement Kind, int ClientCpu, int ServerCpu)
{
    public string Name => Kind.Name();

    /// <summary>Spin waits must yield when both peers may share one CPU, or one starves the other.</summary>
    public bool SpinMustYield => Kind == Placement.Same || (Kind == Placement.None && AllowedCpus().Count < 2);

    public static Placement ParseKind(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cross" => Placement.Cross,
        "same" => Placement.Same,
        "none" => Placement.None,
        _ => throw new UsageException($"unknown placement '{text}': expected cross, same or none"),
    };

    /// <summary>The default: cross when this process may run on two or more CPUs, else none.</summary>
    public static Placement DefaultKind() => AllowedCpus().Count >= 2 ? Placement.Cross : Placement.None;

    /// <summary>Chooses CPUs among those this process may run on. Cross uses the first two; same the first.</summary>
    public static CpuPlacement Choose(Placement kind)
    {
        var cpus = AllowedCpus();
        return kind switch
        {
            Placement.Cross when cpus.Count < 2 =>
                throw new UsageException($"--placement cross needs two CPUs; this process may use only CPU {string.Join(",", cpus)}"),
            Placement.Cross => new CpuPlacement(kind, cpus[0], cpus[1]),
            Placement.Same => new CpuPlacement(kind, cpus[0], cpus[0]),
            _ => new CpuPlacement(kind, -1, -1),
        };
    }

    /// <summary>The CPUs in this process's affinity mask (Cpus_allowed_list), which is what pinning may use.</summary>
    public static IReadOnlyList<int> AllowedCpus()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                    return ParseCpuList(line["Cpus_allowed_list:".Length..]);
            }
        }
        catch (IOException) { }
        return Enumerable.Range(0, Environment.ProcessorCount).ToList();
    }

    /// <summary>Parses the kernel's CPU list format: "0-3,8,10-11".</summary>
    internal static List<int> ParseCpuList(string text)
    {
        var cpus = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
                cpus.Add(int.Parse(part, System.Globalization.CultureInfo.InvariantCulture));
            else
            {
                int lo = int.Parse(part[..dash], System.Globalization.CultureInfo.InvariantCulture);
                int hi = int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                for (int c = lo; c <= hi; c++) cpus.Add(c);
            }
        }
        return cpus;
    }
}

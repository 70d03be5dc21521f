using IpcBench.Conformance.Model;

namespace IpcBench.Conformance.Cases;

/// <summary>Every case, in report order: interface by interface, as the files in this folder list them.</summary>
public static class CaseCatalogue
{
    static readonly Lazy<IReadOnlyList<ConformanceCase>> Lazy = new(() =>
    {
        var all = MmapCases.All()
            .Concat(MunmapCases.All())
            .Concat(MsyncCases.All())
            .Concat(PipeCases.All())
            .Concat(FifoCases.All())
            .Concat(MessageQueueCases.All())
            .Concat(SharedMemoryCases.All())
            .Concat(BlockingAndLimitCases.All())
            .Concat(CrossAbiCases.All())
            .ToList();
        var dup = all.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new InvalidOperationException($"case id '{dup.Key}' is listed twice in the catalogue");
        return all;
    });

    public static IReadOnlyList<ConformanceCase> All => Lazy.Value;

    public static IEnumerable<ConformanceCase> For(CaseInterface i) => All.Where(c => c.Interface == i);

    public static ConformanceCase? Find(string id) => All.FirstOrDefault(c => c.Id == id);

    /// <summary>
    /// The cases matching any of the patterns: a case id, an id prefix ("mmap.err."), a glob
    /// ("mq.*.ebadf-*"), or an interface name ("Mmap", "mqueue", "cross-abi").
    /// </summary>
    public static IReadOnlyList<ConformanceCase> Select(IReadOnlyCollection<string> patterns)
    {
        if (patterns.Count == 0)
            return All;
        return All.Where(c => patterns.Any(p => Matches(c, p))).ToList();
    }

    public static bool Matches(ConformanceCase c, string pattern)
    {
        if (string.Equals(pattern, c.Interface.Category(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(pattern, c.Interface.Key(), StringComparison.OrdinalIgnoreCase))
            return true;
        if (pattern.Contains('*') || pattern.Contains('?'))
            return System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, c.Id, ignoreCase: false);
        return c.Id == pattern || (pattern.EndsWith('.') && c.Id.StartsWith(pattern, StringComparison.Ordinal));
    }
}

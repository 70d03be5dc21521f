using System.Text.Json.Nodes;

namespace IpcBench.Reports.Tests;

/// <summary>Conformance results as the JSON results/schema/conform-v1.md documents, built in code.</summary>
internal static class TestConform
{
    /// <summary>
    /// A result with the given cells: (case id, target, verdict[, reason]). Targets are listed in
    /// first-seen order and available unless named in <paramref name="unavailable"/>.
    /// </summary>
    public static string Json(IEnumerable<(string Case, string Target, string Verdict)> cells, string kernel = "6.8.0-45-generic",
        IEnumerable<string>? unavailable = null, int version = 1)
    {
        var list = cells.ToList();
        var down = (unavailable ?? []).ToHashSet();
        var targets = new JsonArray();
        foreach (var t in list.Select(c => c.Target).Concat(down).Distinct())
        {
            targets.Add(new JsonObject
            {
                ["name"] = t, ["kind"] = t is "managed" or "mono-posix" ? "managed" : "probe", ["available"] = !down.Contains(t),
                ["reason"] = down.Contains(t) ? "not built: install gcc-multilib" : null, ["probe"] = null,
            });
        }
        var cases = new JsonArray();
        foreach (var g in list.GroupBy(c => c.Case))
        {
            var results = new JsonArray();
            foreach (var c in g)
            {
                results.Add(new JsonObject
                {
                    ["target"] = c.Target, ["verdict"] = c.Verdict,
                    ["reason"] = c.Verdict == "pass" ? null : $"{c.Verdict} because of {c.Case}",
                    ["observation"] = null, ["durationMs"] = 1.5,
                });
            }
            cases.Add(new JsonObject
            {
                ["id"] = g.Key, ["interface"] = g.Key.Split('.')[0], ["reference"] = "POSIX something", ["departsFrom"] = null,
                ["expected"] = "it works", ["results"] = results,
            });
        }
        var root = new JsonObject
        {
            ["schema"] = "conform", ["version"] = version, ["tool"] = "ipcbench 0.1.0", ["generatedUtc"] = "2025-01-02T03:04:05+00:00",
            ["durationSeconds"] = 12.5,
            ["host"] = new JsonObject
            {
                ["kernelRelease"] = kernel, ["kernelVersion"] = "#1 SMP", ["machine"] = "x86_64",
                ["libc"] = new JsonObject { ["name"] = "glibc", ["version"] = "2.39" }, ["distribution"] = "Ubuntu 24.04.1 LTS",
                ["uid"] = 1001, ["root"] = false,
            },
            ["targets"] = targets,
            ["summary"] = new JsonObject { ["cases"] = cases.Count, ["cells"] = list.Count },
            ["cases"] = cases,
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}

using System.Text;
using IpcBench.Results;

namespace IpcBench.Tests.Results;

public class WriterTests
{
    [Test]
    public void CsvHasAHeaderAndOneRowPerCell()
    {
        var run = SampleRun.Create();
        var rows = ParseCsv(CsvWriter.ToCsv(run));
        rows.Should().HaveCount(run.Cells.Count + 1);
        rows[0].Should().Equal(CsvWriter.Columns);
        rows.Should().OnlyContain(r => r.Count == CsvWriter.Columns.Count);

        var first = Row(rows, 1);
        first["run_id"].Should().Be("20250102T030405Z-testhost-abc123");
        first["key"].Should().Be("pipe|native-native|latency|64|cross");
        first["transport"].Should().Be("pipe");
        first["wait"].Should().Be("");
        first["peers"].Should().Be("native-native");
        first["workload"].Should().Be("latency");
        first["size"].Should().Be("64");
        first["placement"].Should().Be("cross");
        first["status"].Should().Be("ok");
        first["verified"].Should().Be("true");
        first["p50_ns"].Should().Be("4032");
        first["p999_ns"].Should().Be("9032");
        first["mean_ns"].Should().Be("4087.125");
        first["mb_per_s"].Should().Be("");
        first["cpu_ns_per_msg"].Should().Be("4600.75");
        first["repetitions"].Should().Be("2");
        first["repetition_values"].Should().Be("4029;4032.5");

        var shm = Row(rows, 3);
        shm["wait"].Should().Be("spin");
        shm["key"].Should().Be("shm/spin|native-native|latency|64|cross");

        var tput = Row(rows, 5);
        tput["workload"].Should().Be("throughput");
        tput["mb_per_s"].Should().Be("3005.4");
        tput["msg_per_s"].Should().Be("45858.3");
        tput["p50_ns"].Should().Be("");

        var skipped = Row(rows, 6);
        skipped["status"].Should().Be("skipped");
        skipped["peers"].Should().Be("native:x86_64-native:i686");
        skipped["server_abi"].Should().Be("i686");
        skipped["reason"].Should().StartWith("size 1M exceeds");

        var failed = Row(rows, 7);
        failed["status"].Should().Be("failed");
        failed["verified"].Should().Be("false");
        failed["reason"].Should().Be("client: ERROR verify: message 17, checksum 0x1 != 0x2, \"quoted\" | piped");
    }

    [Test]
    public void CsvQuotesOnlyWhenNeeded()
    {
        CsvWriter.Quote("plain").Should().Be("plain");
        CsvWriter.Quote("a,b").Should().Be("\"a,b\"");
        CsvWriter.Quote("say \"hi\"").Should().Be("\"say \"\"hi\"\"\"");
        CsvWriter.Quote("two\nlines").Should().Be("\"two\nlines\"");
    }

    [Test]
    public void MarkdownReportHasEverySection()
    {
        var run = SampleRun.Create();
        string md = MarkdownWriter.ToMarkdown(run);
        md.Should().StartWith("# IpcBench run 20250102T030405Z-testhost-abc123\n");
        md.Should().Contain("- cells: 7 (5 ok, 1 failed, 1 skipped)");
        md.Should().Contain("commit 0123456789ab,");
        md.Should().Contain("## Environment").And.Contain("| kernel | " + run.Environment.KernelRelease + " |");
        md.Should().Contain("| profile | quick |").And.Contain("| sizes | 64, 4K, 64K, 1M |");

        string[] lines = md.Split('\n');
        Section(lines, "## Latency").Should().Contain("| pipe | – | native-native | cross | 64 | 4,032 | 4,132 | 4,932 | 9,032 | 44,032 | 4,087 | 4,601 | 2.00 | 0.01 | 2 |");
        Section(lines, "## Latency").Should().Contain(l => l.StartsWith("| shm | spin | native-native | cross | 1M |", StringComparison.Ordinal));
        Section(lines, "## Latency").Where(l => l.StartsWith("| pipe", StringComparison.Ordinal) || l.StartsWith("| shm", StringComparison.Ordinal)).Should().HaveCount(4);
        Section(lines, "## Throughput").Should().Contain("| pipe | – | native-native | cross | 64K | 3,005.4 | 45,858 | 4,601 | 2.00 | 0.01 | 2 |");
        Section(lines, "## Failed and skipped").Should().Contain(
            "| fifo|native-native|latency|4096|same | failed | client: ERROR verify: message 17, checksum 0x1 != 0x2, \"quoted\" \\| piped |".Replace("fifo|native-native|latency|4096|same", "fifo\\|native-native\\|latency\\|4096\\|same", StringComparison.Ordinal));
        var floors = Section(lines, "## Floors");
        floors.Should().Contain("| 64 | 4.0 | 16,000 | 0.0625 | 60.0 | 1,067 | 0.9375 | 10.0 | 0.1562 | – | – |", "no kernel-copy floor in this run: dashes");
        floors.Should().Contain("| 1M | 131,072.0 | 8,000 | 0.1250 | 26,000.0 | 40,330 | 0.0248 | failed | failed | – | – |");
        floors.Should().Contain(l => l.StartsWith("| cross | 0/1 | 180 | 250 | 12,000 |", StringComparison.Ordinal));
        var model = Section(lines, "## Copy model");
        model.Should().Contain(l => l.StartsWith("| pipe | – | native-native | cross | fixed+bytes | 2,000 | – | 2.00 | 0.2500 | 2.00 | – | 9.08 | – | – | – | 2 |", StringComparison.Ordinal));
        model.Should().Contain(l => l.StartsWith("| shm | spin | native-native | cross | fixed+bytes | 203 | – | 2.00 | 0.0500 | 0.40 | – | 1.02 | – | – | – | 0 |", StringComparison.Ordinal));
        model.Should().Contain(l => l.StartsWith("| mq | – | native:x86_64-native:i686 | cross | – | – | – | – | – | – | – | – | – | – | – | 2 | absent: needs ok latency cells", StringComparison.Ordinal));
        model.Should().Contain("- pipe native-native: copies not computed (no ok own floor at 1M: copies beyond own not computed), 2.0 wake-ups/round trip");
        model.Should().Contain(l => l.Contains("The claim: pipes, FIFOs, message queues"));
    }

    [Test]
    public void MarkdownSaysWhenNothingWasMeasured()
    {
        var run = SampleRun.Create() with { Cells = [], CopyModel = [], Floors = new FloorResults() };
        string md = MarkdownWriter.ToMarkdown(run);
        md.Should().Contain("No latency cells measured.").And.Contain("No throughput cells measured.")
          .And.Contain("No floors measured.").And.Contain("No copy model").And.NotContain("## Failed");
    }

    [Test]
    public void WriteAllWritesThreeFilesNamedByRunId()
    {
        string dir = Directory.CreateTempSubdirectory("ipcbench-files-").FullName;
        try
        {
            var run = SampleRun.Create();
            var w = ResultFiles.WriteAll(run, Path.Combine(dir, "runs"));
            w.Json.Should().Be(Path.Combine(dir, "runs", run.RunId + ".json"));
            File.Exists(w.Json).Should().BeTrue();
            File.ReadAllText(w.Csv).Should().Be(CsvWriter.ToCsv(run));
            File.ReadAllText(w.Markdown).Should().Be(MarkdownWriter.ToMarkdown(run));
            ResultJson.Read(w.Json).RunId.Should().Be(run.RunId);
            Directory.GetFiles(Path.Combine(dir, "runs")).Should().HaveCount(3);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void RunIdsAreFileNameSafeAndUnique()
    {
        var t = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        string a = ResultFiles.NewRunId(t, "my.host_name");
        a.Should().MatchRegex("^20250102T010405Z-my-host-name-[0-9a-f]{6}$");
        ResultFiles.NewRunId(t, "my.host_name").Should().NotBe(a);
        ResultFiles.NewRunId(t, null).Should().MatchRegex("^20250102T010405Z-host-[0-9a-f]{6}$");
        ResultFiles.NewRunId(t, "...").Should().MatchRegex("^20250102T010405Z-host-[0-9a-f]{6}$");
    }

    private static List<string> Section(string[] lines, string heading)
    {
        int start = Array.FindIndex(lines, l => l.StartsWith(heading, StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, $"the report has a '{heading}' section");
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return [.. lines[start..(end < 0 ? lines.Length : end)]];
    }

    private static Dictionary<string, string> Row(List<List<string>> rows, int i) =>
        rows[0].Zip(rows[i]).ToDictionary(p => p.First, p => p.Second);

    /// <summary>A strict RFC 4180 reader, to check the writer from the outside.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; }
            else field.Append(c);
        }
        text.Should().EndWith("\n");
        return rows;
    }
}

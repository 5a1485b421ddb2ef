using System.Globalization;

namespace CmqRecovery.Load;

/// <summary>
/// A process's resident memory split by what mapped it, from /proc/pid/smaps (the parts add up to its RSS): the live managed heap explains only
/// part of an RSS delta, and the rest is either memory the GC keeps committed ("gc") or native memory ("native":
/// glibc's heap and arenas, thread stacks). The GC reserves its regions as one huge anonymous range (256 GB on this machine), so the
/// largest run of adjacent anonymous mappings is the GC heap; JIT'd code and loader heaps are the runtime's
/// double-mapped memory ("runtime"); anything backed by a file is code or data of a binary ("files").
/// </summary>
internal static class RssSplit
{
    public const string GcHeap = "gc";
    public const string Native = "native";
    public const string Runtime = "runtime";
    public const string Files = "files";

    public static Dictionary<string, long> ReadKb(int processId)
    {
        var runs = new List<(ulong Start, ulong End, bool Anonymous, string Name, long RssKb)>();
        (ulong Start, ulong End, string Name) current = (0, 0, "");
        foreach (var line in File.ReadLines($"/proc/{processId}/smaps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                var range = fields[0].Split('-');
                current = (ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields.Length > 5 ? fields[5].Trim() : "");
            }
            else if (fields[0] == "Rss:")
            {
                var rss = long.Parse(fields[1], CultureInfo.InvariantCulture);
                var anonymous = current.Name.Length == 0;
                if (anonymous && runs.Count > 0 && runs[^1].Anonymous && runs[^1].End == current.Start)
                {
                    runs[^1] = runs[^1] with { End = current.End, RssKb = runs[^1].RssKb + rss };
                }
                else
                {
                    runs.Add((current.Start, current.End, anonymous, current.Name, rss));
                }
            }
        }

        var gc = runs.Where(r => r.Anonymous).MaxBy(r => r.End - r.Start);
        var split = new Dictionary<string, long> { [GcHeap] = 0, [Native] = 0, [Runtime] = 0, [Files] = 0 };
        foreach (var run in runs)
        {
            var category = run == gc ? GcHeap
                : run.Anonymous || run.Name.StartsWith('[') ? Native
                : run.Name.Contains("doublemapper", StringComparison.Ordinal) ? Runtime
                : Files;
            split[category] += run.RssKb;
        }

        return split;
    }
}

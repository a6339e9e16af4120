namespace UnityVideo.Core.Evaluation;

/// <summary>Running means of named numbers per group (e.g. per modality), in first-seen order.</summary>
public sealed class MetricMeans
{
    private readonly Dictionary<string, Dictionary<string, (double Sum, int Count)>> groups = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Adds one clip's numbers to <paramref name="group"/>.</summary>
    public void Add(string group, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(values);
        if (!groups.TryGetValue(group, out var sums))
        {
            groups[group] = sums = new Dictionary<string, (double, int)>(StringComparer.Ordinal);
            order.Add(group);
        }
        foreach (var (name, v) in values)
        {
            var (s, n) = sums.GetValueOrDefault(name);
            sums[name] = (s + v, n + 1);
        }
    }

    /// <summary>Mean of every number per group; groups and names in first-seen order.</summary>
    public Dictionary<string, Dictionary<string, double>> Means() =>
        order.ToDictionary(g => g, g => groups[g].ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Number of values averaged for <paramref name="group"/>'s first metric (0 when absent).</summary>
    public int Count(string group) => groups.TryGetValue(group, out var g) && g.Count > 0 ? g.Values.First().Count : 0;
}

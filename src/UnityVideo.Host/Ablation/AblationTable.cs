using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace UnityVideo.Host.Ablation;

/// <summary>
/// An ablation table: one row per arm with each metric's mean and sample standard deviation over seeds, plus fixed
/// reference rows (the zero-shot probe's trivial prediction). Written as table.json and table.md.
/// </summary>
public sealed class AblationTable
{
    /// <summary>The table's name under <c>Ablation:Tables</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Heading.</summary>
    public required string Title { get; init; }

    /// <summary>What the table asks.</summary>
    public string Description { get; init; } = "";

    /// <summary>Training steps per arm and seed.</summary>
    public required int Steps { get; init; }

    /// <summary>Overrides every arm shares (study-wide, then the table's).</summary>
    public required IReadOnlyList<string> SharedOverrides { get; init; }

    /// <summary>Rows, in the table's arm order.</summary>
    public required IReadOnlyList<AblationRow> Rows { get; init; }

    /// <summary>Reference rows measured once (name → metric → value), e.g. the trivial prediction.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> References { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>Every metric name of any row, sorted.</summary>
    public IReadOnlyList<string> Metrics =>
        Rows.SelectMany(r => r.Runs.SelectMany(x => x.Metrics.Keys)).Concat(References.Values.SelectMany(v => v.Keys))
            .Distinct(StringComparer.Ordinal).OrderBy(MetricOrder).ThenBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>Whether a higher value is better (true), lower (false), or unknown (null).</summary>
    public static bool? HigherIsBetter(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        // Names are "<group>.<metric>" and a metric may hold a dot itself ("pck@0.1").
        var leaf = metric[(metric.IndexOf('.', StringComparison.Ordinal) + 1)..];
        if (leaf.StartsWith("loss", StringComparison.Ordinal)) return false;
        return leaf switch
        {
            "flicker" or "delta1" or "px1" or "px3" or "miou" or "map" or "part_miou" => true,
            "abs_rel" or "epe" or "uv_l1" => false,
            _ when leaf.StartsWith("pck", StringComparison.Ordinal) => true,
            _ => null,
        };
    }

    private static int MetricOrder(string metric) => metric.StartsWith("rgb.", StringComparison.Ordinal) ? 0 : 1;

    /// <summary>The table as JSON: per arm and metric the mean, standard deviation, seed values and count.</summary>
    public JsonObject ToJson()
    {
        var rows = new JsonArray();
        foreach (var row in Rows)
        {
            var metrics = new JsonObject();
            foreach (var m in Metrics)
            {
                var values = row.Values(m);
                if (values.Count == 0) continue;
                metrics[m] = new JsonObject
                {
                    ["mean"] = Mean(values), ["std"] = Std(values), ["n"] = values.Count,
                    ["values"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                };
            }
            rows.Add(new JsonObject
            {
                ["arm"] = row.Arm, ["animals"] = row.Animals,
                ["set"] = new JsonArray(row.Overrides.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["seeds"] = new JsonArray(row.Runs.Select(r => (JsonNode?)JsonValue.Create(r.Seed)).ToArray()),
                ["runs"] = new JsonArray(row.Runs.Select(r => (JsonNode?)JsonValue.Create(r.Key)).ToArray()),
                ["metrics"] = metrics,
            });
        }
        var references = new JsonObject();
        foreach (var (name, values) in References)
            references[name] = new JsonObject(values.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        return new JsonObject
        {
            ["table"] = Name, ["title"] = Title, ["description"] = Description, ["steps"] = Steps,
            ["set"] = new JsonArray(SharedOverrides.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["arms"] = rows, ["references"] = references,
            ["curve"] = AblationCurves.Any(this) ? AblationCurves.ToJson(this) : null,
        };
    }

    /// <summary>The table as Markdown: mean ± standard deviation over seeds; ↑/↓ mark the better direction.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var metrics = Metrics;
        var sb = new StringBuilder();
        sb.Append(inv, $"# {Title}\n\n");
        if (Description.Length > 0) sb.Append(inv, $"{Description}\n\n");
        var seeds = Rows.Count > 0 ? Rows.Max(r => r.Runs.Count) : 0;
        sb.Append(inv, $"{Steps} training steps per arm and seed; mean ± standard deviation over {seeds} seed{(seeds == 1 ? "" : "s")}.");
        if (SharedOverrides.Count > 0) sb.Append(inv, $" Every arm: `{string.Join("`, `", SharedOverrides)}`.");
        sb.Append("\n\n");
        sb.Append("| arm | ").Append(string.Join(" | ", metrics.Select(m => m + Arrow(m)))).Append(" |\n");
        sb.Append("|---|").Append(string.Concat(metrics.Select(_ => "---|"))).Append('\n');
        foreach (var row in Rows)
        {
            sb.Append(inv, $"| {row.Arm} |");
            foreach (var m in metrics)
            {
                var v = row.Values(m);
                sb.Append(v.Count == 0 ? " — |" : v.Count == 1 ? string.Create(inv, $" {v[0]:0.0000} |") : string.Create(inv, $" {Mean(v):0.0000} ± {Std(v):0.0000} |"));
            }
            sb.Append('\n');
        }
        foreach (var (name, values) in References)
        {
            sb.Append(inv, $"| *{name}* |");
            foreach (var m in metrics) sb.Append(values.TryGetValue(m, out var v) ? string.Create(inv, $" {v:0.0000} |") : " — |");
            sb.Append('\n');
        }
        sb.Append("\nArms:\n\n");
        foreach (var row in Rows)
            sb.Append(inv, $"- **{row.Arm}**: {(row.Overrides.Count == 0 ? "the shared settings" : "`" + string.Join("`, `", row.Overrides) + "`")}{(row.Animals ? "; training clips include quadrupeds" : "")}\n");
        sb.Append("\nMetrics: `rgb.loss` is the held-out flow-matching loss of the RGB stream from the caption alone (averaged over t = 0.25, 0.5, 0.75, ")
          .Append("fixed noise); `rgb.loss_given_m` the same with modality m given clean; `rgb.flicker` is VBench temporal flickering of text-to-video samples; ")
          .Append("`m.metric` scores estimation of modality m with its plugin's metric.\n");
        if (AblationCurves.Any(this)) sb.Append(AblationCurves.ToMarkdown(this));
        return sb.ToString();
    }

    private static string Arrow(string metric) => HigherIsBetter(metric) switch { true => " ↑", false => " ↓", _ => "" };

    /// <summary>Arithmetic mean.</summary>
    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Sample standard deviation (n − 1); 0 for a single value.</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}

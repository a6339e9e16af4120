using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using UnityVideo.Core.IO;

namespace UnityVideo.Host.Ablation;

/// <summary>
/// An ablation table's metrics against the training step (<c>ablate --curve-every</c>): per arm and step the mean and
/// standard deviation over seeds of each headline metric — the held-out RGB loss and every modality's first metric,
/// with the same model's estimate from another clip's video beside it — as table.json's <c>curve</c>, a section of
/// table.md, and one plot per metric.
/// </summary>
public static class AblationCurves
{
    private const string OtherClip = "other_clip_";

    /// <summary>The metrics a curve follows, in order: <c>rgb.loss</c>, then each modality's first metric as measured.</summary>
    public static IReadOnlyList<string> Primary(IEnumerable<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var names = metrics.ToList();
        var result = names.Contains("rgb.loss") ? new List<string> { "rgb.loss" } : [];
        var groups = new HashSet<string>(StringComparer.Ordinal) { "rgb" };
        foreach (var name in names)
        {
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || !groups.Add(name[..dot])) continue;
            if (names.FirstOrDefault(n => n.StartsWith(name[..(dot + 1)], StringComparison.Ordinal) && !n[(dot + 1)..].StartsWith(OtherClip, StringComparison.Ordinal)) is { } first)
                result.Add(first);
        }
        return result;
    }

    /// <summary>The other-clip twin of <paramref name="metric"/> (e.g. depth.abs_rel → depth.other_clip_abs_rel).</summary>
    public static string OtherClipOf(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var dot = metric.IndexOf('.', StringComparison.Ordinal);
        return metric[..(dot + 1)] + OtherClip + metric[(dot + 1)..];
    }

    /// <summary>Whether any run of <paramref name="table"/> has a curve.</summary>
    public static bool Any(AblationTable table) => table?.Rows.Any(r => r.Runs.Any(x => x.Curve is { Count: > 0 })) ?? false;

    /// <summary>
    /// The metrics plotted for <paramref name="table"/>: <see cref="Primary"/> of every run's curve together (arms may
    /// train different modalities, e.g. an RGB-only arm beside a depth arm).
    /// </summary>
    public static IReadOnlyList<string> Metrics(AblationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Primary(table.Rows.SelectMany(r => r.Runs).Where(r => r.Curve is { Count: > 0 })
            .SelectMany(r => r.Curve![^1].Metrics.Keys).Distinct(StringComparer.Ordinal));
    }

    /// <summary>One arm's <paramref name="metric"/> per step over its seeds: (step, values), steps ascending.</summary>
    public static IReadOnlyList<(int Step, IReadOnlyList<double> Values)> Series(AblationRow row, string metric)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Runs.Where(r => r.Curve is not null).SelectMany(r => r.Curve!)
            .Where(p => p.Metrics.ContainsKey(metric))
            .GroupBy(p => p.Step).OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<double>)g.Select(p => p.Metrics[metric]).ToList())).ToList();
    }

    /// <summary>table.json's <c>curve</c>: metric → arm → [{step, mean, std, values}].</summary>
    public static JsonObject ToJson(AblationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = new JsonObject();
        foreach (var metric in Metrics(table).SelectMany(m => new[] { m, OtherClipOf(m) }))
        {
            var arms = new JsonObject();
            foreach (var row in table.Rows)
            {
                var series = Series(row, metric);
                if (series.Count == 0) continue;
                arms[row.Arm] = new JsonArray(series.Select(p => (JsonNode?)new JsonObject
                {
                    ["step"] = p.Step, ["mean"] = AblationTable.Mean(p.Values), ["std"] = AblationTable.Std(p.Values),
                    ["values"] = new JsonArray(p.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                }).ToArray());
            }
            if (arms.Count > 0) result[metric] = arms;
        }
        return result;
    }

    /// <summary>table.md's section: per metric its plot and a table of step × arm (mean ± s.d.; other clip's beside it).</summary>
    public static string ToMarkdown(AblationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append("\n## Against the training step\n\n")
          .Append("Every arm's kept checkpoints (EMA weights) measured as its final model is; mean ± standard deviation over seeds. ")
          .Append("`other clip`: the same model estimating from the next held-out clip's video — a model that reads the video does clearly worse that way.\n");
        foreach (var metric in Metrics(table))
        {
            var other = OtherClipOf(metric);
            var hasOther = table.Rows.Any(r => Series(r, other).Count > 0);
            md.Append(inv, $"\n### {metric}\n\n![{metric}]({PlotFile(metric)})\n\n| step |");
            foreach (var row in table.Rows)
            {
                md.Append(inv, $" {row.Arm} |");
                if (hasOther) md.Append(inv, $" {row.Arm}: other clip |");
            }
            md.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---|", table.Rows.Count * (hasOther ? 2 : 1)))).Append('\n');
            var steps = table.Rows.SelectMany(r => Series(r, metric).Select(p => p.Step)).Distinct().Order().ToList();
            foreach (var step in steps)
            {
                md.Append(inv, $"| {step} |");
                foreach (var row in table.Rows)
                {
                    md.Append(Cell(Series(row, metric), step));
                    if (hasOther) md.Append(Cell(Series(row, other), step));
                }
                md.Append('\n');
            }
        }
        return md.ToString();
    }

    /// <summary>File name of <paramref name="metric"/>'s plot.</summary>
    public static string PlotFile(string metric) =>
        "curve-" + new string((metric ?? throw new ArgumentNullException(nameof(metric))).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()) + ".png";

    /// <summary>
    /// Writes one PNG per metric into <paramref name="folder"/>: per arm its mean (solid, with a band of ± one standard
    /// deviation over seeds) and the other-clip estimate (dashed, same colour); returns the file names.
    /// </summary>
    public static IReadOnlyList<string> SavePlots(AblationTable table, string folder, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(table);
        var written = new List<string>();
        foreach (var metric in Metrics(table))
        {
            var plot = new ScottPlot.Plot();
            var palette = new ScottPlot.Palettes.Category10();
            for (var a = 0; a < table.Rows.Count; a++)
            {
                var row = table.Rows[a];
                var colour = palette.GetColor(a);
                var series = Series(row, metric);
                if (series.Count == 0) continue;
                var xs = series.Select(p => (double)p.Step).ToArray();
                var mean = series.Select(p => AblationTable.Mean(p.Values)).ToArray();
                var sd = series.Select(p => AblationTable.Std(p.Values)).ToArray();
                if (sd.Any(s => s > 0))
                {
                    var band = plot.Add.FillY(xs, mean.Zip(sd, (m, s) => m - s).ToArray(), mean.Zip(sd, (m, s) => m + s).ToArray());
                    band.FillColor = colour.WithAlpha(0.2);
                    band.LineColor = colour.WithAlpha(0);
                }
                var line = plot.Add.Scatter(xs, mean, colour);
                line.LineWidth = 3;
                line.MarkerSize = 6;
                line.LegendText = row.Arm;
                var other = Series(row, OtherClipOf(metric));
                if (other.Count == 0) continue;
                var dashed = plot.Add.Scatter(other.Select(p => (double)p.Step).ToArray(), other.Select(p => AblationTable.Mean(p.Values)).ToArray(), colour);
                dashed.LinePattern = ScottPlot.LinePattern.Dashed;
                dashed.LineWidth = 2;
                dashed.MarkerSize = 0;
                dashed.LegendText = $"{row.Arm}: other clip's video";
            }
            var seeds = table.Rows.Count > 0 ? table.Rows.Max(r => r.Runs.Count) : 0;
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{metric}{Arrow(metric)}: mean ± s.d. over {seeds} seed{(seeds == 1 ? "" : "s")}"));
            plot.XLabel("training step");
            plot.YLabel(metric);
            plot.ShowLegend(ScottPlot.Edge.Bottom); // below the chart: inside it would hide the curves' ends
            var file = PlotFile(metric);
            AtomicFile.WriteAllBytes(Path.Combine(folder, file), plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png));
            written.Add(file);
        }
        return written;
    }

    private static string Arrow(string metric) => AblationTable.HigherIsBetter(metric) switch { true => " ↑", false => " ↓", _ => "" };

    private static string Cell(IReadOnlyList<(int Step, IReadOnlyList<double> Values)> series, int step)
    {
        var hit = series.FirstOrDefault(p => p.Step == step);
        if (hit.Values is null) return " — |";
        return hit.Values.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $" {hit.Values[0]:0.0000} |")
            : string.Create(CultureInfo.InvariantCulture, $" {AblationTable.Mean(hit.Values):0.0000} ± {AblationTable.Std(hit.Values):0.0000} |");
    }
}

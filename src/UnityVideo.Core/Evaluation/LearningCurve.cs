using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnityVideo.Core.Evaluation;

/// <summary>UniBench of one checkpoint of a run: where it is, how long training took to reach it, what it scored.</summary>
/// <param name="Checkpoint">The checkpoint evaluated.</param>
/// <param name="Folder">Its report folder, relative to the curve's folder (report.json, report.md, panels/).</param>
/// <param name="Report">What it scored.</param>
public sealed record LearningCurvePoint(RunCheckpoint Checkpoint, string Folder, BenchmarkReport Report);

/// <summary>
/// A run's checkpoints evaluated on the same held-out clips: per modality its first metric (the first name its
/// plugin's first metric lists, e.g. depth abs_rel) against the training step, for estimation, the model's estimate
/// from another clip's video, control and joint consistency. Written as curve.json and curve.md; the plots by
/// <see cref="LearningCurvePlot"/>.
/// </summary>
public sealed class LearningCurve
{
    /// <summary>File name of the JSON form.</summary>
    public const string JsonFile = "curve.json";

    /// <summary>File name of the Markdown form.</summary>
    public const string MarkdownFile = "curve.md";

    /// <summary>The run folder.</summary>
    public required string Run { get; init; }

    /// <summary>The held-out dataset folder.</summary>
    public required string Data { get; init; }

    /// <summary>The points, oldest first.</summary>
    public required IReadOnlyList<LearningCurvePoint> Points { get; init; }

    /// <summary>File name of the plot of <paramref name="modality"/>.</summary>
    public static string PlotFile(string modality) => $"curve-{modality}.png";

    /// <summary>Every modality any point estimated, in the first report's order.</summary>
    public IReadOnlyList<string> Modalities => Points.SelectMany(p => p.Report.Estimation.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The metric a modality's curve follows: the first its reports list.</summary>
    public string PrimaryMetric(string modality) =>
        Points.Select(p => p.Report.Estimation.GetValueOrDefault(modality)).FirstOrDefault(v => v is { Count: > 0 })?.Keys.First()
        ?? throw new ArgumentException($"no point estimated '{modality}'.", nameof(modality));

    /// <summary>One series of <paramref name="modality"/>'s primary metric: (step, value) where the point has it.</summary>
    /// <param name="modality">The modality.</param>
    /// <param name="series">"estimation", "control", "joint", or a baseline name (e.g. "other-clip", "constant").</param>
    public IReadOnlyList<(int Step, double Value)> Series(string modality, string series)
    {
        var metric = PrimaryMetric(modality);
        var result = new List<(int, double)>();
        foreach (var p in Points)
        {
            var table = series switch
            {
                "estimation" => p.Report.Estimation.GetValueOrDefault(modality),
                "control" => p.Report.Control.GetValueOrDefault(modality),
                "joint" => p.Report.Joint.GetValueOrDefault(modality),
                _ => p.Report.Baselines.GetValueOrDefault(modality)?.GetValueOrDefault(series),
            };
            if (table is not null && table.TryGetValue(metric, out var v)) result.Add((p.Checkpoint.Step, v));
        }
        return result;
    }

    /// <summary>The baselines any point scored for <paramref name="modality"/> (other-clip first).</summary>
    public IReadOnlyList<string> Baselines(string modality) =>
        Points.SelectMany(p => p.Report.Baselines.GetValueOrDefault(modality)?.Keys ?? Enumerable.Empty<string>())
            .Distinct(StringComparer.Ordinal).OrderBy(b => b == Benchmark.OtherClipBaseline ? 0 : 1).ToList();

    /// <summary>curve.json: the run, the data, and per point its step, training time, report folder and scores.</summary>
    public JsonObject ToJson()
    {
        var points = new JsonArray();
        foreach (var p in Points)
        {
            points.Add(new JsonObject
            {
                ["step"] = p.Checkpoint.Step,
                ["training_seconds"] = p.Checkpoint.TrainingSeconds,
                ["checkpoint"] = p.Checkpoint.Path,
                ["report"] = $"{p.Folder}/{Benchmark.JsonFile}",
                ["clips"] = p.Report.Clips,
                ["estimation"] = JsonSerializer.SerializeToNode(p.Report.Estimation),
                ["control"] = JsonSerializer.SerializeToNode(p.Report.Control),
                ["joint"] = JsonSerializer.SerializeToNode(p.Report.Joint),
                ["baselines"] = JsonSerializer.SerializeToNode(p.Report.Baselines),
            });
        }
        var primary = new JsonObject();
        foreach (var m in Modalities) primary[m] = PrimaryMetric(m);
        return new JsonObject { ["run"] = Run, ["data"] = Data, ["primary_metrics"] = primary, ["points"] = points };
    }

    /// <summary>curve.md: per modality its plot and a table of the primary metric at every point.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Learning curve").AppendLine();
        md.AppendLine(inv, $"- run: `{Run}`");
        md.AppendLine(inv, $"- held-out clips: {Points[0].Report.Clips} of `{Data}`, the same at every point (EMA weights where the checkpoint has them)");
        md.AppendLine("- training time: the sum of the run's step times up to the checkpoint (metrics.jsonl), without evaluation or checkpoint writing");
        md.AppendLine("- every point's full UniBench report and panels are in its own folder (last column)").AppendLine();
        md.AppendLine("Columns: `estimation` the modality from the clip's own RGB; `other clip` the same model given the *next* clip's RGB, scored against this clip (a model that reads the video does clearly worse this way); `control` RGB generated from the ground-truth modality, the modality estimated back; `joint` RGB and modality generated together, the modality estimated back from the RGB, scored against the generated one.").AppendLine();
        foreach (var m in Modalities)
        {
            var metric = PrimaryMetric(m);
            var baselines = Baselines(m).Where(b => b != Benchmark.OtherClipBaseline).ToList();
            md.AppendLine(inv, $"## {m} ({metric})").AppendLine();
            md.AppendLine(inv, $"![{m}]({PlotFile(m)})").AppendLine();
            md.AppendLine("| step | training time | estimation | other clip | control | joint | report |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var p in Points)
            {
                string Cell(Dictionary<string, Dictionary<string, double>> t) => t.GetValueOrDefault(m)?.TryGetValue(metric, out var v) == true ? F(v) : "–";
                var other = p.Report.Baselines.GetValueOrDefault(m)?.GetValueOrDefault(Benchmark.OtherClipBaseline)?.TryGetValue(metric, out var o) == true ? F(o) : "–";
                md.AppendLine(inv, $"| {p.Checkpoint.Step} | {Time(p.Checkpoint.TrainingSeconds)} | {Cell(p.Report.Estimation)} | {other} | {Cell(p.Report.Control)} | {Cell(p.Report.Joint)} | [{p.Folder}]({p.Folder}/{Benchmark.MarkdownFile}) |");
            }
            md.AppendLine();
            if (baselines.Count > 0)
            {
                var values = baselines.Select(b => (b, Series(m, b))).Where(x => x.Item2.Count > 0)
                    .Select(x => string.Create(inv, $"`{x.b}` {F(x.Item2.Average(v => v.Value))}"));
                md.AppendLine("Baselines on the same clips: " + string.Join(", ", values) + ".").AppendLine();
            }
        }
        return md.ToString();
    }

    /// <summary>Training time as h:mm:ss, or "–" when unknown.</summary>
    public static string Time(double? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "–";

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}

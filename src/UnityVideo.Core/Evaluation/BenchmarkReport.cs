using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnityVideo.Core.Evaluation;

/// <summary>
/// What a <see cref="Benchmark"/> run measured; every number is a mean over the clips that carry the modality.
/// Serialised as report.json: <c>{ "checkpoint", "weights", "step", "clips", "estimation": {modality: {metric: value}},
/// "control": {…}, "joint": {…}, "video": {source: {statistic: value}, "notes": {…}}, "baselines": {modality:
/// {baseline: {metric: value}}} }</c>.
/// </summary>
public sealed record BenchmarkReport
{
    /// <summary>The checkpoint evaluated.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Which weights of the checkpoint were used ("ema", "raw", "as saved").</summary>
    public required string Weights { get; init; }

    /// <summary>Training step of the weights, when recorded.</summary>
    public int? Step { get; init; }

    /// <summary>Clips evaluated.</summary>
    public required int Clips { get; init; }

    /// <summary>Estimation from the clip's RGB, scored against its ground truth.</summary>
    public required Dictionary<string, Dictionary<string, double>> Estimation { get; init; }

    /// <summary>Control fidelity: RGB generated from the GT modality, the modality estimated back, scored against the GT.</summary>
    public required Dictionary<string, Dictionary<string, double>> Control { get; init; }

    /// <summary>Joint consistency: the modality estimated from jointly generated RGB, scored against the jointly generated modality.</summary>
    public required Dictionary<string, Dictionary<string, double>> Joint { get; init; }

    /// <summary>Video statistics per source ("data", "control", "joint"): flicker, motion, and for generated video its layout error against its own clip and the next one.</summary>
    public required Dictionary<string, Dictionary<string, double>> Video { get; init; }

    /// <summary>Why a statistic is missing (e.g. motion without OpenCV).</summary>
    public required Dictionary<string, string> VideoNotes { get; init; }

    /// <summary>Trivial predictions scored like the model: modality → baseline name → metric → value.</summary>
    public required Dictionary<string, Dictionary<string, Dictionary<string, double>>> Baselines { get; init; }

    /// <summary>Panel images written (paths relative to the output folder).</summary>
    public IReadOnlyList<string> Panels { get; init; } = [];

    /// <summary>The report as the JSON object of report.json.</summary>
    public JsonObject ToJson()
    {
        var video = Node(Video);
        if (VideoNotes.Count > 0) video["notes"] = JsonSerializer.SerializeToNode(VideoNotes);
        return new JsonObject
        {
            ["checkpoint"] = Checkpoint,
            ["weights"] = Weights,
            ["step"] = Step,
            ["clips"] = Clips,
            ["estimation"] = Node(Estimation),
            ["control"] = Node(Control),
            ["joint"] = Node(Joint),
            ["video"] = video,
            ["baselines"] = JsonSerializer.SerializeToNode(Baselines),
            ["panels"] = JsonSerializer.SerializeToNode(Panels),
        };
    }

    private static JsonObject Node(Dictionary<string, Dictionary<string, double>> table) => (JsonObject)JsonSerializer.SerializeToNode(table)!;

    /// <summary>The report as Markdown tables, with a line on how each section is computed.</summary>
    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# UniBench report").AppendLine();
        md.AppendLine(inv, $"- checkpoint: `{Checkpoint}` ({Weights} weights{(Step is { } s ? string.Create(inv, $", step {s}") : "")})");
        md.AppendLine(inv, $"- clips: {Clips}; every number is a mean over the clips that carry the modality").AppendLine();
        Section(md, "Estimation", "the modality sampled from the clip's RGB, scored against the clip's ground truth (depth after a scale-and-shift fit in disparity).", Estimation);
        Section(md, "Control fidelity", "RGB generated from the clip's ground-truth modality, that modality estimated back from the generated RGB by the same model, scored against the control.", Control);
        Section(md, "Joint consistency", "RGB and the modality generated together from the clip's caption; the modality estimated from the generated RGB, scored against the generated one.", Joint);

        md.AppendLine("## Baselines").AppendLine();
        md.AppendLine("Predictions scored against each clip's ground truth with the same metrics and options. Trivial: depth `constant` predicts depth 1 everywhere (any positive constant scores the same: the scale-and-shift fit in disparity turns it into the clip's mean GT disparity); flow `zero` predicts no motion. `other-clip`: the model's estimate from the *next* clip's RGB — a model that reads the video does clearly worse this way than from the clip's own RGB; one that only reproduces its prior of the modality scores the same. `farneback` (flow): the classical estimator on the clip's frames, a reference for how much motion the frames carry at this size.").AppendLine();
        if (Baselines.Count == 0) md.AppendLine("(none: neither depth nor flow was evaluated)").AppendLine();
        else
        {
            md.AppendLine("| modality | baseline | metric | baseline value | model (estimation) |").AppendLine("|---|---|---|---|---|");
            foreach (var (m, byName) in Baselines)
                foreach (var (name, values) in byName)
                    foreach (var (metric, v) in values)
                    {
                        var model = Estimation.TryGetValue(m, out var e) && e.TryGetValue(metric, out var ev) ? F(ev) : "–";
                        md.AppendLine(inv, $"| {m} | {name} | {metric} | {F(v)} | {model} |");
                    }
            md.AppendLine();
        }

        md.AppendLine("## Video statistics").AppendLine();
        md.AppendLine("`flicker`: VBench temporal flickering, (255 − mean absolute difference of consecutive frames) / 255 (1 = still). `motion`: mean Farnebäck optical-flow magnitude in pixels per frame. `layout_error` ↓: mean absolute difference (0–255) between the generated RGB and the clip it was generated for (its caption, and for `control` its modality), both averaged over an 8 × 8 grid of blocks per frame: where the wall, floor and large objects are, and their colours. `layout_error_other_clip`: the same generated RGB against the *next* clip, whose caption and control it was not given — a generator that ignores them is as far from one clip as from the other, one that follows them is clearly closer to its own. Sources: `data` the clips' own RGB, `control` and `joint` the generated RGB.").AppendLine();
        md.AppendLine("| source | statistic | value |").AppendLine("|---|---|---|");
        foreach (var (source, values) in Video)
            foreach (var (k, v) in values) md.AppendLine(inv, $"| {source} | {k} | {F(v)} |");
        md.AppendLine();
        foreach (var (k, note) in VideoNotes) md.AppendLine(inv, $"- {k}: {note}");
        if (VideoNotes.Count > 0) md.AppendLine();

        if (Panels.Count > 0)
        {
            md.AppendLine("## Panels").AppendLine();
            foreach (var p in Panels.Where(p => p.EndsWith(".png", StringComparison.Ordinal))) md.AppendLine(inv, $"![{p}]({p})");
            md.AppendLine().AppendLine("Animated: " + string.Join(", ", Panels.Where(p => p.EndsWith(".gif", StringComparison.Ordinal)).Select(p => $"[{Path.GetFileName(p)}]({p})")));
            var videos = Panels.Where(p => p.EndsWith(".mp4", StringComparison.Ordinal)).ToList();
            if (videos.Count > 0) md.AppendLine().AppendLine("Video (H.264): " + string.Join(", ", videos.Select(p => $"[{Path.GetFileName(p)}]({p})")));
        }
        return md.ToString();
    }

    private static void Section(StringBuilder md, string title, string what, Dictionary<string, Dictionary<string, double>> table)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine(what).AppendLine();
        if (table.Count == 0) { md.AppendLine("(no clip carries an evaluated modality)").AppendLine(); return; }
        md.AppendLine("| modality | metric | value |").AppendLine("|---|---|---|");
        foreach (var (m, values) in table)
            foreach (var (k, v) in values) md.AppendLine(CultureInfo.InvariantCulture, $"| {m} | {k} | {F(v)} |");
        md.AppendLine();
    }

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}

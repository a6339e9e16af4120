using System.Globalization;
using System.Text;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Training;

namespace UnityVideo.Host.Demo;

/// <summary>
/// The demo's <c>report.md</c>: the verdicts against the baselines first (the shipped model's, when it was evaluated,
/// then the model trained here), then time per stage, the training losses per task, and links to the loss plot,
/// UniBench's full report and its panels.
/// </summary>
public static class DemoReport
{
    /// <summary>Fraction of a task's steps averaged at the start and at the end of training.</summary>
    public const double Window = 0.2;

    /// <summary>
    /// Relative margin by which the model must beat a baseline to count as better (2 %); a smaller lead is a tie (why:
    /// docs/decisions.md, "Demo verdict margin").
    /// </summary>
    public const double Margin = 0.02;

    /// <summary>The verdict lines: each model metric against its baseline (lower or higher is better, by more than <see cref="Margin"/>).</summary>
    public static IReadOnlyList<BaselineComparison> Compare(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<BaselineComparison>();
        void Add(string modality, string baseline, string metric, bool lowerIsBetter)
        {
            if (!report.Estimation.TryGetValue(modality, out var model) || !model.TryGetValue(metric, out var m)) return;
            if (!report.Baselines.TryGetValue(modality, out var b) || !b.TryGetValue(baseline, out var values) || !values.TryGetValue(metric, out var v)) return;
            rows.Add(new BaselineComparison(modality, metric, baseline, m, v, lowerIsBetter ? m < v * (1 - Margin) : m > v * (1 + Margin)));
        }
        Add("depth", "constant", "abs_rel", lowerIsBetter: true);
        Add("depth", "constant", "delta1", lowerIsBetter: false);
        Add("flow", "zero", "epe", lowerIsBetter: true);
        // Whether the estimates come from the video at all, not only from the model's prior of the modality.
        Add("depth", Benchmark.OtherClipBaseline, "abs_rel", lowerIsBetter: true);
        Add("flow", Benchmark.OtherClipBaseline, "epe", lowerIsBetter: true);
        return rows;
    }

    private static void VerdictTable(StringBuilder md, BenchmarkReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var comparisons = Compare(report);
        if (comparisons.Count == 0)
        {
            md.AppendLine("(depth and flow were not evaluated)").AppendLine();
            return;
        }
        md.AppendLine("| modality | metric | model | baseline | baseline value | model better |").AppendLine("|---|---|---|---|---|---|");
        foreach (var c in comparisons)
            md.AppendLine(inv, $"| {c.Modality} | {c.Metric} | {c.Model:0.0000} | {c.Baseline} | {c.BaselineValue:0.0000} | {(c.ModelBetter ? "yes" : "**no**")} |");
        md.AppendLine();
    }

    private static void NormalsSection(StringBuilder md, NormalsDemoResult? normals)
    {
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("## A sixth modality dropped in: surface normals").AppendLine();
        if (normals is null) return;
        if (normals.FineTuned is not { } tuned || normals.Scratch is not { } scratch)
        {
            md.AppendLine(inv, $"Not shown: {normals.Skipped}.").AppendLine();
            return;
        }
        md.AppendLine(inv, $"The sample plugin `{NormalsDemo.PluginName}` (not loaded by default) was copied into [{NormalsDemo.FolderName}/plugins]({NormalsDemo.FolderName}/plugins) and loaded from there; normals were synthesised for {normals.TrainClips} clips of this demo's world and learnt for {normals.Steps} steps twice, with the same seed and data: starting from the shipped model (its five modalities dropped, the normals stream fresh) and from fresh weights. Both on the same {tuned.Clips} held-out clips; `other clip` is the same model estimating from another clip's video.").AppendLine();
        var metrics = tuned.Estimation.GetValueOrDefault(NormalsDemo.Modality)?.Keys.ToList() ?? [];
        md.AppendLine("| start | " + string.Join(" | ", metrics) + " | other clip (" + metrics.FirstOrDefault() + ") | report |");
        md.AppendLine("|---|" + string.Concat(metrics.Select(_ => "---|")) + "---|---|");
        foreach (var (name, folder, report) in new[] { ("the shipped model", "fine-tuned", tuned), ("fresh weights", "from-scratch", scratch) })
        {
            var values = report.Estimation.GetValueOrDefault(NormalsDemo.Modality) ?? [];
            var other = metrics.Count > 0 && report.Baselines.GetValueOrDefault(NormalsDemo.Modality)?.GetValueOrDefault(Benchmark.OtherClipBaseline)?.TryGetValue(metrics[0], out var o) == true
                ? o.ToString("0.00", inv) : "–";
            var cells = string.Join(" | ", metrics.Select(m => values.TryGetValue(m, out var v) ? v.ToString("0.00", inv) : "–"));
            md.AppendLine(inv, $"| {name} | {cells} | {other} | [{NormalsDemo.FolderName}/{folder}/eval/report.md]({NormalsDemo.FolderName}/{folder}/eval/report.md) |");
        }
        md.AppendLine().AppendLine("`mean_angle`: mean angle in degrees between estimated and true normals (lower is better); `within_11_25`: % of pixels within 11.25° (higher is better).").AppendLine();
    }

    /// <summary>The solver steps of the evaluation in words: per generated video, per estimate, and any modality's own.</summary>
    private static string EvaluationSteps(SamplerOptions sampling)
    {
        var own = sampling.EstimationStepsByModality.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {sampling.StepsFor(estimation: true, p.Key)}")).ToList();
        var text = string.Create(CultureInfo.InvariantCulture, $"solver steps: {sampling.Steps} per generated video, {sampling.StepsFor(estimation: true)} per estimate");
        return own.Count == 0 ? text : text + $" ({string.Join(", ", own)})";
    }

    /// <summary>Renders the report; <paramref name="sampling"/> is how the evaluation sampled.</summary>
    public static string ToMarkdown(DemoResult result, DemoRequest request, IReadOnlyList<TrainingMetric> records, TimeSpan budget, SamplerOptions sampling)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(sampling);
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# UnityVideo demo").AppendLine();
        md.AppendLine(inv, $"Wall time {result.Elapsed:mm\\:ss} of a {budget.TotalMinutes:0.#}-minute budget. Trained {result.Training.Step} steps on {request.TrainClips} synthetic clips; evaluated on {result.Evaluation.Clips} held-out clips (another seed); {EvaluationSteps(sampling)}.").AppendLine();

        md.AppendLine("## Against the baselines").AppendLine();
        md.AppendLine(inv, $"`constant` and `zero` are trivial predictions; `other-clip` is the same model estimating from another clip's RGB, so beating it shows the estimate reads the video rather than reproducing the model's prior of the modality. A model counts as better only when it leads by more than {Margin:P0} of the baseline's value.").AppendLine();
        md.AppendLine("### The shipped model").AppendLine();
        if (result.Reference is { } reference)
        {
            md.AppendLine(inv, $"`reference`: the weights that ship in `models/reference` (trained beforehand, {reference.Step} steps; not by this demo — recipe, data and figures in `models/reference/README.md`), on the same {reference.Clips} held-out clips. Full tables and panels: [reference/report.md](reference/report.md).").AppendLine();
            VerdictTable(md, reference);
        }
        else md.AppendLine(inv, $"The shipped model (`models/reference`) was {result.ReferenceSkipped}.").AppendLine();

        md.AppendLine("### The model trained here").AppendLine();
        md.AppendLine(inv, $"{result.Training.Step} steps in {result.StageTimes.GetValueOrDefault("train"):mm\\:ss} on this machine, from scratch.").AppendLine();
        VerdictTable(md, result.Evaluation);

        NormalsSection(md, result.Normals);

        md.AppendLine("## Time per stage").AppendLine();
        md.AppendLine("| stage | seconds |").AppendLine("|---|---|");
        foreach (var (stage, t) in result.StageTimes) md.AppendLine(inv, $"| {stage} | {t.TotalSeconds:0.0} |");
        md.AppendLine();

        md.AppendLine("## Training").AppendLine();
        md.AppendLine(inv, $"Flow-matching loss per task, mean of the first and last {Window:P0} of that task's steps ([loss plot](run/loss.png), [metrics](run/metrics.jsonl)).").AppendLine();
        md.AppendLine("| task | steps | first | last |").AppendLine("|---|---|---|---|");
        foreach (var group in records.GroupBy(r => r.Task).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var losses = group.Select(r => r.Loss).ToList();
            var k = Math.Max(1, (int)(losses.Count * Window));
            md.AppendLine(inv, $"| {group.Key} | {losses.Count} | {losses.Take(k).Average():0.000} | {losses.TakeLast(k).Average():0.000} |");
        }
        md.AppendLine();
        md.AppendLine("Curriculum: " + string.Join(" → ", records.Select(r => r.Stage).Distinct().Select(s =>
            string.Create(inv, $"{s} (steps {records.First(r => r.Stage == s).Step}–{records.Last(r => r.Stage == s).Step})")))).AppendLine();

        md.AppendLine("## UniBench").AppendLine();
        md.AppendLine("Full tables: [eval/report.md](eval/report.md) and [eval/report.json](eval/report.json). Panels (GT | estimate for estimation; control | generated RGB | estimated back for control; generated RGB | generated modality | estimated back for joint):").AppendLine();
        foreach (var p in result.Evaluation.Panels.Where(p => p.EndsWith(".gif", StringComparison.Ordinal) || p.EndsWith(".mp4", StringComparison.Ordinal)))
            md.AppendLine(inv, $"- [{Path.GetFileName(p)}](eval/{p})");
        return md.ToString();
    }
}

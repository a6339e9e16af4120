using System.Globalization;
using System.Text.Json;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;
using static TorchSharp.torch;

namespace UnityVideo.Core.Evaluation;

/// <summary>
/// This project's UniBench: evaluates one model on a dataset's clips with the plugins' metrics — estimation,
/// control fidelity (conditional generation, estimated back), joint consistency (joint generation, estimated back),
/// video statistics (temporal flickering, Farnebäck motion) and baselines (constant depth, zero flow, the model on another clip's RGB, Farnebäck flow) —
/// and writes report.json, report.md and GIF/PNG panels of the first clips.
/// </summary>
public static class Benchmark
{
    /// <summary>File name of the JSON report.</summary>
    public const string JsonFile = "report.json";

    /// <summary>File name of the Markdown report.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Folder of the panels inside the output folder.</summary>
    public const string PanelFolder = "panels";

    /// <summary>Name of the classical flow annotator used for the motion statistic and the flow reference row.</summary>
    public const string MotionAnnotator = "farneback";

    /// <summary>Baseline name of the model's estimate from another clip's RGB, scored against this clip's ground truth.</summary>
    public const string OtherClipBaseline = "other-clip";

    /// <summary>Video statistic of generated RGB: <see cref="VideoStatistics.LayoutError"/> against the clip it was generated for.</summary>
    public const string LayoutError = "layout_error";

    /// <summary>Video statistic of generated RGB: <see cref="VideoStatistics.LayoutError"/> against the next clip, whose caption and control it was not given.</summary>
    public const string LayoutErrorOtherClip = "layout_error_other_clip";

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="dataset"/>. <paramref name="plugins"/> supplies the
    /// metrics and the Farnebäck annotator (usually every loaded plugin). Progress counts finished clips.
    /// </summary>
    /// <exception cref="InferenceException">The output folder holds a report (without Force), a clip is of another
    /// size than the model's, or no evaluated modality has a metric.</exception>
    public static BenchmarkReport Run(IInferenceModel model, ClipDataset dataset, ModalityRegistry plugins, BenchmarkOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(options);

        // 1. Checks that need no sampling, before anything is written
        var outDir = Path.GetFullPath(options.OutputDirectory);
        if (options.VideoPanels && options.PanelClips > 0) Mp4Writer.RequireEncoder();
        var existing = new[] { JsonFile, MarkdownFile }.Select(f => Path.Combine(outDir, f)).Where(File.Exists).ToList();
        if (existing.Count > 0 && !options.Force)
            throw new OutputExistsException(Path.GetFullPath(existing[0]), option: null, holds: null);
        var count = options.Clips > 0 ? Math.Min(options.Clips, dataset.Count) : dataset.Count;
        if (count == 0) throw new InferenceException($"dataset '{dataset.Directory}' holds no clips.");
        for (var i = 0; i < count; i++)
        {
            var e = dataset.Entries[i];
            if (e.Frames != model.Frames || e.Height != model.Height || e.Width != model.Width)
                throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                    $"clip '{dataset.PathOf(i)}' has {e.Frames} frames of {e.Width}x{e.Height}, but the model works on {model.Frames} frames of {model.Width}x{model.Height}."));
        }
        var wanted = options.Modalities ?? model.Modalities.Names;
        var modalities = model.Modalities.Names.Where(wanted.Contains).Where(m => plugins.MetricsFor(m).Any()).Select(model.Modality).ToList();
        if (modalities.Count == 0)
            throw new InferenceException($"nothing to evaluate: none of the checkpoint's modalities ({string.Join(", ", model.Modalities.Names)}) is enabled with a metric.");

        // 2. Clip by clip
        var estimation = new MetricMeans();
        var control = new MetricMeans();
        var joint = new MetricMeans();
        var video = new MetricMeans();
        var baselines = new Dictionary<string, MetricMeans>(StringComparer.Ordinal);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var motion = plugins.AnnotatorsFor("flow").FirstOrDefault(a => a.Name == MotionAnnotator);
        if (motion is null) notes["motion"] = $"not measured: no loaded plugin provides the '{MotionAnnotator}' flow annotator (the Flow plugin).";
        var panels = new List<(string Name, Tensor Frames)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var clip = dataset.Read(i);
                var context = ClipPreview.ContextOf(clip);
                var seed = options.Seed + i;
                var caption = clip.Metadata.Caption;
                var dataFlow = Classical(ref motion, clip.Rgb, context, notes);                       // [T, H, W, 2] or null
                Stats(video, "data", clip.Rgb, dataFlow);
                using var other = count > 1 ? dataset.Read((i + 1) % count) : null;                 // RGB of the other-clip row
                var rows = new Dictionary<string, List<IReadOnlyList<Tensor>>>(StringComparer.Ordinal) { ["estimation"] = [], ["control"] = [], ["joint"] = [] };
                foreach (var d in modalities)
                {
                    if (clip.Get(d.StorageKey) is not { } gt) continue;
                    var metricOptions = options.MetricOptions.GetValueOrDefault(d.Name) ?? new Dictionary<string, string>();
                    IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference) => ScoreAll(plugins, d.Name, prediction, reference, metricOptions, clip.Path);

                    // Estimation, and the trivial predictions scored the same way
                    var estimate = model.Estimate(clip.Rgb, d.Name, options.Sampler, seed, context, cancellationToken);
                    estimation.Add(d.Name, Score(estimate, gt));
                    if (!baselines.TryGetValue(d.Name, out var b)) baselines[d.Name] = b = new MetricMeans();
                    foreach (var (name, prediction) in BaselinePredictions(d.Name, gt)) b.Add(name, Score(prediction, gt));

                    // The same estimation from another clip's RGB, scored against this clip: a model that does not
                    // read the video (only its prior of the modality) scores as well this way as from the right RGB.
                    if (other is not null)
                        b.Add(OtherClipBaseline, Score(model.Estimate(other.Rgb, d.Name, options.Sampler, seed, context, cancellationToken), gt));

                    // The classical estimator on the same frames, for flow: how much motion the frames carry at this size.
                    if (d.Name == "flow" && dataFlow is not null) b.Add(MotionAnnotator, Score(dataFlow, gt));

                    // Control fidelity: RGB from the GT modality, then the modality estimated back
                    using var conditional = model.Generate(caption, [], new Dictionary<string, Tensor> { [d.Name] = gt }, options.Sampler, seed, context, cancellationToken);
                    var back = model.Estimate(conditional.Rgb, d.Name, options.Sampler, seed, context, cancellationToken);
                    control.Add(d.Name, Score(back, gt));
                    Stats(video, "control", conditional.Rgb, Classical(ref motion, conditional.Rgb, context, notes), clip.Rgb, other?.Rgb);

                    // Joint consistency: RGB and modality together, the modality estimated back from the RGB
                    using var together = model.Generate(caption, [d.Name], null, options.Sampler, seed, context, cancellationToken);
                    var generated = together.Modalities[d.Name];
                    var jointBack = model.Estimate(together.Rgb, d.Name, options.Sampler, seed, context, cancellationToken);
                    joint.Add(d.Name, Score(jointBack, generated));
                    Stats(video, "joint", together.Rgb, Classical(ref motion, together.Rgb, context, notes), clip.Rgb, other?.Rgb);

                    if (i < options.PanelClips)
                    {
                        rows["estimation"].Add([clip.Rgb, Render(d, gt, context), Render(d, estimate, context)]);
                        rows["control"].Add([Render(d, gt, context), conditional.Rgb.alias(), Render(d, back, context)]);
                        rows["joint"].Add([together.Rgb.alias(), Render(d, generated, context), Render(d, jointBack, context)]);
                    }
                }
                if (i < options.PanelClips)
                    foreach (var (task, r) in rows.Where(p => p.Value.Count > 0))
                    {
                        var k = FrameScale.ToAtLeast(model.Height, model.Width, 96);
                        var grid = FrameGrid.Compose(r.Select(row => (IReadOnlyList<Tensor>)row.Select(p => FrameScale.Upscale(p, k)).ToList()).ToList()); // [T, H', W', 3]
                        panels.Add((string.Create(CultureInfo.InvariantCulture, $"clip-{i:000}-{task}"), grid.DetachFromDisposeScope()));
                    }
                progress?.Report(i + 1);
            }

            // 3. Report and panels, written only when every clip is done
            var written = new List<string>();
            if (panels.Count > 0) Directory.CreateDirectory(Path.Combine(outDir, PanelFolder));
            var fps = dataset.Entries[0].Fps > 0 ? dataset.Entries[0].Fps : 8;
            foreach (var (name, frames) in panels)
            {
                var gif = $"{PanelFolder}/{name}.gif";
                var png = $"{PanelFolder}/{name}.png";
                FrameWriter.WriteGif(Path.Combine(outDir, gif), frames, fps);
                using (var middle = frames[frames.shape[0] / 2]) FrameWriter.WritePng(Path.Combine(outDir, png), middle);
                written.Add(gif);
                written.Add(png);
                if (options.VideoPanels)
                {
                    var mp4 = $"{PanelFolder}/{name}.mp4";
                    Mp4Writer.Write(Path.Combine(outDir, mp4), frames, fps);
                    written.Add(mp4);
                }
            }
            var report = new BenchmarkReport
            {
                Checkpoint = model.Path, Weights = model.Weights, Step = model.Step, Clips = count,
                Estimation = estimation.Means(), Control = control.Means(), Joint = joint.Means(), Video = video.Means(), VideoNotes = notes,
                Baselines = baselines.ToDictionary(p => p.Key, p => p.Value.Means(), StringComparer.Ordinal),
                Panels = written,
            };
            AtomicFile.WriteAllText(Path.Combine(outDir, JsonFile), report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            AtomicFile.WriteAllText(Path.Combine(outDir, MarkdownFile), report.ToMarkdown());
            return report;
        }
        finally
        {
            foreach (var (_, frames) in panels) frames.Dispose();
        }
    }

    /// <summary>
    /// The trivial predictions for a modality's ground truth <paramref name="gt"/>: depth "constant" (depth 1
    /// everywhere; after the metric's scale-and-shift fit in disparity any positive constant scores the same, the
    /// clip's mean GT disparity) and flow "zero" (no motion). None for other modalities.
    /// </summary>
    public static IEnumerable<(string Name, Tensor Prediction)> BaselinePredictions(string modality, Tensor gt)
    {
        ArgumentNullException.ThrowIfNull(gt);
        if (modality == "depth") yield return ("constant", ones_like(gt, float32));
        else if (modality == "flow") yield return ("zero", zeros_like(gt, float32));
    }

    /// <summary>Every metric the plugins register for <paramref name="modality"/>, first name wins; a rejected input names the clip.</summary>
    internal static IReadOnlyDictionary<string, double> ScoreAll(ModalityRegistry plugins, string modality, Tensor prediction, Tensor reference,
        IReadOnlyDictionary<string, string> metricOptions, string clipPath)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in plugins.MetricsFor(modality))
        {
            IReadOnlyDictionary<string, double> result;
            try
            {
                result = metric.Score(prediction, reference, metricOptions);
            }
            catch (ArgumentException e)
            {
                throw new InferenceException($"cannot score '{modality}' on clip '{clipPath}': {e.Message}", e);
            }
            foreach (var (k, v) in result) scores.TryAdd(k, v);
        }
        return scores;
    }

    // Flicker and motion of a source's video; for generated video also its layout error against the clip it was
    // conditioned on and against the next clip, which it was not: a generator that ignores its caption and control
    // is as far from one as from the other.
    private static void Stats(MetricMeans video, string source, Tensor rgb, Tensor? flow, Tensor? conditionedOn = null, Tensor? otherClip = null)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal) { ["flicker"] = VideoStatistics.TemporalFlickering(rgb) };
        if (flow is not null) values["motion"] = VideoStatistics.MotionMagnitude(flow);
        if (conditionedOn is not null) values[LayoutError] = VideoStatistics.LayoutError(rgb, conditionedOn);
        if (otherClip is not null) values[LayoutErrorOtherClip] = VideoStatistics.LayoutError(rgb, otherClip);
        video.Add(source, values);
    }

    // Farnebäck flow of the frames [T, H, W, 2], or null when there is no annotator; when OpenCV's native part is
    // missing, says why once in the notes, drops the annotator and keeps evaluating everything else.
    private static Tensor? Classical(ref IAnnotator? motion, Tensor rgb, ClipContext context, Dictionary<string, string> notes)
    {
        if (motion is null) return null;
        try
        {
            return motion.Annotate(new AnnotationInput { Rgb = rgb, Context = context });
        }
        catch (DllNotFoundException e)
        {
            notes["motion"] = $"not measured: {e.Message}";
            motion = null;
            return null;
        }
    }

    private static Tensor Render(ModalityDescriptor d, Tensor stored, ClipContext context) => InferenceFiles.Render(d, stored, context);
}

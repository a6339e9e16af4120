using System.Globalization;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Core.Inference;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;
using static TorchSharp.torch;

namespace UnityVideo.Core.Evaluation;

/// <summary>
/// The measurements one ablation arm is compared on, all on held-out clips with fixed noise so arms differ only
/// by their training:
/// <list type="bullet">
/// <item><c>rgb.loss</c>: held-out flow-matching loss of the RGB stream from the caption alone (text-to-video), averaged
/// over <see cref="AblationEvaluationOptions.LossTimes"/>; <c>rgb.loss_given_m</c> the same with modality m given clean
/// (controllable generation).</item>
/// <item><c>rgb.flicker</c>: VBench temporal flickering of videos generated from held-out captions (higher = steadier).</item>
/// <item><c>m.metric</c>: estimation of every modality the model has, scored by its plugin's metrics;
/// <c>m.other_clip_metric</c> the same model's estimate from the next held-out clip's video, scored against this clip.</item>
/// </list>
/// The zero-shot probe (<see cref="Probe"/>) measures what a model does on content it may not have seen.
/// </summary>
public static class AblationEvaluation
{
    /// <summary>Measures <paramref name="model"/> on the first clips of <paramref name="test"/>.</summary>
    /// <exception cref="InferenceException">A clip is not of the model's size, or a metric rejects a prediction.</exception>
    public static IReadOnlyDictionary<string, double> Measure(InferenceModel model, ClipDataset test, ModalityRegistry plugins, AblationEvaluationOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(options);
        var means = new MetricMeans();
        var count = Math.Min(options.Clips, test.Count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var clip = test.Read(i);
            var context = ClipPreview.ContextOf(clip);
            var caption = clip.Metadata.Caption;
            var seed = options.Seed + i;

            // 1. Held-out RGB loss, from text alone and beside each modality the model has
            foreach (var t in options.LossTimes)
                means.Add("rgb", One("loss", model.HeldOutLoss(clip.Rgb, caption, null, t, seed)));
            foreach (var m in model.Modalities.Names)
                if (clip.Get(model.Modality(m).StorageKey) is { } given)
                    foreach (var t in options.LossTimes)
                        means.Add("rgb", One($"loss_given_{m}", model.HeldOutLoss(clip.Rgb, caption, new Dictionary<string, Tensor> { [m] = given }, t, seed, context)));

            // 2. Text-to-video samples: temporal flickering
            if (i < options.GeneratedClips)
            {
                using var generated = model.Generate(caption, [], null, options.Sampler, seed, context, cancellationToken);
                means.Add("rgb", One("flicker", VideoStatistics.TemporalFlickering(generated.Rgb)));
            }

            // 3. Estimation of every modality, scored by the plugins' metrics, and the same model's estimate from the
            //    next clip's video scored against this clip (other_clip_*): what the model knows without reading the video
            using var other = count > 1 ? test.Read((i + 1) % count) : null;
            foreach (var m in model.Modalities.Names)
            {
                var d = model.Modality(m);
                if (clip.Get(d.StorageKey) is not { } gt || !plugins.MetricsFor(m).Any()) continue;
                var estimate = model.Estimate(clip.Rgb, m, options.Sampler, seed, context, cancellationToken);
                means.Add(m, Score(plugins, m, estimate, gt, clip.Path));
                if (other is null) continue;
                var guess = model.Estimate(other.Rgb, m, options.Sampler, seed, context, cancellationToken);
                means.Add(m, Score(plugins, m, guess, gt, clip.Path).ToDictionary(p => "other_clip_" + p.Key, p => p.Value, StringComparer.Ordinal));
            }
            progress?.Report(i + 1);
        }
        return Flatten(means);
    }

    /// <summary>
    /// The trivial predictions of <see cref="Benchmark.BaselinePredictions"/> (depth constant, flow zero) scored like
    /// an arm's estimates on the same clips, so a table shows whether an arm beats predicting nothing.
    /// </summary>
    /// <exception cref="InferenceException">A metric rejects a prediction.</exception>
    public static IReadOnlyDictionary<string, double> Baselines(ClipDataset test, ModalityRegistry plugins, IReadOnlyList<ModalityDescriptor> modalities,
        AblationEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(options);
        var means = new MetricMeans();
        for (var i = 0; i < Math.Min(options.Clips, test.Count); i++)
        {
            using var scope = NewDisposeScope();
            using var clip = test.Read(i);
            foreach (var d in modalities)
            {
                if (clip.Get(d.StorageKey) is not { } gt) continue;
                foreach (var (_, prediction) in Benchmark.BaselinePredictions(d.Name, gt))
                    means.Add(d.Name, Score(plugins, d.Name, prediction, gt, clip.Path));
            }
        }
        return Flatten(means);
    }

    /// <summary>
    /// The zero-shot probe on clips with quadrupeds and objects: skeleton estimation scored on the quadrupeds' rows
    /// only (<c>quadruped-skeleton.*</c>), and prompted segmentation of <see cref="AblationEvaluationOptions.HeldOutClass"/>
    /// (prompt <see cref="AblationEvaluationOptions.HeldOutPrompt"/>) scored against that class's instances only
    /// (<c>heldout-segmentation.*</c>). With <paramref name="model"/> null, scores the trivial prediction instead
    /// (no skeleton, background everywhere).
    /// </summary>
    /// <exception cref="InferenceException">A metric rejects a prediction.</exception>
    public static IReadOnlyDictionary<string, double> Probe(InferenceModel? model, ClipDataset test, ModalityRegistry plugins, AblationEvaluationOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(options);
        if (options.HeldOutClass is null || options.HeldOutPrompt is null)
            throw new ArgumentException("The zero-shot probe needs HeldOutClass and HeldOutPrompt.", nameof(options));
        var means = new MetricMeans();
        var count = Math.Min(options.Clips, test.Count);
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var clip = test.Read(i);
            var context = ClipPreview.ContextOf(clip);
            var seed = options.Seed + i;

            // Skeletons of quadrupeds (AP-10K rows), when the clip has any
            var rows = clip.Metadata.Skeletons ?? [];
            var quadrupeds = Enumerable.Range(0, rows.Count).Where(r => rows[r].Kind == "quadruped").Select(r => (long)r).ToArray();
            if (quadrupeds.Length > 0 && clip.Get(ClipTensorNames.Joints) is { } joints)
            {
                var gt = joints.index_select(1, tensor(quadrupeds));                                // [T, P_quadruped, 17, 3]
                var prediction = model is null
                    ? zeros([joints.shape[0], 0, joints.shape[2], 3], float32)                      // [T, 0, 17, 3]: no skeleton
                    : model.Estimate(clip.Rgb, "skeleton", options.Sampler, seed, context, cancellationToken);
                means.Add("quadruped-skeleton", Score(plugins, "skeleton", prediction, gt, clip.Path));
            }

            // Prompted segmentation of the held-out class, when the clip has an instance of it
            var classes = clip.Metadata.Classes ?? [];
            var wanted = Enumerable.Range(0, classes.Count).Where(id => id > 0 && classes[id] == options.HeldOutClass).ToArray();
            if (wanted.Length > 0 && clip.Get(ClipTensorNames.Instances) is { } instances)
            {
                var ids = instances.to(int64);                                                      // [T, H, W]
                var keep = isin(ids, tensor(wanted.Select(w => (long)w).ToArray()));               // [T, H, W] bool
                if (keep.any().item<bool>())
                {
                    var gt = where(keep, ids, zeros_like(ids));                                      // [T, H, W]: the class only
                    var prediction = model is null
                        ? zeros_like(ids)                                                            // background everywhere
                        : model.Estimate(clip.Rgb, "segmentation", options.Sampler, seed, context with { ModalityPrompt = options.HeldOutPrompt }, cancellationToken);
                    means.Add("heldout-segmentation", Score(plugins, "segmentation", prediction, gt, clip.Path));
                }
            }
            progress?.Report(i + 1);
        }
        var flat = Flatten(means);
        if (flat.Count == 0)
            throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                $"the zero-shot probe found no quadruped and no '{options.HeldOutClass}' in the first {count} clips of '{test.Directory}'."));
        return flat;
    }

    // Every metric of the modality, with the options UniBench scores it with (depth aligned in disparity).
    private static IReadOnlyDictionary<string, double> Score(ModalityRegistry plugins, string modality, Tensor prediction, Tensor reference, string clipPath) =>
        Benchmark.ScoreAll(plugins, modality, prediction, reference,
            BenchmarkOptions.DefaultMetricOptions.GetValueOrDefault(modality) ?? new Dictionary<string, string>(), clipPath);

    private static Dictionary<string, double> One(string name, double value) => new(StringComparer.Ordinal) { [name] = value };

    // "group.metric" → mean, e.g. "rgb.loss", "depth.abs_rel".
    private static Dictionary<string, double> Flatten(MetricMeans means) =>
        means.Means().SelectMany(g => g.Value.Select(p => KeyValuePair.Create($"{g.Key}.{p.Key}", p.Value))).ToDictionary(StringComparer.Ordinal);
}

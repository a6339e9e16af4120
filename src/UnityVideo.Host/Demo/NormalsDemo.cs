using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Data;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Plugins;
using UnityVideo.Host.Training;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Demo;

/// <summary>What the demo's sixth-modality section did: the same normals run from the shipped model and from scratch.</summary>
public sealed record NormalsDemoResult
{
    /// <summary>Training steps of each run.</summary>
    public int Steps { get; init; }

    /// <summary>Training clips synthesised with normals.</summary>
    public int TrainClips { get; init; }

    /// <summary>UniBench of the run that started from the shipped model; null when the section was skipped.</summary>
    public BenchmarkReport? FineTuned { get; init; }

    /// <summary>UniBench of the run that started from fresh weights; null when the section was skipped.</summary>
    public BenchmarkReport? Scratch { get; init; }

    /// <summary>Why the section did not run (e.g. "skipped (--no-normals)"); null when it ran.</summary>
    public string? Skipped { get; init; }
}

/// <summary>
/// The demo's sixth modality: the surface-normals sample plugin (built beside the bundled plugins, never loaded by
/// default) is copied into a plugin folder of the demo, a host configured with only that folder's modality
/// synthesises normals for the demo's world, and two runs of the same steps and seed learn it — one starting from the
/// shipped model (its five modalities dropped, the normals stream fresh), one from fresh weights — each then scored
/// by UniBench on the same held-out clips. The paper's claim that a unified model learns a new modality faster is
/// then visible in minutes (docs/decisions.md, "A sixth modality").
/// </summary>
public static class NormalsDemo
{
    /// <summary>The demo folder's subfolder for this section (plugins/, data/, fine-tuned/, from-scratch/).</summary>
    public const string FolderName = "normals";

    /// <summary>The sample plugin's folder name under <see cref="SamplePlugins.Folder"/>, and its modality.</summary>
    public const string PluginName = "Normals";

    /// <summary>The modality the plugin registers.</summary>
    public const string Modality = "normals";

    /// <summary>
    /// Clips each run sees when no step count is asked for: 100 steps at the demo's 2 clips a step, where the head
    /// start of the shipped model shows (docs/decisions.md, "Fine-tuning v1 on normals vs from scratch at 2 clips a
    /// step"); at another batch the runs take other step counts, not other clips.
    /// </summary>
    public const int ClipsSeen = 200;

    /// <summary>Steps of each run: the request's, or <see cref="ClipsSeen"/> over <paramref name="clipsPerStep"/>.</summary>
    public static int StepsFor(DemoRequest request, int clipsPerStep)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.NormalsSteps ?? Math.Max(1, ClipsSeen / Math.Max(1, clipsPerStep));
    }

    /// <summary>Training clips synthesised for the section: half the demo's (128 by default; the runs are short), at least 8.</summary>
    public static int TrainClips(DemoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Math.Max(8, request.TrainClips / 2);
    }

    /// <summary>
    /// How many times this model's step the section's steps cost: its runs take the shipped model's tokenisation
    /// (<paramref name="shipped"/>), which may differ from the demo's model (<paramref name="demo"/>). The ratio of
    /// their forward FLOPs for RGB and one 3-channel modality; 1 when they agree.
    /// </summary>
    public static double CostRatio(DiTConfig shipped, DiTConfig demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var section = demo.Clone();
        section.TemporalPatch = (shipped ?? throw new ArgumentNullException(nameof(shipped))).TemporalPatch;
        double Flops(DiTConfig c) => ModelFlops.Forward(c, [3, 3], 1, c.Frames, c.Height, c.Width, c.MaxPromptTokens);
        return Flops(section) / Flops(demo);
    }

    /// <summary>Runs the section, <paramref name="steps"/> steps a run; <paramref name="shipped"/> is the shipped model's file (null skips it).</summary>
    public static NormalsDemoResult Run(string resolvedJson, DemoRequest request, int steps, SyntheticOptions world, string root, string? shipped, bool videoPanels,
        Action<string, string> say, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(say);
        NormalsDemoResult Skip(string why)
        {
            say("normals", $"sixth modality not shown: {why}");
            return new NormalsDemoResult { Steps = steps, Skipped = why };
        }
        if (shipped is null) return Skip("it fine-tunes the shipped model, which was not evaluated here");
        if (SamplePlugins.Find(PluginName) is not { } built) return Skip($"the sample plugin is not built ({SamplePlugins.Folder}/{PluginName} beside the executable)");

        // Drop the plugin into a folder of the demo, as a user adds a modality, and point a host at only that folder's modality.
        var dir = Path.Combine(root, FolderName);
        var plugins = Path.Combine(dir, "plugins");
        var dropped = Path.Combine(plugins, PluginName);
        Directory.CreateDirectory(dropped);
        foreach (var file in Directory.EnumerateFiles(built)) File.Copy(file, Path.Combine(dropped, Path.GetFileName(file)), overwrite: true);
        // One host per run, so each run's config.json records where it started (Training:InitFrom). Both runs take the
        // shipped model's tokenisation and frame-position setting, so the fine-tuned run can load it and the two differ only in their start.
        var shippedConfig = InitialWeights.ConfigOf(shipped);
        var temporalPatch = shippedConfig.TemporalPatch.ToString(CultureInfo.InvariantCulture);
        var framePositions = shippedConfig.FramePositions ? "true" : "false";
        ServiceProvider Services(string? initFrom)
        {
            var layer = new ConfigurationLayer("the demo's normals section",
                new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Plugins:Directories:0"] = plugins, ["Modalities:Enabled:0"] = Modality, ["Training:InitFrom"] = initFrom ?? "",
                    ["Training:Steps"] = steps.ToString(CultureInfo.InvariantCulture), ["Training:CheckpointEvery"] = steps.ToString(CultureInfo.InvariantCulture),
                    ["Training:Seed"] = request.Seed.ToString(CultureInfo.InvariantCulture), ["Model:TemporalPatch"] = temporalPatch,
                    ["Model:FramePositions"] = framePositions,
                },
                new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Plugins:Directories", "Modalities:Enabled" });
            var configuration = new LayeredConfiguration([UnityVideoConfiguration.Defaults(), JsonConfigurationFlattener.FromText(resolvedJson, "the demo's configuration"), layer]);
            return new ServiceCollection().AddUnityVideo(configuration, strictRoot: true).BuildServiceProvider();
        }
        using var services = Services(null);
        var catalog = services.GetRequiredService<PluginCatalog>();
        var enabled = services.GetRequiredService<ModalityRegistry>();
        say("normals", $"plugin '{PluginName}' dropped into {plugins}: modality '{Modality}' loaded");

        // The demo's world again, now with the plugin's ground-truth annotator writing normals.
        var clock = Stopwatch.StartNew();
        var annotations = SyntheticAnnotation.For(catalog, enabled);
        var trainDir = Path.Combine(dir, "data", "train");
        var testDir = Path.Combine(dir, "data", "test");
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest { OutputDirectory = trainDir, Count = TrainClips(request), World = world, Annotations = annotations, Force = true }, null, cancellationToken);
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest { OutputDirectory = testDir, Count = request.TestClips, World = world.HeldOut(), Annotations = annotations, Force = true }, null, cancellationToken);
        say("normals", string.Create(CultureInfo.InvariantCulture, $"{TrainClips(request)} training and {request.TestClips} held-out clips with normals ({clock.Elapsed.TotalSeconds:0.0} s)"));

        BenchmarkReport Arm(string name, string? initFrom)
        {
            using var armServices = initFrom is null ? null : Services(initFrom);
            var host = armServices ?? services;
            var pipeline = host.GetRequiredService<UnityVideoPipeline>();
            var last = Stopwatch.StartNew();
            var trained = host.GetRequiredService<TrainingService>().CreateTrainer().Run(new TrainingRunRequest
            {
                DataDirectory = trainDir, RunDirectory = Path.Combine(dir, name, "run"), Force = true, ResolvedConfigJson = host.GetRequiredService<ResolvedConfiguration>().Json,
            },
                new InlineProgress<TrainingProgress>(p =>
                {
                    if (p.Metric is not { } m || (p.Step != p.TotalSteps && last.Elapsed < TimeSpan.FromSeconds(10))) return;
                    last.Restart();
                    say("normals", string.Create(CultureInfo.InvariantCulture, $"{name}: step {p.Step}/{p.TotalSteps} {m.Task} loss {m.Loss:0.000}"));
                }), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (trained.ModelPath is null) throw new TrainingException($"the normals run '{name}' stopped at step {trained.Step} of {trained.TotalSteps}.");
            return pipeline.Evaluate(trained.ModelPath, testDir, Path.Combine(dir, name, "eval"), request.EvalClips,
                request.EvaluationSampling(), force: true,
                new InlineProgress<int>(i => say("normals", $"{name}: clip {i}/{request.EvalClips} evaluated")), cancellationToken, videoPanels);
        }
        return new NormalsDemoResult { Steps = steps, TrainClips = TrainClips(request), FineTuned = Arm("fine-tuned", shipped), Scratch = Arm("from-scratch", null) };
    }
}

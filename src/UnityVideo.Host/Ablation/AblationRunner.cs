using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Abstractions;
using UnityVideo.Core;
using UnityVideo.Core.Data;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Data;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Options;
using UnityVideo.Host.Training;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Ablation;

/// <summary>
/// Runs one ablation table (<c>unityvideo ablate</c>): for every arm and seed, build the arm's configuration (the
/// experiment's, then <c>Ablation:Set</c>, the table's <c>Set</c>, the arm's <c>Set</c>, then the command line),
/// train it for the same steps on the same synthetic clips, measure it on the same held-out clips with
/// <see cref="AblationEvaluation"/>, and write the table. Finished runs are kept under <c>runs/</c> by configuration
/// hash and seed, so another table whose arm resolves to the same configuration, or a rerun after an interruption,
/// reuses them instead of training again.
/// </summary>
public static class AblationRunner
{
    /// <summary>File that marks a folder as an ablation study (so a rerun may reuse it without --force).</summary>
    public const string MarkerFile = ".unityvideo-ablation";

    /// <summary>Name of the zero-shot probe.</summary>
    public const string ZeroShot = "zero-shot";

    /// <summary>Runs <paramref name="request"/> with configuration <paramref name="sources"/>.</summary>
    /// <exception cref="UnityVideoConfigurationException">The table is unknown, an arm's configuration is invalid (the key is named), or the curve interval does not fit the steps.</exception>
    /// <exception cref="IOException">The folder is not empty and holds no ablation study, or is the current directory (<see cref="OutputGuard.CheckFolder"/>).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; finished runs stay on disk and are reused next time.</exception>
    public static AblationResult Run(ConfigurationSources sources, AblationRequest request, IProgress<AblationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(request);
        void Say(string stage, string message) => progress?.Report(new AblationProgress(stage, message));
        var inv = CultureInfo.InvariantCulture;

        // 1. The study settings and the table, from the experiment's configuration
        AblationOptions study;
        using (var baseServices = Build(sources))
        {
            var startup = baseServices.GetRequiredService<UnityVideoStartup>();
            startup.RequirePixelDiT("'unityvideo ablate'");
            study = startup.Settings.Ablation;
        }
        if (!study.Tables.TryGetValue(request.Table, out var table))
            throw new UnityVideoConfigurationException(
                $"Ablation:Tables has no table '{request.Table}' (available: {string.Join(", ", study.Tables.Keys.Order(StringComparer.Ordinal))}).");
        var seeds = request.Seeds ?? study.Seeds;
        var steps = request.Steps ?? study.Steps;
        if (seeds < 1) throw new ArgumentException($"--seeds must be at least 1 (got {seeds}).");
        if (steps < 1) throw new ArgumentException($"--steps must be at least 1 (got {steps}).");
        var curveEvery = request.CurveEvery;
        if (curveEvery is { } every && (every < 1 || every >= steps))
            throw new UnityVideoConfigurationException($"--curve-every must be from 1 to {steps - 1}, below the study's {steps} training steps (--steps or Ablation:Steps); got {every}.");
        var probe = table.Probe == ZeroShot;

        var root = Path.GetFullPath(request.OutputDirectory);
        // A study folder is reused as it is (finished runs are kept); any other non-empty folder is never written.
        OutputGuard.CheckFolder(root, force: true, "--out", "ablation study", f => File.Exists(Path.Combine(f, MarkerFile)));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, MarkerFile), "unityvideo ablation study: data/, runs/, table-*/\n");

        // 2. Every arm × seed: reuse a finished run, or train and measure it
        var shared = study.Set.Concat(table.Set).ToList();
        var rows = new List<AblationRow>();
        var references = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var total = table.Arms.Count * seeds;
        var done = 0;
        foreach (var arm in table.Arms)
        {
            var runs = new List<AblationRun>();
            for (var seed = 0; seed < seeds; seed++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var armSources = sources with
                {
                    Layers =
                    [
                        .. sources.Layers,
                        ("Ablation:Set", study.Set),
                        ($"Ablation:Tables:{request.Table}:Set", table.Set),
                        ($"Ablation:Tables:{request.Table} arm '{arm.Name}'", arm.Set),
                        ("ablation run", [
                            $"Training:Steps={steps.ToString(inv)}", $"Training:Seed={seed.ToString(inv)}",
                            $"Training:CheckpointEvery={(curveEvery ?? steps).ToString(inv)}",
                            $"Training:KeepCheckpoints={(curveEvery is { } n ? steps / n + 1 : 1).ToString(inv)}",
                        ]),
                    ],
                };
                using var services = Build(armSources);
                var startup = services.GetRequiredService<UnityVideoStartup>();
                var model = startup.Settings.ModelConfig;
                var annotations = SyntheticAnnotation.For(startup.Catalog, startup.Modalities);
                var trainDir = EnsureData(root, TrainWorld(study, model, arm.Animals), study.TrainClips, annotations, Say, cancellationToken);
                var testDir = EnsureData(root, TestWorld(study, model, probe), study.TestClips, annotations, Say, cancellationToken);

                var key = string.Create(inv, $"{Short(RunIdentity(startup, trainDir, study.TrainClips))}-seed{seed}{(arm.Animals ? "-animals" : "")}");
                var runDir = Path.Combine(root, "runs", key);
                var measureKey = string.Create(inv,
                    $"clips={study.TestClips};generated={study.GeneratedClips};sampler={study.SamplerSteps};test={Path.GetFileName(testDir)};probe={table.Probe};class={table.HeldOutClass};prompt={table.HeldOutPrompt};curve={curveEvery}");
                var measureFile = Path.Combine(runDir, $"measure-{Short(measureKey)}.json");
                var label = string.Create(inv, $"{arm.Name}, seed {seed} ({++done}/{total})");
                if (Read(measureFile) is { } cached && cached.Steps == steps)
                {
                    Say("reuse", $"{label}: measured before ({key})");
                    runs.Add(cached);
                    continue;
                }

                // Train (unless this configuration and seed were trained for these steps already)
                var clock = Stopwatch.StartNew();
                var modelPath = Path.Combine(runDir, "run", Trainer.ModelFile);
                var trainedFile = Path.Combine(runDir, "trained.json");
                if (!(File.Exists(modelPath) && Read(trainedFile) is { } trained && trained.Steps == steps))
                {
                    Say("train", string.Create(inv, $"{label}: {steps} steps → runs/{key}"));
                    var lastReport = Stopwatch.StartNew();
                    var training = services.GetRequiredService<TrainingService>().CreateTrainer().Run(new TrainingRunRequest
                    {
                        DataDirectory = trainDir, RunDirectory = Path.Combine(runDir, "run"), Force = true, ResolvedConfigJson = startup.ResolvedConfigurationJson(),
                    }, new InlineProgress<TrainingProgress>(p =>
                    {
                        if (p.Metric is not { } m || (p.Step != p.TotalSteps && lastReport.Elapsed < TimeSpan.FromSeconds(20))) return;
                        lastReport.Restart();
                        Say("train", string.Create(inv, $"  step {p.Step}/{p.TotalSteps} [{m.Stage}] {m.Task} {m.Modality} loss {m.Loss:0.000} ({p.StepsPerSecond:0.00} steps/s)"));
                    }), cancellationToken);
                    cancellationToken.ThrowIfCancellationRequested();
                    if (training.ModelPath is null)
                        throw new TrainingException(string.Create(inv, $"arm '{arm.Name}' seed {seed} stopped at step {training.Step} of {training.TotalSteps}."));
                    Write(trainedFile, new AblationRun
                    {
                        Key = key, Steps = steps, Seed = seed, Measure = "", Data = Path.GetRelativePath(root, trainDir), Metrics = new Dictionary<string, double>(),
                        TrainSeconds = clock.Elapsed.TotalSeconds,
                    });
                }
                var trainSeconds = clock.Elapsed.TotalSeconds;

                // Measure on the held-out clips
                clock.Restart();
                var pipeline = services.GetRequiredService<UnityVideoPipeline>();
                var (sampler, _) = pipeline.Sampler(new SamplingOverrides { Steps = study.SamplerSteps, Seed = 0 });
                var evaluation = Evaluation(study, table, sampler);
                var test = ClipDataset.Open(testDir);
                IReadOnlyDictionary<string, double> MeasureModel(string weights)
                {
                    // Ablations train the pixel DiT (AblationRunner refuses other backbones), so its files load as one.
                    using var inference = (Core.Inference.InferenceModel)pipeline.Load(weights);
                    return probe
                        ? AblationEvaluation.Probe(inference, test, startup.Catalog.All, evaluation, null, cancellationToken)
                        : AblationEvaluation.Measure(inference, test, startup.Catalog.All, evaluation, null, cancellationToken);
                }
                var metrics = MeasureModel(modelPath);
                List<AblationCurvePoint>? curve = null;
                if (curveEvery is { } interval)
                {
                    // The run's kept checkpoints (EMA weights) before the last step, measured exactly as its final model
                    curve = [];
                    foreach (var c in RunCheckpoints.List(Path.Combine(runDir, "run")).Where(c => c.Step < steps && c.Step % interval == 0))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        curve.Add(new AblationCurvePoint(c.Step, MeasureModel(c.Path)));
                        Say("measure", string.Create(inv, $"{label}: step {c.Step}: {HeadlineText(curve[^1].Metrics)}"));
                    }
                    curve.Add(new AblationCurvePoint(steps, metrics));
                }
                var run = new AblationRun
                {
                    Key = key, Steps = steps, Seed = seed, Measure = measureKey, Data = Path.GetRelativePath(root, trainDir), Metrics = metrics,
                    TrainSeconds = trainSeconds, MeasureSeconds = clock.Elapsed.TotalSeconds, Curve = curve,
                };
                Write(measureFile, run);
                Say("measure", $"{label}: {HeadlineText(metrics)}");
                runs.Add(run);
            }
            rows.Add(new AblationRow(arm.Name, arm.Set, arm.Animals, runs));
        }

        // The reference row: the trivial predictions on the same held-out clips, once per table
        {
            using var services = Build(sources with { Layers = [.. sources.Layers, ("Ablation:Set", study.Set), ($"Ablation:Tables:{request.Table}:Set", table.Set)] });
            var startup = services.GetRequiredService<UnityVideoStartup>();
            var model = startup.Settings.ModelConfig;
            var testDir = EnsureData(root, TestWorld(study, model, probe), study.TestClips, SyntheticAnnotation.For(startup.Catalog, startup.Modalities), Say, cancellationToken);
            var evaluation = Evaluation(study, table, new Core.Diffusion.SamplerOptions());
            var test = ClipDataset.Open(testDir);
            if (probe)
                references["trivial prediction (no skeleton, background only)"] = AblationEvaluation.Probe(null, test, startup.Catalog.All, evaluation, null, cancellationToken);
            else if (AblationEvaluation.Baselines(test, startup.Catalog.All, startup.Catalog.All.Modalities, evaluation) is { Count: > 0 } baselines)
                references["trivial prediction (constant depth, zero flow)"] = baselines;
        }

        // 3. The table
        var result = new AblationTable
        {
            Name = request.Table, Title = table.Title.Length > 0 ? table.Title : $"Ablation '{request.Table}'", Description = table.Description,
            Steps = steps, SharedOverrides = shared, Rows = rows, References = references,
        };
        var dir = Path.Combine(root, $"table-{Slug(request.Table)}");
        Directory.CreateDirectory(dir);
        var json = Path.Combine(dir, "table.json");
        var md = Path.Combine(dir, "table.md");
        AtomicFile.WriteAllText(json, result.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(md, result.ToMarkdown());
        foreach (var plot in AblationCurves.SavePlots(result, dir)) Say("table", $"wrote {Path.Combine(dir, plot)}");
        Say("table", $"wrote {md}");
        return new AblationResult(result, md, json);
    }

    private static AblationEvaluationOptions Evaluation(AblationOptions study, AblationTableOptions table, Core.Diffusion.SamplerOptions sampler) => new()
    {
        Clips = study.TestClips, GeneratedClips = study.GeneratedClips, Sampler = sampler, Seed = 0,
        HeldOutClass = table.HeldOutClass.Length > 0 ? table.HeldOutClass : null,
        HeldOutPrompt = table.HeldOutPrompt.Length > 0 ? table.HeldOutPrompt : null,
    };

    private static string HeadlineText(IReadOnlyDictionary<string, double> metrics)
    {
        var primary = AblationCurves.Primary(metrics.Keys);
        return string.Join(", ", metrics.Where(p => Headline(p.Key) || primary.Contains(p.Key)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:0.0000}")));
    }

    private static bool Headline(string metric) =>
        metric is "rgb.loss" or "rgb.flicker" or "depth.abs_rel" or "flow.epe" || metric.StartsWith("quadruped-skeleton.pck", StringComparison.Ordinal)
        || metric == "heldout-segmentation.miou";

    private static ServiceProvider Build(ConfigurationSources sources)
    {
        var services = new ServiceCollection();
        services.AddUnityVideo(UnityVideoConfiguration.Build(sources), strictRoot: true);
        return services.BuildServiceProvider();
    }

    // What a finished run depends on besides its seed: the whole resolved configuration (plugin settings included),
    // its training clips, and the code that trained and measures it (this build's framework assemblies, by module
    // version id, and the plugin files, by content), so a rebuilt framework or plugin never reuses the old one's runs.
    private static string RunIdentity(UnityVideoStartup startup, string trainDir, int trainClips)
    {
        var framework = new[] { typeof(UnityDiT).Assembly, typeof(AblationRunner).Assembly, typeof(SyntheticOptions).Assembly, typeof(ModalityDescriptor).Assembly }
            .Select(a => $"{a.GetName().Name} {a.ManifestModule.ModuleVersionId}");
        var plugins = startup.Catalog.Plugins.Select(p => $"{Path.GetFileName(p.AssemblyPath)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p.AssemblyPath)))}");
        return string.Join('\n', [startup.ResolvedConfigurationJson(), $"data {Path.GetFileName(trainDir)} × {trainClips}", .. framework, .. plugins]);
    }

    // An arm's training clips, and the held-out clips every arm and the reference row are measured on (quadrupeds
    // only for the zero-shot probe).
    private static SyntheticOptions TrainWorld(AblationOptions study, DiTConfig model, bool animals) => new()
    {
        Width = model.Width, Height = model.Height, Frames = model.Frames, Fps = study.Fps, Seed = (ulong)study.DataSeed, WithAnimals = animals,
    };

    private static SyntheticOptions TestWorld(AblationOptions study, DiTConfig model, bool probe) =>
        TrainWorld(study, model, probe).HeldOut();

    // Synthetic clips for one world, built once per study folder (the world is deterministic, so a folder holding
    // the right number of clips is the same data); plugin modalities beyond the typed five name the folder too.
    private static string EnsureData(string root, SyntheticOptions world, int count, IReadOnlyList<SyntheticAnnotation> annotations, Action<string, string> say, CancellationToken cancellationToken)
    {
        var extra = string.Concat(annotations.Select(a => "+" + a.StorageKey).Order(StringComparer.Ordinal));
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{(world.Split == SyntheticSplit.Test ? "test" : "train")}-{world.Width}x{world.Height}x{world.Frames}-{world.Fps:0.###}fps-seed{world.Seed}{(world.WithAnimals ? "-animals" : "")}{extra}");
        var dir = Path.Combine(root, "data", name);
        try
        {
            if (File.Exists(Path.Combine(dir, "manifest.jsonl")) && ClipDataset.Open(dir).Count == count) return dir;
        }
        catch (DatasetFormatException)
        {
            // Rebuilt below.
        }
        var clock = Stopwatch.StartNew();
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest { OutputDirectory = dir, Count = count, World = world, Annotations = annotations, Force = true }, null, cancellationToken);
        say("data", string.Create(CultureInfo.InvariantCulture, $"{count} clips → data/{name} ({clock.Elapsed.TotalSeconds:0.0} s)"));
        return dir;
    }

    private static AblationRun? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<AblationRun>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null; // unreadable: measured again
        }
    }

    private static void Write(string path, AblationRun run) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true }));

    private static string Short(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Slug(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}

/// <summary>One progress line of an ablation: the stage (data, train, measure, table) and what happened.</summary>
public sealed record AblationProgress(string Stage, string Message);

/// <summary>A finished ablation table and where it was written.</summary>
/// <param name="Table">The table.</param>
/// <param name="MarkdownPath">table.md.</param>
/// <param name="JsonPath">table.json.</param>
public sealed record AblationResult(AblationTable Table, string MarkdownPath, string JsonPath);

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Native;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// Trains a UnityVideo model — the pixel <see cref="UnityDiT"/> or another backbone behind <see cref="ITrainingBackbone"/> — as the paper does: every step routes one task and a modality (set) within
/// the current curriculum stage, draws a batch of clips carrying it, and takes one AdamW step on the
/// flow-matching loss (with warm-up + cosine learning rate, gradient clipping, EMA and optional accumulation).
/// All randomness derives from (seed, step), so a run stopped and resumed from a checkpoint ends with the same
/// weights as an uninterrupted one. Cancellation saves a checkpoint and returns; a NaN/Inf loss stops the run
/// without saving over the last good checkpoint.
/// </summary>
public sealed class Trainer
{
    /// <summary>File name of the step log in the run folder.</summary>
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>File name of the resolved configuration in the run folder.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>File name of the loss plot in the run folder.</summary>
    public const string PlotFile = "loss.png";

    /// <summary>File name of the final model weights (EMA when enabled) in the run folder.</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>Folder of the checkpoints inside the run folder.</summary>
    public const string CheckpointFolder = "checkpoints";

    private readonly ITrainingBackbone backbone;

    /// <summary>Creates a trainer of the pixel DiT; nothing is read or allocated until <see cref="Run"/>.</summary>
    /// <param name="model">Model sizes (and the clip size the data must have).</param>
    /// <param name="modalities">The enabled modalities (each needs a codec to be trained).</param>
    /// <param name="options">Training options.</param>
    /// <param name="device">Where the model trains (default CPU).</param>
    /// <param name="cacheBytes">Memory for encoded clips (small datasets are then decoded once).</param>
    /// <exception cref="TrainingException">Invalid options.</exception>
    public Trainer(DiTConfig model, ModalityRegistry modalities, TrainerOptions options, Device? device = null, long cacheBytes = 512L << 20)
        : this(new DiTTrainingBackbone(model ?? throw new ArgumentNullException(nameof(model))), modalities, options, device, cacheBytes) { }

    /// <summary>Creates a trainer of any backbone; nothing is read or allocated until <see cref="Run"/>.</summary>
    /// <param name="backbone">The backbone: its settings, data, prompts and model.</param>
    /// <param name="modalities">The enabled modalities.</param>
    /// <param name="options">Training options.</param>
    /// <param name="device">Where the model trains (default CPU).</param>
    /// <param name="cacheBytes">Memory for encoded clips (pixel data).</param>
    /// <exception cref="TrainingException">Invalid options.</exception>
    public Trainer(ITrainingBackbone backbone, ModalityRegistry modalities, TrainerOptions options, Device? device = null, long cacheBytes = 512L << 20)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().Concat(backbone.Validate(options)).ToList();
        if (errors.Count > 0) throw new TrainingException("Invalid training configuration:\n  " + string.Join("\n  ", errors));
        this.backbone = backbone;
        ModelConfig = (backbone as DiTTrainingBackbone)?.Config;
        Modalities = modalities;
        Options = options;
        Device = device ?? CPU;
        CacheBytes = cacheBytes;
        var streams = backbone.StreamChannels(modalities);
        ConfigJson = TrainingConfiguration.ToJson(backbone.ConfigNode(), streams, Options);
        ConfigHash = TrainingConfiguration.Hash(backbone.ConfigNode(), streams, Options);
    }

    /// <summary>The backbone's name (<c>dit</c> or <c>wan</c>).</summary>
    public string Backbone => backbone.Name;

    /// <summary>The pixel DiT's sizes; null on another backbone (its settings are in <see cref="ConfigJson"/>).</summary>
    public DiTConfig? ModelConfig { get; }

    /// <summary>The enabled modalities.</summary>
    public ModalityRegistry Modalities { get; }

    /// <summary>Training options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Training device.</summary>
    public Device Device { get; }

    /// <summary>Memory budget of the encoded-clip cache.</summary>
    public long CacheBytes { get; }

    /// <summary>The resolved training configuration (stored in every checkpoint).</summary>
    public string ConfigJson { get; }

    /// <summary>Hash of the configuration parts that change what a step computes.</summary>
    public string ConfigHash { get; }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // The run
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Steps between two questions to <see cref="TrainingRunRequest.Replan"/> (the first after two of these).</summary>
    public const int ReplanEvery = 20;

    /// <summary>Steps whose median time is the pace <see cref="TrainingRunRequest.Replan"/> sees.</summary>
    public const int PaceSteps = 100;

    /// <summary>How many times one run goes back to its last checkpoint after a <see cref="FreedScalar"/> failure.</summary>
    public const int MaxRecoveries = 5;

    /// <summary>Test seam: called with each step's 0-based index before the step runs (a test throws from it).</summary>
    internal Action<int>? BeforeStep { get; set; }

    /// <summary>Trains up to <see cref="TrainerOptions.Steps"/> completed steps.</summary>
    /// <exception cref="TrainingException">The run cannot start or diverged (the message says why).</exception>
    /// <exception cref="DatasetFormatException">The dataset's manifest is broken.</exception>
    public TrainingResult Run(TrainingRunRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var runDir = Path.GetFullPath(request.RunDirectory);
        var store = new CheckpointStore(Path.Combine(runDir, CheckpointFolder));
        void Note(int step, string text) => progress?.Report(new TrainingProgress { Step = step, TotalSteps = Options.Steps, Note = text });

        // 1. Data and curriculum: every check that needs no weights, before anything in the run folder changes
        using var data = backbone.OpenData(request.DataDirectory, Modalities, Options.Seed, CacheBytes);
        var prompts = backbone.OpenPrompts(request.DataDirectory);
        var curriculum = Curriculum.Resolve(Options.EffectiveStages, Options.Steps, Modalities.Modalities);
        var trainable = TrainableModalities(curriculum, data, data.Directory, Note);

        // 2. Fresh run or resume
        var resume = ChooseStart(request, runDir, store, Note);

        // 3. Model, optimiser, EMA (initial weights from the seed)
        torch.manual_seed(Options.Seed);
        using var model = backbone.Build(Modalities, prompts, data, freshStart: resume is null);
        model.Module.to(Device);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        // Initial weights and freezing name pixel-DiT parts; other backbones refuse these options when validated.
        if (model is UnityDiT dit && Options.InitFrom is { Length: > 0 } initFrom)
        {
            if (resume is null)
            {
                var init = InitialWeights.Load(initFrom, dit);
                loaded.UnionWith(init.Loaded);
                Note(0, init.ToString());
            }
            else if (Options.Freeze.Contains(Freezing.Loaded))
                loaded.UnionWith(InitialWeights.Names(initFrom, dit)); // which tensors stay frozen; the weights come from the checkpoint
        }
        var frozen = model is UnityDiT frozenDiT ? Freezing.Apply(frozenDiT, Options.Freeze, loaded) : 0;
        if (frozen > 0) Note(0, $"frozen: {frozen} of {model.Module.parameters().Count()} parameter tensors ({string.Join(", ", Options.Freeze)})");
        using var trainingStep = new TrainingStep(model, Options);
        var (optimizer, ema) = (trainingStep.Optimizer, trainingStep.Ema);
        var step = 0;
        if (resume is { } from)
        {
            var state = TrainingCheckpoint.Load(from.Path, model, ema, optimizer);
            step = state.Step;
            data.Position = state.DataPosition;
            Note(step, $"resumed from {from.Path} (step {step})");
        }

        // 4. Run folder
        AtomicFile.WriteAllText(Path.Combine(runDir, ConfigFile), request.ResolvedConfigJson ?? ConfigJson);
        var metricsPath = Path.Combine(runDir, MetricsFile);
        using var metrics = resume is null ? MetricsLog.Create(metricsPath) : MetricsLog.Resume(metricsPath, step);
        Note(step, "curriculum:" + Environment.NewLine + curriculum);

        // 5. Steps
        var loop = new StepLoop(this, trainingStep, data, prompts, curriculum, trainable);
        var lastCheckpoint = resume?.Path;
        var lastSaved = step;
        var sessionStart = step;
        var loopClock = Stopwatch.StartNew();
        var recent = new Queue<double>(PaceSteps + 1);
        var cancelled = false;
        model.Module.train();
        var recoveries = 0;
        while (step < Options.Steps)
        {
            if (cancellationToken.IsCancellationRequested) { cancelled = true; break; }
            TrainingMetric metric;
            try
            {
                BeforeStep?.Invoke(step);
                metric = loop.Step(step, lastCheckpoint);
            }
            catch (ExternalException e) when (FreedScalar.Caused(e) && lastCheckpoint is not null && recoveries < MaxRecoveries)
            {
                // Every step is a function of the checkpoint and (seed, step), so going back to it loses no result.
                recoveries++;
                var state = TrainingCheckpoint.Load(lastCheckpoint!, model, ema, optimizer);
                Note(step, $"step {step + 1} failed inside libtorch on a Scalar TorchSharp had already freed ({FreedScalar.Why}); " +
                    $"back to {lastCheckpoint} (step {state.Step}), which gives the same run ({MaxRecoveries - recoveries} more recoveries allowed)");
                step = state.Step;
                data.Position = state.DataPosition;
                metrics.RewindTo(step);
                continue;
            }
            step++;
            metrics.Append(metric);
            if (request.Replan is not null && step - sessionStart > 1)   // the first step builds caches
            {
                recent.Enqueue(metric.Seconds);
                if (recent.Count > PaceSteps) recent.Dequeue();
            }
            if (request.Replan is not null && (step - sessionStart) % ReplanEvery == 0 && step - sessionStart > ReplanEvery && step < Options.Steps)
            {
                // The median step: steps that first touch a clip (cache fills) or save a checkpoint are rare and slow,
                // a machine that slows down slows every step.
                var pace = SampleStatistics.Median([.. recent]);
                if (request.Replan(new TrainingPace(step, Options.Steps, loopClock.Elapsed, pace)) is { } asked
                    && StepsKeepingStage(curriculum, step, Math.Max(step + 1, asked)) is var total && total != Options.Steps)
                {
                    var planned = Options.Steps;
                    Options.Steps = total;
                    curriculum = Curriculum.Resolve(Options.EffectiveStages, Options.Steps, Modalities.Modalities);
                    loop.Replan(curriculum);
                    Note(step, string.Create(CultureInfo.InvariantCulture, $"re-planned to {Options.Steps} steps (from {planned}): median {pace:0.000} s over the last {recent.Count} steps"));
                }
            }
            var rate = (step - sessionStart) / Math.Max(loopClock.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(new TrainingProgress
            {
                Step = step, TotalSteps = Options.Steps, Metric = metric, StepsPerSecond = rate,
                Remaining = TimeSpan.FromSeconds((Options.Steps - step) / rate),
            });
            if (step % Options.CheckpointEvery == 0 || step == Options.Steps)
            {
                lastCheckpoint = SaveCheckpoint(store, step, model, ema, optimizer, data, curriculum);
                lastSaved = step;
                Note(step, $"checkpoint {lastCheckpoint}");
            }
        }
        if (cancelled && lastSaved != step)
        {
            lastCheckpoint = SaveCheckpoint(store, step, model, ema, optimizer, data, curriculum);
            Note(step, $"stopped at step {step}; checkpoint {lastCheckpoint}");
        }

        // 6. Final weights and plot
        string? modelPath = null, plotPath = null;
        if (step >= Options.Steps)
        {
            ema?.CopyTo(ModelCheckpoint.ModelTensors(model));
            modelPath = Path.Combine(runDir, ModelFile);
            var metadata = new Dictionary<string, string>(backbone.FileMetadata(data))
            {
                ["weights"] = ema is null ? "raw" : "ema", ["step"] = step.ToString(CultureInfo.InvariantCulture), ["config_hash"] = ConfigHash,
            };
            ModelCheckpoint.Save(modelPath, model, metadata);
        }
        if (metrics.Records.Count > 0)
        {
            plotPath = Path.Combine(runDir, PlotFile);
            LossPlot.Save(plotPath, metrics.Records, string.Create(CultureInfo.InvariantCulture, $"UnityVideo training loss ({Path.GetFileName(runDir)}, {metrics.Records.Count} steps)"));
        }
        return new TrainingResult
        {
            Step = step, TotalSteps = Options.Steps, Cancelled = cancelled, ResumedFrom = resume?.State.Step, Checkpoint = lastCheckpoint,
            ModelPath = modelPath, MetricsPath = metricsPath, PlotPath = plotPath, Elapsed = clock.Elapsed,
        };
    }

    private (string Path, TrainingState State)? ChooseStart(TrainingRunRequest request, string runDir, CheckpointStore store, Action<int, string> note)
    {
        var removed = store.RemoveStaleTemporaries();
        if (removed > 0) note(0, $"removed {removed} unfinished checkpoint file(s) of an interrupted run");
        var existing = store.List();
        if (!request.Resume)
        {
            if (existing.Count == 0 && !File.Exists(Path.Combine(runDir, MetricsFile))) return null;
            if (!request.Force)
            {
                var newest = existing.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" (newest checkpoint: step {existing[0].Step})") : "";
                throw new TrainingException($"'{runDir}' already holds a training run{newest}; resume it, or force a fresh start that replaces its checkpoints and metrics.");
            }
            foreach (var (_, p) in existing) File.Delete(p);
            foreach (var f in new[] { MetricsFile, PlotFile, ModelFile }) File.Delete(Path.Combine(runDir, f));
            note(0, $"starting over in {runDir}");
            return null;
        }

        var found = store.NewestValid(out var skipped);
        foreach (var s in skipped) note(0, $"skipping unreadable checkpoint {s}");
        if (found is not { } ok)
        {
            if (existing.Count > 0) throw new TrainingException($"No readable checkpoint in '{store.Directory}':\n  " + string.Join("\n  ", skipped));
            note(0, $"no checkpoint in {store.Directory}; starting a new run");
            return null;
        }
        if (ok.State.ConfigHash != ConfigHash && !request.Force)
        {
            var diff = TrainingConfiguration.Differences(ok.State.ConfigJson, ConfigJson);
            var shown = diff.Count == 0 ? "" : " (differs in: " + string.Join(", ", diff.Take(8)) + (diff.Count > 8 ? ", …" : "") + ")";
            throw new TrainingException($"Checkpoint '{ok.Path}' was written with a different configuration (hash {ok.State.ConfigHash}, now {ConfigHash}){shown}; resume with the same configuration, or force to resume anyway.");
        }
        if (ok.State.Step > Options.Steps)
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture, $"Checkpoint '{ok.Path}' is at step {ok.State.Step}, past the run's {Options.Steps} steps; ask for at least {ok.State.Step} steps."));
        return (ok.Path, ok.State);
    }

    private Dictionary<string, IReadOnlyList<string>> TrainableModalities(Curriculum curriculum, ITrainingData data, string dataDir, Action<int, string> note)
    {
        var trainable = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var stage in curriculum.Stages)
        {
            var carried = stage.Modalities.Where(m => data.ClipsWith([m]).Count > 0).ToList();
            var lacking = stage.Modalities.Except(carried).ToList();
            if (stage.Steps > 0 && carried.Count == 0 && stage.Modalities.Count > 0)
                throw new TrainingException($"Curriculum stage '{stage.Name}' trains {string.Join(", ", stage.Modalities)}, but no clip of '{dataDir}' carries any of them.");
            if (stage.Steps > 0 && lacking.Count > 0)
                note(0, $"stage '{stage.Name}': no clip carries {string.Join(", ", lacking)}; training {string.Join(", ", carried)}");
            // Pixel data go through each modality's codec; latents were encoded beforehand.
            foreach (var m in carried)
                if (stage.Steps > 0 && data is TrainingData && Modalities.Get(m).Codec is null) throw TrainingData.NoCodec(m);
            trainable[stage.Name] = carried;
        }
        return trainable;
    }

    /// <summary>
    /// <paramref name="asked"/>, or, when a longer run would move stage boundaries past <paramref name="step"/> and so
    /// send the run back to a stage it has left, the longest total that keeps the stage it is in (never less than now).
    /// </summary>
    private int StepsKeepingStage(Curriculum current, int step, int asked)
    {
        if (asked <= Options.Steps) return asked;
        int IndexAt(int total) => Curriculum.Resolve(Options.EffectiveStages, total, Modalities.Modalities).IndexAt(step);
        var now = current.IndexAt(step);
        // Later totals move the boundaries later, so the stage index at this step only falls as the total grows. The
        // current total keeps it, so the search ends on the longest total up to asked that does (asked, if it does).
        int lo = Options.Steps, hi = asked;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (IndexAt(mid) >= now) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    private string SaveCheckpoint(CheckpointStore store, int step, IStreamModel model, EmaWeights? ema, AdamW optimizer, ITrainingData data, Curriculum curriculum)
    {
        var path = store.PathOf(step);
        TrainingCheckpoint.Save(path, model, ema, optimizer, new TrainingState
        {
            Step = step, Seed = Options.Seed, DataPosition = data.Position, ConfigJson = ConfigJson, ConfigHash = ConfigHash,
            Stage = curriculum.At(Math.Max(0, step - 1)).Name,
        }, backbone.FileMetadata(data));
        store.Prune(Options.KeepCheckpoints);
        return path;
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // One step
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    private sealed class StepLoop(
        Trainer trainer, TrainingStep trainingStep, ITrainingData data, IPromptEncoder tokenizer, Curriculum curriculum, IReadOnlyDictionary<string, IReadOnlyList<string>> trainable)
    {
        private readonly TrainerOptions options = trainer.Options;
        private readonly TaskRouter router = new(trainer.Options.TaskProbabilities, trainer.Options.ModalityWeights, trainer.Options.ModalitiesPerStep);
        private LearningRateSchedule schedule = new(trainer.Options.LearningRate, trainer.Options.WarmupSteps, trainer.Options.Steps);

        /// <summary>After <see cref="TrainerOptions.Steps"/> changed: the schedule and stages of the new total.</summary>
        public void Replan(Curriculum replanned)
        {
            curriculum = replanned;
            schedule = new(options.LearningRate, options.WarmupSteps, options.Steps);
        }

        /// <summary>Step <paramref name="step"/> (0-based): route, then <see cref="TrainingStep.Run"/> on batches drawn from the data.</summary>
        public TrainingMetric Step(int step, string? lastCheckpoint)
        {
            var watch = Stopwatch.StartNew();
            using var scope = NewDisposeScope();
            var device = trainer.Device;

            // 1. Route: task and modality set for this step, all draws from (seed, step)
            var stage = curriculum.At(step);
            var random = StepRandom.Random(options.Seed, StepRandom.StepPurpose, step);
            using var generator = new Generator(StepRandom.Derive(options.Seed, StepRandom.NoisePurpose, step), CPU);
            var routed = router.Route(random, trainable[stage.Name]);
            routed = routed with { Modalities = data.CarriedPrefix(routed.Modalities) };
            var lr = schedule.At(step);

            // 2. Loss, gradients, clipping, AdamW and EMA; each micro-batch is the next batch of clips carrying the set
            IReadOnlyList<TrainingStream> MicroBatch(int micro)
            {
                TrainingBatch batch;
                try
                {
                    batch = data.Next(routed.Modalities, options.BatchSize, random);
                }
                catch (DatasetFormatException e)
                {
                    throw new TrainingException($"Step {step + 1}: a training clip cannot be read: {e.Message}", e);
                }
                var caption = tokenizer.Encode(batch.Captions, device);                              // [B, L]
                return FlowMatching.TaskStreams(routed.Task, batch.Rgb.to(device), caption,            // rgb [B, 3, T, H, W]
                    batch.Modalities.Select(m => (m.Name, m.Clean.to(device), (TextPrompt?)tokenizer.Encode(m.Prompts, device))).ToList()); // [B, C, T, H, W]
            }
            var result = trainingStep.Run(MicroBatch, lr, generator);
            if (!double.IsFinite(result.Loss)) throw Diverged(step, routed, $"the loss is {Word(result.Loss)}", lastCheckpoint);
            if (!double.IsFinite(result.GradNorm)) throw Diverged(step, routed, $"the gradient norm is {Word(result.GradNorm)}", lastCheckpoint);
            return new TrainingMetric
            {
                Step = step + 1, Stage = stage.Name, Task = TaskNames.Of(routed.Task), Modality = routed.ModalityLabel,
                Loss = result.Loss, LearningRate = lr, GradNorm = result.GradNorm, Seconds = watch.Elapsed.TotalSeconds,
            };
        }

        private static TrainingException Diverged(int step, RoutedStep routed, string what, string? lastCheckpoint) => new(
            $"Training diverged at step {step + 1} ({TaskNames.Of(routed.Task)}, {routed.ModalityLabel}): {what}. The run stopped without saving this step; " +
            (lastCheckpoint is null ? "no checkpoint had been written yet." : $"the last good checkpoint is {lastCheckpoint}.") +
            " Lower the learning rate or check the data.");

        private static string Word(double x) => double.IsNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
    }
}

using UnityVideo.Core;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.IO;
using UnityVideo.Core.Video;
using UnityVideo.Core.Training;
using UnityVideo.Host.Data;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Plugins;
using UnityVideo.Host.Training;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Demo;

/// <summary>
/// The end-to-end demonstration behind <c>unityvideo demo</c>: synthesise a training set and a held-out test set,
/// train the configured preset through both curriculum stages and all three tasks for as many steps as the time
/// budget allows (sized from a measured step time), evaluate with UniBench, and write <c>report.md</c>.
/// </summary>
public sealed class DemoRunner(IOptions<DiTConfig> modelConfig, ModalityRegistry enabled, PluginCatalog catalog, ResolvedConfiguration resolved, TrainingService training, UnityVideoPipeline pipeline,
    ITrainingBackbone backbone, IOptions<TrainerOptions> trainerOptions)
{
    /// <summary>Steps of the throw-away run that measures the step time.</summary>
    public const int CalibrationSteps = 6;

    /// <summary>Fewest training steps the demo runs, whatever the budget (both stages need some).</summary>
    public const int MinimumSteps = 40;

    /// <summary>
    /// Factor on the fastest calibration step, for slower steps and the cache fills of the real run. The fastest of
    /// the calibration's steps came out within a few per cent of the real run's mean step; with 1.03 the demo took
    /// 14:36 of its 15 minutes, with 1.15 about 12:15 (docs/decisions.md), so a margin between the two.
    /// </summary>
    public const double StepMargin = 1.08;

    /// <summary>
    /// Seconds of the budget left unplanned: a run's steps can come out slower than the calibration's, and the first
    /// demo on a fresh clone builds the CLI before its clock starts (measured in docs/decisions.md, "The demo at 2 clips
    /// a step").
    /// </summary>
    public const double ReserveSeconds = 60;

    /// <summary>
    /// Forward passes of one clip (evaluation sampler steps, with their share of panels and metrics) that cost as much as
    /// one training step of <paramref name="clipsPerStep"/> clips: a fixed part (optimizer, averaging, data) and a part
    /// per clip. Measured: 10.6 at 2 clips, 25 at 8 (docs/decisions.md, "The demo budgets evaluation per step"); this
    /// keeps 6–12 % below them, so evaluation is budgeted a little long rather than short.
    /// </summary>
    public static double ForwardPassesPerStep(int clipsPerStep) => 6 + (2.0 * clipsPerStep);

    /// <summary>Runs the demo. Cancelling stops after the current step or clip; the folder then holds what finished.</summary>
    /// <exception cref="IOException">The output folder is not empty and <see cref="DemoRequest.Force"/> is off, or it holds no demo (<see cref="OutputGuard.CheckFolder"/>).</exception>
    /// <exception cref="ArgumentException">A request value is out of range.</exception>
    /// <exception cref="UnsupportedBackboneException">Model:Backbone is not the pixel DiT (the demo trains and samples pixel clips).</exception>
    public DemoResult Run(DemoRequest request, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (backbone.Name != BackboneNames.DiT) throw BackboneNames.NotYetForWan("The demo");
        Validate(request);
        // H.264 panels when ffmpeg is installed; the demo must also run on a machine with only the .NET SDK (GIF panels).
        var videoPanels = Mp4Writer.IsAvailable;
        if (!videoPanels) Say("eval", "ffmpeg with libx264 not found: panels as GIF only (install the Debian package ffmpeg for H.264 MP4 panels)");
        var clock = Stopwatch.StartNew();
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var root = Path.GetFullPath(request.OutputDirectory);
        OutputGuard.CheckFolder(root, request.Force, "--out", "demo", IsDemoFolder);
        Directory.CreateDirectory(root);
        void Say(string stage, string message) => progress?.Report(new DemoProgress(stage, message));
        var model = modelConfig.Value;
        var budget = TimeSpan.FromMinutes(request.Minutes);

        // 1. Data: a training set and a held-out set of another seed, at the model's clip size
        var stage = Stopwatch.StartNew();
        var world = new SyntheticOptions { Width = model.Width, Height = model.Height, Frames = model.Frames, Fps = request.Fps, Seed = (ulong)request.Seed };
        var trainDir = Path.Combine(root, "data", "train");
        var testDir = Path.Combine(root, "data", "test");
        var annotations = SyntheticAnnotation.For(catalog, enabled); // plugin modalities beyond the five typed tensors
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest { OutputDirectory = trainDir, Count = request.TrainClips, World = world, Annotations = annotations, Force = true }, null, cancellationToken);
        SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest
        {
            OutputDirectory = testDir, Count = request.TestClips, Force = true,
            World = world.HeldOut(), Annotations = annotations,
        }, null, cancellationToken);
        times["data"] = stage.Elapsed;
        Say("data", string.Create(CultureInfo.InvariantCulture, $"{request.TrainClips} training and {request.TestClips} held-out clips of {model.Width}x{model.Height}, {model.Frames} frames at {request.Fps:0.##} fps ({stage.Elapsed.TotalSeconds:0.0} s)"));

        // 2. The shipped model on the same held-out clips: what a trained model shows, before minutes of training here
        stage.Restart();
        var referenceDir = Path.Combine(root, ReferenceFolder);
        var (referenceReport, referenceSkipped) = request.Reference
            ? EvaluateReference(request, testDir, referenceDir, videoPanels, Say, cancellationToken)
            : (null, "skipped (--no-reference)");
        if (referenceReport is not null) times["reference"] = stage.Elapsed;
        else if (File.Exists(Path.Combine(referenceDir, "report.json"))) FolderSwap.DeleteTree(referenceDir); // an earlier demo's, not this one's

        // 3. Step count: from the request, or from the budget and a measured step time
        stage.Restart();
        var normals = request.Normals && referenceReport is not null;
        var normalsSteps = NormalsDemo.StepsFor(request, ClipsPerStep);
        // A planned run checks its pace as it trains and re-plans itself to end within the budget; asked steps are run as asked.
        var plan = request.Steps is null ? SizeToBudget(request, trainDir, root, budget - clock.Elapsed, normals, normalsSteps, times["data"], Say, cancellationToken) : null;
        var steps = request.Steps ?? plan!.Steps;
        times["calibrate"] = stage.Elapsed;

        // 4. Training through both curriculum stages
        stage.Restart();
        var trainer = training.CreateTrainer();
        trainer.Options.Steps = steps;
        trainer.Options.Seed = request.Seed;
        trainer.Options.CheckpointEvery = Math.Max(1, steps / 4);
        var runDir = Path.Combine(root, "run");
        var lastReport = Stopwatch.StartNew();
        var records = new List<TrainingMetric>();
        var trained = trainer.Run(new TrainingRunRequest
        {
            DataDirectory = trainDir, RunDirectory = runDir, Force = true, ResolvedConfigJson = resolved.Json,
            Replan = plan is null ? null : pace => plan.StepsThatFit(pace, budget - clock.Elapsed),
        }, new InlineProgress<TrainingProgress>(p =>
        {
            if (p.Note is { } note && note.StartsWith("re-planned", StringComparison.Ordinal)) Say("train", $"{note}, to end within the budget");
            if (p.Metric is not { } m) return;
            records.Add(m);
            if (p.Step != p.TotalSteps && p.Step > 1 && lastReport.Elapsed < TimeSpan.FromSeconds(10)) return;
            lastReport.Restart();
            Say("train", string.Create(CultureInfo.InvariantCulture,
                $"step {p.Step}/{p.TotalSteps} [{m.Stage}] {m.Task} {m.Modality} loss {m.Loss:0.000} ({p.StepsPerSecond:0.00} steps/s, ETA {p.Remaining:mm\\:ss})"));
        }), cancellationToken);
        times["train"] = stage.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        if (trained.ModelPath is null)
            throw new TrainingException($"training stopped at step {trained.Step} of {trained.TotalSteps}; the demo needs the finished model.");

        // 5. UniBench on held-out clips
        stage.Restart();
        var evalDir = Path.Combine(root, "eval");
        Say("eval", $"UniBench on {request.EvalClips} held-out clips: estimation, control fidelity and joint consistency for every modality");
        var report = Evaluate(trained.ModelPath, request, testDir, evalDir, "eval", videoPanels, Say, cancellationToken);
        times["eval"] = stage.Elapsed;

        // 6. A sixth modality dropped in: normals learnt from the shipped model and from scratch
        stage.Restart();
        var normalsResult = normals
            ? NormalsDemo.Run(resolved.Json, request, normalsSteps, world, root, ShippedModels.Find(ShippedModels.Names[0]), videoPanels, Say, cancellationToken)
            : new NormalsDemoResult { Steps = normalsSteps, Skipped = request.Normals ? "skipped: it fine-tunes the shipped model, which was not evaluated here" : "skipped (--no-normals)" };
        if (normalsResult.Skipped is null) times["normals"] = stage.Elapsed;
        else if (Directory.Exists(Path.Combine(root, NormalsDemo.FolderName))) FolderSwap.DeleteTree(Path.Combine(root, NormalsDemo.FolderName)); // an earlier demo's

        // 7. The demo's own report
        var reportPath = Path.Combine(root, "report.md");
        var result = new DemoResult
        {
            OutputDirectory = root, ReportPath = reportPath, Training = trained, Evaluation = report, EvaluationDirectory = evalDir,
            StageTimes = times, Elapsed = clock.Elapsed,
            Reference = referenceReport, ReferenceDirectory = referenceReport is null ? null : referenceDir, ReferenceSkipped = referenceSkipped,
            Normals = normalsResult,
        };
        AtomicFile.WriteAllText(reportPath, DemoReport.ToMarkdown(result, request, records, budget, pipeline.Sampler(request.EvaluationSampling()).Options));
        return result;
    }

    /// <summary>The demo folder's subfolder for the shipped model's evaluation.</summary>
    public const string ReferenceFolder = "reference";

    /// <summary>
    /// UniBench of the shipped model (<see cref="ShippedModels"/>) on the demo's held-out clips, when it exists and fits
    /// them (same clip size, every enabled modality); otherwise null and the reason.
    /// </summary>
    private (BenchmarkReport? Report, string? Skipped) EvaluateReference(DemoRequest request, string testDir, string outDir, bool videoPanels,
        Action<string, string> say, CancellationToken cancellationToken)
    {
        if (ShippedModels.Find(ShippedModels.Names[0]) is not { } path)
        {
            say("reference", $"no shipped model beside the executable ({ShippedModels.Folder}/{ShippedModels.Names[0]})");
            return (null, $"not found beside the executable ({AppContext.BaseDirectory}) or above it");
        }
        var info = ModelCheckpoint.ReadInfo(path);
        var model = modelConfig.Value;
        var missing = enabled.Names.Where(m => !info.StreamChannels.ContainsKey(m)).ToList();
        var why = (info.Config.Frames, info.Config.Height, info.Config.Width) != (model.Frames, model.Height, model.Width)
            ? string.Create(CultureInfo.InvariantCulture, $"it was trained on clips of {info.Config.Frames} frames of {info.Config.Width}x{info.Config.Height}, this demo's are {model.Frames} of {model.Width}x{model.Height}")
            : missing.Count > 0 ? $"it has no {string.Join(", ", missing)} stream" : null;
        if (why is not null)
        {
            say("reference", $"shipped model not evaluated: {why}");
            return (null, $"not evaluated: {why}");
        }
        say("reference", $"the shipped model ({path}) on the same {request.EvalClips} held-out clips");
        return (Evaluate(path, request, testDir, outDir, "reference", videoPanels, say, cancellationToken), null);
    }

    /// <summary>UniBench of <paramref name="checkpoint"/> on the demo's held-out clips, with the demo's sampling; progress under <paramref name="stage"/>.</summary>
    private BenchmarkReport Evaluate(string checkpoint, DemoRequest request, string testDir, string outDir, string stage, bool videoPanels,
        Action<string, string> say, CancellationToken cancellationToken) =>
        pipeline.Evaluate(checkpoint, testDir, outDir, request.EvalClips, request.EvaluationSampling(),
            force: true, new InlineProgress<int>(i => say(stage, $"clip {i}/{request.EvalClips} done")), cancellationToken, videoPanels);

    /// <summary>Clips one training step sees (batch × accumulation).</summary>
    private int ClipsPerStep => trainerOptions.Value.BatchSize * trainerOptions.Value.GradientAccumulation;

    private DemoPlan SizeToBudget(DemoRequest request, string trainDir, string root, TimeSpan left, bool normals, int normalsSteps, TimeSpan dataTime,
        Action<string, string> say, CancellationToken cancellationToken)
    {
        // A short throw-away run over the same data and tasks measures a step (the first, which builds caches, is left out).
        var calibrationDir = Path.Combine(root, ".calibration");
        var trainer = training.CreateTrainer();
        trainer.Options.Steps = CalibrationSteps;
        trainer.Options.Seed = request.Seed;
        trainer.Options.CheckpointEvery = CalibrationSteps;
        var seconds = new List<double>();
        try
        {
            trainer.Run(new TrainingRunRequest { DataDirectory = trainDir, RunDirectory = calibrationDir, Force = true },
                new InlineProgress<TrainingProgress>(p => { if (p.Metric is { Step: > 1 } m) seconds.Add(m.Seconds); }), cancellationToken);
        }
        finally
        {
            FolderSwap.DeleteTree(calibrationDir);
        }
        // Every task runs RGB and one modality through the model, so steps cost alike; the slow ones are those that
        // first touch a modality and encode its clips into the cache. The fastest step, plus a margin, is the cost.
        var perStep = seconds.Count > 0 ? seconds.Min() * StepMargin : 1.0;

        // Evaluation samples, per modality and clip, two videos (control, joint) with the sampler's steps and four
        // estimates (from the clip, from another clip, back from each generated video) with the estimation steps; budget
        // it from the same step time (a sampler step is a forward pass of one clip; see ForwardPassesPerStep).
        var sampler = pipeline.Sampler(request.EvaluationSampling()).Options;   // as the evaluation below samples
        int ForwardPasses(string? modality) => 2 * sampler.StepsFor(estimation: false) + 4 * sampler.StepsFor(estimation: true, modality);
        var forwardPasses = ForwardPasses(null);                                                             // a modality without its own estimation steps (normals)
        var perForwardPass = perStep / ForwardPassesPerStep(ClipsPerStep);
        var evalSeconds = request.EvalClips * enabled.Names.Sum(ForwardPasses) * perForwardPass;
        // The normals section: two runs of one modality (a step costs about a step here: RGB and one modality, times
        // what the shipped model's tokenisation costs over this model's), each evaluated for that modality alone, and
        // its clips synthesised (at the data stage's rate per clip).
        var normalsCost = normals && ShippedModels.Find(ShippedModels.Names[0]) is { } shipped
            ? NormalsDemo.CostRatio(InitialWeights.ConfigOf(shipped), modelConfig.Value)
            : 1;
        var normalsSeconds = normals
            ? (normalsCost * ((2 * normalsSteps * perStep) + (2 * request.EvalClips * forwardPasses * perForwardPass)))
              + (dataTime.TotalSeconds * (NormalsDemo.TrainClips(request) + request.TestClips) / (request.TrainClips + request.TestClips))
            : 0;
        var trainSeconds = left.TotalSeconds - evalSeconds - normalsSeconds - ReserveSeconds;
        var steps = Math.Max(MinimumSteps, (int)(trainSeconds / perStep));
        say("calibrate", string.Create(CultureInfo.InvariantCulture,
            $"{perStep:0.00} s per training step; {steps} steps fit the budget (≈{evalSeconds / 60:0.0} min kept for evaluation{(normals ? string.Create(CultureInfo.InvariantCulture, $", ≈{normalsSeconds / 60:0.0} min for the normals section") : "")})"));
        return new DemoPlan(steps, perStep, evalSeconds + normalsSeconds);
    }

    /// <summary>True for a folder an earlier demo wrote: its training set or its run is there.</summary>
    public static bool IsDemoFolder(string folder) =>
        OutputGuard.HoldsDataset(Path.Combine(folder, "data", "train")) || File.Exists(Path.Combine(folder, "run", Trainer.ConfigFile))
        || File.Exists(Path.Combine(folder, "run", Trainer.MetricsFile));

    /// <summary>Checks a request's values.</summary>
    /// <exception cref="ArgumentException">A value is out of range (the message names the option).</exception>
    public static void Validate(DemoRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!(r.Minutes > 0)) throw new ArgumentException($"--minutes must be positive (got {r.Minutes.ToString(CultureInfo.InvariantCulture)}).");
        if (r.TrainClips < 8) throw new ArgumentException($"--train-clips must be at least 8 (got {r.TrainClips}).");
        if (!SyntheticOptions.IsValidFps(r.Fps)) throw new ArgumentException($"--fps must be in (0, 1000] (got {r.Fps.ToString(CultureInfo.InvariantCulture)}).");
        if (r.EvalClips < 1 || r.EvalClips > r.TestClips) throw new ArgumentException($"--eval-clips must be between 1 and the {r.TestClips} held-out clips (got {r.EvalClips}).");
        if (r.SamplerSteps < 1) throw new ArgumentException($"--sampler-steps must be at least 1 (got {r.SamplerSteps}).");
        if (r.Steps is < 1) throw new ArgumentException($"--steps must be at least 1 (got {r.Steps}).");
        if (r.NormalsSteps < 1) throw new ArgumentException($"--normals-steps must be at least 1 (got {r.NormalsSteps}).");
    }

}

/// <summary>One progress line of the demo: the stage it is in and what just happened.</summary>
/// <param name="Stage">data, calibrate, train, eval or report.</param>
/// <param name="Message">Human-readable status.</param>
public sealed record DemoProgress(string Stage, string Message);

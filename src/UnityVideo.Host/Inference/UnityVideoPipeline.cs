using UnityVideo.Core;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;
using Microsoft.Extensions.Options;
using UnityVideo.Host.Options;
using UnityVideo.Host.Plugins;
using UnityVideo.Host.Training;

namespace UnityVideo.Host.Inference;

/// <summary>
/// Inference as a service (registered by <c>AddUnityVideo</c>): loads checkpoints against the loaded plugins, on
/// the configured device (<c>Runtime:Device</c>), with the <c>Sampling</c> defaults, and runs estimation,
/// generation and the UniBench evaluation. The last loaded checkpoint stays in memory for the next call.
/// Calls are serialised (one model, one sampling run at a time); the async ones sample on the thread pool.
/// </summary>
public sealed class UnityVideoPipeline(PluginCatalog catalog, ModalityRegistry enabled, IOptions<SamplerOptions> sampling, IOptions<RuntimeOptions> runtime, IOptions<ModelPresets> presets) : IDisposable
{
    /// <summary>Frame rate given to generated videos.</summary>
    public const double GeneratedFps = 8;

    private readonly SemaphoreSlim gate = new(1, 1);
    private IInferenceModel? cached;
    private DateTime cachedStamp;

    /// <summary>Every loaded plugin's modalities, annotators and metrics (a checkpoint may use any of them).</summary>
    public ModalityRegistry Plugins => catalog.All;

    /// <summary>Estimates modalities from one clip's RGB; see <see cref="Estimate"/>.</summary>
    public Task<InferenceResult> EstimateAsync(EstimationRequest request, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => EstimateCore(request, progress, cancellationToken), cancellationToken);

    /// <summary>Generates a clip; see <see cref="Generate"/>.</summary>
    public Task<InferenceResult> GenerateAsync(GenerationRequest request, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        SerialisedAsync(() => GenerateCore(request, progress, cancellationToken), cancellationToken);

    /// <summary>
    /// Estimates every requested modality from the input's RGB (one sampling run each, the same seed). The result's
    /// RGB is the input.
    /// </summary>
    /// <exception cref="InferenceException">Bad checkpoint, unknown modality, or an input of the wrong size.</exception>
    /// <exception cref="DatasetFormatException">The input clip file is unreadable.</exception>
    /// <exception cref="VideoFormatException">The input video is unreadable or shorter than the model's frames.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked before every solver step).</exception>
    public InferenceResult Estimate(EstimationRequest request, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Serialised(() => EstimateCore(request, progress, cancellationToken), cancellationToken);

    private InferenceResult EstimateCore(EstimationRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Modalities.Count == 0) throw new InferenceException("no modality to estimate was given.");
        var model = LoadCore(request.Checkpoint);
        foreach (var m in request.Modalities) model.Modality(m);
        var (options, seed) = EstimationSampler(request.Sampling);
        if (IsVideo(request)) return EstimateVideo(request, model, options, seed, progress, cancellationToken);
        var (rgb, context, fps) = ReadInput(request, model);
        context = context with { ModalityPrompt = request.ModalityPrompt };
        var outputs = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var m in request.Modalities.Distinct(StringComparer.Ordinal))
                outputs[m] = model.Estimate(rgb, m, options, seed, context, cancellationToken, Steps(progress, $"estimate {m}", options.StepsFor(estimation: true, m)));
            return new InferenceResult(rgb, outputs, context, model.Describe(), fps);
        }
        catch
        {
            rgb.Dispose();
            foreach (var t in outputs.Values) t.Dispose();
            throw;
        }
    }

    // Windows a request's video is estimated in (1 for a clip file or given frames), from the frame count the
    // container reports.
    private int EstimationWindows(EstimationRequest request)
    {
        if (!IsVideo(request)) return 1;
        var model = Load(request.Checkpoint);
        var frames = VideoReader.Probe(request.Input!).FrameCount;
        return WindowedEstimation.Starts(Math.Max(frames, 1), model.Frames, OverlapOf(request, model)).Count;
    }

    /// <summary>
    /// Solver steps a request's estimate takes in all (each modality's estimation steps, in every window): for a
    /// progress total before the work starts.
    /// </summary>
    /// <exception cref="VideoFormatException">The video cannot be read.</exception>
    public int EstimationTotalSteps(EstimationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = EstimationSampler(request.Sampling).Options;
        return request.Modalities.Sum(m => options.StepsFor(estimation: true, m)) * EstimationWindows(request);
    }

    private static bool IsVideo(EstimationRequest request) =>
        request.Rgb is null && request.Input is { } path && !path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    private static int OverlapOf(EstimationRequest request, IInferenceModel model)
    {
        var overlap = request.Overlap ?? model.Frames / 2;
        if (overlap < 0 || overlap >= model.Frames)
            throw new InferenceException($"the window overlap must be 0…{model.Frames - 1} frames for this model (T = {model.Frames}); got {overlap}.");
        return overlap;
    }

    /// <summary>
    /// A whole video: every frame, in overlapping windows of the model's T frames stitched by
    /// <see cref="WindowedEstimation"/>; a video shorter than T is padded with its last frame for the model and
    /// trimmed back. The result's RGB is the input at the output size; its modalities are at the model's size
    /// (<see cref="InferenceFiles"/> upsamples them to the RGB's size when writing).
    /// </summary>
    private InferenceResult EstimateVideo(EstimationRequest request, IInferenceModel model, SamplerOptions options, long seed,
        IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        var path = request.Input!;
        if (!File.Exists(path)) throw new InferenceException($"input '{path}' does not exist.");
        var overlap = OverlapOf(request, model);
        var native = request.Size == EstimationSize.Native;
        int t = model.Frames, h = model.Height, w = model.Width;
        using var video = native
            ? VideoReader.ReadAll(path, maxFrames: request.MaxFrames ?? int.MaxValue, cancellationToken: cancellationToken)
            : VideoReader.ReadAll(path, h, w, request.MaxFrames ?? int.MaxValue, cancellationToken);
        var n = (int)video.Frames.shape[0];
        var outputs = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var context = model.Context() with { ModalityPrompt = request.ModalityPrompt };
        try
        {
            using (var scope = torch.NewDisposeScope())
            {
                var input = native ? ResizeArea(video.Frames, h, w) : video.Frames;                          // [N, h, w, 3]
                if (n < t) input = torch.cat([input, input.narrow(0, n - 1, 1).expand(t - n, h, w, 3)], 0);  // [T, h, w, 3]
                var starts = WindowedEstimation.Starts(Math.Max(n, t), t, overlap);
                foreach (var m in request.Modalities.Distinct(StringComparer.Ordinal))
                {
                    var codec = model.Modality(m).Codec!;
                    var windows = new List<torch.Tensor>();
                    for (var i = 0; i < starts.Count; i++)
                    {
                        using var window = input.narrow(0, starts[i], t).contiguous();                          // [T, h, w, 3]
                        using var stored = model.Estimate(window, m, options, seed, context, cancellationToken,
                            Steps(progress, $"estimate {m}", options.StepsFor(estimation: true, m), i + 1, starts.Count));
                        windows.Add(codec.Encode(stored, context));                                            // [C, T, h, w]
                    }
                    var stitched = WindowedEstimation.Stitch(windows, starts, Math.Max(n, t)).narrow(1, 0, n);   // [C, N, h, w]
                    outputs[m] = codec.Decode(stitched.contiguous(), context with { Frames = n }).cpu().MoveToOuterDisposeScope();
                }
            }
            return new InferenceResult(video.Frames.clone(), outputs, context with { Frames = n }, model.Describe(), video.Fps);
        }
        catch
        {
            foreach (var o in outputs.Values) o.Dispose();
            throw;
        }
    }

    /// <summary>Frames <c>[N, H, W, 3]</c> uint8 resized whole (area filter, no crop) to <paramref name="height"/> × <paramref name="width"/>.</summary>
    private static torch.Tensor ResizeArea(torch.Tensor frames, int height, int width)
    {
        var parts = new List<torch.Tensor>();
        for (long from = 0; from < frames.shape[0]; from += 32)
        {
            var chunk = frames.narrow(0, from, Math.Min(32, frames.shape[0] - from)).permute(0, 3, 1, 2).to(torch.float32); // [n, 3, H, W]
            var small = torch.nn.functional.interpolate(chunk, [height, width], mode: torch.InterpolationMode.Area);                    // [n, 3, h, w]
            parts.Add(small.round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1));                                        // [n, h, w, 3]
        }
        return torch.cat(parts, 0).contiguous();
    }

    /// <summary>
    /// Joint generation of RGB and the requested modalities from the prompt; or, with a control file, RGB generated
    /// from that modality video (the result then holds the control under its modality).
    /// </summary>
    /// <exception cref="InferenceException">Bad checkpoint, unknown modality, or a control file without the modality's tensor.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked before every solver step).</exception>
    public InferenceResult Generate(GenerationRequest request, IProgress<InferenceProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Serialised(() => GenerateCore(request, progress, cancellationToken), cancellationToken);

    private InferenceResult GenerateCore(GenerationRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = LoadCore(request.Checkpoint);
        foreach (var m in request.Modalities) model.Modality(m);
        var (options, seed) = Sampler(request.Sampling);
        var context = model.Context();
        var controls = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            IReadOnlyList<string> generate;
            if (request.Control is { } controlPath)
            {
                var name = ControlModality(model, controlPath, request.Modalities);
                controls[name] = ReadControl(model, controlPath, name);
                generate = [];
            }
            else
            {
                generate = request.Modalities.Count > 0 ? request.Modalities.Distinct(StringComparer.Ordinal).ToList() : model.Modalities.Names;
            }
            var label = controls.Count > 0 ? $"generate rgb from {string.Join("+", controls.Keys)}" : $"generate rgb+{string.Join("+", generate)}";
            using var clip = model.Generate(request.Prompt, generate, controls, options, seed, context, cancellationToken, Steps(progress, label, options.Steps));
            var modalities = clip.Modalities.ToDictionary(p => p.Key, p => p.Value.alias(), StringComparer.Ordinal);
            return new InferenceResult(clip.Rgb.alias(), modalities, context, model.Describe(), GeneratedFps);
        }
        finally
        {
            foreach (var t in controls.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Runs UniBench (<see cref="Benchmark"/>) on the first <paramref name="clips"/> clips of a dataset (0: all) for
    /// the enabled modalities the checkpoint knows, writing report.json, report.md and panels to
    /// <paramref name="outputDirectory"/>. Progress counts finished clips.
    /// </summary>
    /// <exception cref="InferenceException">Bad checkpoint, an existing report (without <paramref name="force"/>), or clips of the wrong size.</exception>
    public BenchmarkReport Evaluate(string checkpoint, string dataDirectory, string outputDirectory, int clips = 0, SamplingOverrides? sampling = null, bool force = false,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default, bool videoPanels = true, int panelClips = 2) =>
        Serialised(() => EvaluateCore(checkpoint, dataDirectory, outputDirectory, clips, sampling, force, progress, cancellationToken, videoPanels, panelClips), cancellationToken);

    private BenchmarkReport EvaluateCore(string checkpoint, string dataDirectory, string outputDirectory, int clips, SamplingOverrides? sampling, bool force,
        IProgress<int>? progress, CancellationToken cancellationToken, bool videoPanels, int panelClips)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var model = LoadCore(checkpoint);
        if (!Directory.Exists(dataDirectory)) throw new InferenceException($"dataset folder '{Path.GetFullPath(dataDirectory)}' does not exist.");
        var dataset = ClipDataset.Open(dataDirectory);
        var (options, seed) = Sampler(sampling ?? new SamplingOverrides());
        return Benchmark.Run(model, dataset, Plugins, new BenchmarkOptions
        {
            OutputDirectory = outputDirectory, Clips = clips, Sampler = options, Seed = seed, Force = force,
            Modalities = enabled.Names, VideoPanels = videoPanels, PanelClips = panelClips,
        }, progress, cancellationToken);
    }

    /// <summary>
    /// A learning curve: UniBench (<see cref="Evaluate"/>) of <paramref name="checkpoints"/> of the run in
    /// <paramref name="runDirectory"/> (<see cref="RunCheckpoints.List"/>, <see cref="RunCheckpoints.Select"/>) on the
    /// same clips, each into <c>step-NNNNNN/</c> of <paramref name="outputDirectory"/>, then curve.json, curve.md and
    /// one plot per modality. Progress counts finished clips over all checkpoints.
    /// </summary>
    /// <exception cref="InferenceException">No checkpoint, a missing dataset, or existing curve files (without <paramref name="force"/>).</exception>
    public LearningCurve EvaluateRun(string runDirectory, IReadOnlyList<RunCheckpoint> checkpoints, string dataDirectory, string outputDirectory, int clips = 0,
        SamplingOverrides? sampling = null, bool force = false, IProgress<int>? progress = null, CancellationToken cancellationToken = default, bool videoPanels = true,
        int panelClips = 2)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        if (checkpoints.Count == 0) throw new InferenceException($"no checkpoint of '{Path.GetFullPath(runDirectory)}' to evaluate.");
        var outDir = Path.GetFullPath(outputDirectory);
        var existing = new[] { LearningCurve.JsonFile, LearningCurve.MarkdownFile }.Select(f => Path.Combine(outDir, f)).FirstOrDefault(File.Exists);
        if (existing is not null && !force) throw new OutputExistsException(existing, option: null, holds: null);
        if (!Directory.Exists(dataDirectory)) throw new InferenceException($"dataset folder '{Path.GetFullPath(dataDirectory)}' does not exist.");
        var count = ClipDataset.Open(dataDirectory).Count;
        var perPoint = clips > 0 ? Math.Min(clips, count) : count;

        var points = new List<LearningCurvePoint>();
        foreach (var c in checkpoints)
        {
            var folder = Path.GetFileNameWithoutExtension(c.Path); // step-NNNNNN
            var done = points.Count * perPoint;
            var clipProgress = progress is null ? null : new InlineProgress<int>(n => progress.Report(done + n));
            var report = Evaluate(c.Path, dataDirectory, Path.Combine(outDir, folder), clips, sampling, force, clipProgress, cancellationToken, videoPanels, panelClips);
            points.Add(new LearningCurvePoint(c, folder, report));
        }
        var curve = new LearningCurve { Run = Path.GetFullPath(runDirectory), Data = Path.GetFullPath(dataDirectory), Points = points };
        LearningCurvePlot.Save(curve, outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, LearningCurve.JsonFile), curve.ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.WriteAllText(Path.Combine(outDir, LearningCurve.MarkdownFile), curve.ToMarkdown());
        return curve;
    }

    /// <summary>
    /// The model of <paramref name="checkpoint"/> on the configured device; reused while the file is unchanged. The
    /// pipeline owns it (do not dispose it).
    /// </summary>
    /// <exception cref="InferenceException">The checkpoint is missing, unreadable, or needs a plugin that is not loaded.</exception>
    public IInferenceModel Load(string checkpoint) => Serialised(() => LoadCore(checkpoint), CancellationToken.None);

    private IInferenceModel LoadCore(string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        checkpoint = ShippedModels.Resolve(checkpoint);
        var full = Path.GetFullPath(checkpoint);
        var stamp = File.Exists(full) ? File.GetLastWriteTimeUtc(full) : default;
        if (cached is not null && cached.Path == full && cachedStamp == stamp) return cached;
        if (runtime.Value.Threads > 0) torch.set_num_threads(runtime.Value.Threads);
        var device = TrainingService.ResolveDevice(runtime.Value.Device);
        // The checkpoint says its backbone: a Wan model also needs its VAE and text embeddings (Model:Wan:Vae, :TextEmbeddings).
        IInferenceModel model = WanInferenceModel.IsWan(checkpoint)
            ? WanInferenceModel.Load(checkpoint, Plugins, presets.Value.Wan, device)
            : InferenceModel.Load(checkpoint, Plugins, device);
        cached?.Dispose();
        (cached, cachedStamp) = (model, stamp);
        return model;
    }

    /// <summary>The Core sampler settings for the configured <c>Sampling</c> defaults and <paramref name="overrides"/>, and the seed.</summary>
    public (SamplerOptions Options, long Seed) Sampler(SamplingOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var d = sampling.Value;
        var options = d with
        {
            Steps = overrides.Steps ?? d.Steps,
            Sampler = overrides.Sampler ?? d.Sampler,
            CfgScale = overrides.CfgScale ?? d.CfgScale,
            Seed = overrides.Seed ?? d.Seed,
        };
        var errors = options.Validate();
        if (errors.Count > 0) throw new InferenceException("invalid sampling settings: " + string.Join(" ", errors));
        return (options, options.Seed);
    }

    /// <summary>
    /// <see cref="Sampler"/> for a request that only estimates: steps asked for with it (<c>estimate --steps</c>) are
    /// the estimate's, for every modality; without them <c>Sampling:EstimationSteps</c> and
    /// <c>Sampling:EstimationStepsByModality</c> apply.
    /// </summary>
    public (SamplerOptions Options, long Seed) EstimationSampler(SamplingOverrides overrides)
    {
        var (options, seed) = Sampler(overrides);
        if (overrides.Steps is { } asked)
        {
            options.EstimationSteps = asked;
            options.EstimationStepsByModality = new(StringComparer.OrdinalIgnoreCase); // asked for: every modality's
        }
        return (options, seed);
    }

    private static (torch.Tensor Rgb, ClipContext Context, double Fps) ReadInput(EstimationRequest request, IInferenceModel model)
    {
        if (request.Rgb is { } given)
        {
            model.RequireSize(given, "the RGB input");
            return (given.cpu().clone(), model.Context(), GeneratedFps);
        }
        var path = request.Input ?? throw new InferenceException("no input was given (a clip file or RGB frames).");
        if (!File.Exists(path)) throw new InferenceException($"input '{path}' does not exist.");
        using var clip = ClipFile.Read(path, keep: new HashSet<string>()); // the RGB only: other tensors may be large and are not needed
        model.RequireSize(clip.Rgb, $"input '{path}'");
        return (clip.Rgb.clone(), ClipPreview.ContextOf(clip), clip.Metadata.Fps);
    }

    private static string ControlModality(IInferenceModel model, string path, IReadOnlyList<string> asked)
    {
        if (asked.Count > 1) throw new InferenceException($"a control file conditions on one modality; {asked.Count} were given ({string.Join(", ", asked)}).");
        if (asked.Count == 1) return asked[0];
        if (!File.Exists(path)) throw new InferenceException($"control file '{path}' does not exist.");
        if (IsControlVideo(path)) throw new InferenceException($"control video '{path}' does not say which modality it shows; name it (--modality, e.g. depth).");
        if (!File.Exists(path)) throw new InferenceException($"control file '{path}' does not exist.");
        using var reader = OpenControl(path);
        var held = model.Modalities.Modalities.Where(d => reader.Tensors.ContainsKey(d.StorageKey)).Select(d => d.Name).ToList();
        return held.Count == 1 ? held[0]
            : throw new InferenceException(held.Count == 0
                ? $"control file '{path}' holds none of the checkpoint's modalities ({string.Join(", ", model.Modalities.Names)}); it holds: {string.Join(", ", reader.Tensors.Keys)}."
                : $"control file '{path}' holds several of the checkpoint's modalities ({string.Join(", ", held)}); name the control's modality.");
    }

    private static torch.Tensor ReadControl(IInferenceModel model, string path, string modality)
    {
        if (!File.Exists(path)) throw new InferenceException($"control file '{path}' does not exist.");
        var d = model.Modality(modality);
        if (IsControlVideo(path)) return ReadControlVideo(model, path, d);
        using var reader = OpenControl(path);
        if (!reader.Tensors.ContainsKey(d.StorageKey))
            throw new InferenceException($"control file '{path}' has no tensor '{d.StorageKey}' (modality '{modality}'); it holds: {string.Join(", ", reader.Tensors.Keys)}.");
        try
        {
            return reader.ReadTensor(d.StorageKey);
        }
        catch (SafetensorsFormatException e)
        {
            throw new InferenceException($"control file '{path}': {e.Problem}.", e);
        }
        catch (NotSupportedException e)
        {
            throw new InferenceException($"control file '{path}': tensor '{d.StorageKey}' cannot be read ({e.Message}).", e);
        }
    }

    private static bool IsControlVideo(string path) => !path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A modality video (e.g. <c>depth.mp4</c> from <c>estimate</c>) read back through the plugin's
    /// <see cref="IVisualizationReader"/>. Its frames are fitted to the model's size like any video input (scaled to
    /// cover, centre-cropped); its frame count must be the model's T: a control says what happens in every generated
    /// frame, and stretching or cutting it in time would change the motion it describes.
    /// </summary>
    private static torch.Tensor ReadControlVideo(IInferenceModel model, string path, ModalityDescriptor d)
    {
        if (d.Visualizer is not IVisualizationReader reader)
            throw new InferenceException($"the '{d.Name}' plugin cannot read a video of its visualization back; give a clip file (.safetensors) holding '{d.StorageKey}' as the control.");
        using var video = VideoReader.ReadAll(path, model.Height, model.Width, maxFrames: Math.Max(model.Frames, 4096));
        var frames = (int)video.Frames.shape[0];
        if (frames != model.Frames)
            throw new InferenceException($"control video '{path}' has {frames} frames; the model generates {model.Frames}. Cut or pad it to {model.Frames} frames (e.g. ffmpeg -i IN -frames:v {model.Frames} OUT.mp4).");
        var stored = reader.Read(video.Frames, model.Context());
        return stored;
    }

    private static SafetensorsReader OpenControl(string path)
    {
        try
        {
            return SafetensorsReader.Open(path);
        }
        catch (SafetensorsFormatException e)
        {
            throw new InferenceException($"control file '{path}' cannot be read: {e.Problem}.", e);
        }
    }

    private static IProgress<int>? Steps(IProgress<InferenceProgress>? progress, string stage, int total, int window = 1, int windows = 1) =>
        progress is null ? null : new InlineProgress<int>(n => progress.Report(new InferenceProgress { Stage = stage, Step = n, TotalSteps = total, Window = window, Windows = windows }));

    private T Serialised<T>(Func<T> work, CancellationToken cancellationToken)
    {
        gate.Wait(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<T> SerialisedAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Sampling is CPU/GPU-bound: run it off the caller's thread; tensors never leave it inside a dispose scope.
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        cached?.Dispose();
        cached = null;
        gate.Dispose();
    }

}

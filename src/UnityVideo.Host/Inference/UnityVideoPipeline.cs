using UnityVideo.Core;
using TorchSharp;
using UnityVideo.Abstractions;
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
public sealed class UnityVideoPipeline(PluginCatalog catalog, ModalityRegistry enabled, IOptions<SamplerOptions> sampling, IOptions<RuntimeOptions> runtime) : IDisposable
{
    /// <summary>Frame rate given to generated videos.</summary>
    public const double GeneratedFps = 8;

    private readonly SemaphoreSlim gate = new(1, 1);
    private InferenceModel? cached;
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
        var (rgb, context, fps) = ReadInput(request, model);
        context = context with { ModalityPrompt = request.ModalityPrompt };
        var (options, seed) = EstimationSampler(request.Sampling);
        var outputs = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var m in request.Modalities.Distinct(StringComparer.Ordinal))
                outputs[m] = model.Estimate(rgb, m, options, seed, context, cancellationToken, Steps(progress, $"estimate {m}", options.StepsFor(estimation: true)));
            return new InferenceResult(rgb, outputs, context, model.Describe(), fps);
        }
        catch
        {
            rgb.Dispose();
            foreach (var t in outputs.Values) t.Dispose();
            throw;
        }
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
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Serialised(() => EvaluateCore(checkpoint, dataDirectory, outputDirectory, clips, sampling, force, progress, cancellationToken), cancellationToken);

    private BenchmarkReport EvaluateCore(string checkpoint, string dataDirectory, string outputDirectory, int clips, SamplingOverrides? sampling, bool force,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var model = LoadCore(checkpoint);
        if (!Directory.Exists(dataDirectory)) throw new InferenceException($"dataset folder '{Path.GetFullPath(dataDirectory)}' does not exist.");
        var dataset = ClipDataset.Open(dataDirectory);
        var (options, seed) = Sampler(sampling ?? new SamplingOverrides());
        return Benchmark.Run(model, dataset, Plugins, new BenchmarkOptions
        {
            OutputDirectory = outputDirectory, Clips = clips, Sampler = options, Seed = seed, Force = force,
            Modalities = enabled.Names,
        }, progress, cancellationToken);
    }

    /// <summary>
    /// The model of <paramref name="checkpoint"/> on the configured device; reused while the file is unchanged. The
    /// pipeline owns it (do not dispose it).
    /// </summary>
    /// <exception cref="InferenceException">The checkpoint is missing, unreadable, or needs a plugin that is not loaded.</exception>
    public InferenceModel Load(string checkpoint) => Serialised(() => LoadCore(checkpoint), CancellationToken.None);

    private InferenceModel LoadCore(string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var full = Path.GetFullPath(checkpoint);
        var stamp = File.Exists(full) ? File.GetLastWriteTimeUtc(full) : default;
        if (cached is not null && cached.Path == full && cachedStamp == stamp) return cached;
        if (runtime.Value.Threads > 0) torch.set_num_threads(runtime.Value.Threads);
        var model = InferenceModel.Load(checkpoint, Plugins, TrainingService.ResolveDevice(runtime.Value.Device));
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
    /// the estimate's; without them <c>Sampling:EstimationSteps</c> applies.
    /// </summary>
    public (SamplerOptions Options, long Seed) EstimationSampler(SamplingOverrides overrides)
    {
        var (options, seed) = Sampler(overrides);
        if (overrides.Steps is { } asked) options.EstimationSteps = asked;
        return (options, seed);
    }

    private static (torch.Tensor Rgb, ClipContext Context, double Fps) ReadInput(EstimationRequest request, InferenceModel model)
    {
        if (request.Rgb is { } given)
        {
            model.RequireSize(given, "the RGB input");
            return (given.cpu().clone(), model.Context(), GeneratedFps);
        }
        var path = request.Input ?? throw new InferenceException("no input was given (a clip file or RGB frames).");
        if (!File.Exists(path)) throw new InferenceException($"input '{path}' does not exist.");
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            // A video: its first T frames, area-resized and centre-cropped to the model's size.
            using var video = VideoReader.ReadClip(path, new VideoSampling { Frames = model.Frames, Height = model.Height, Width = model.Width });
            return (video.Frames.clone(), model.Context(), video.Fps);
        }
        using var clip = ClipFile.Read(path);
        model.RequireSize(clip.Rgb, $"input '{path}'");
        return (clip.Rgb.clone(), ClipPreview.ContextOf(clip), clip.Metadata.Fps);
    }

    private static string ControlModality(InferenceModel model, string path, IReadOnlyList<string> asked)
    {
        if (asked.Count > 1) throw new InferenceException($"a control file conditions on one modality; {asked.Count} were given ({string.Join(", ", asked)}).");
        if (asked.Count == 1) return asked[0];
        if (!File.Exists(path)) throw new InferenceException($"control file '{path}' does not exist.");
        using var reader = OpenControl(path);
        var held = model.Modalities.Modalities.Where(d => reader.Tensors.ContainsKey(d.StorageKey)).Select(d => d.Name).ToList();
        return held.Count == 1 ? held[0]
            : throw new InferenceException(held.Count == 0
                ? $"control file '{path}' holds none of the checkpoint's modalities ({string.Join(", ", model.Modalities.Names)}); it holds: {string.Join(", ", reader.Tensors.Keys)}."
                : $"control file '{path}' holds several of the checkpoint's modalities ({string.Join(", ", held)}); name the control's modality.");
    }

    private static torch.Tensor ReadControl(InferenceModel model, string path, string modality)
    {
        if (!File.Exists(path)) throw new InferenceException($"control file '{path}' does not exist.");
        var d = model.Modality(modality);
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

    private static IProgress<int>? Steps(IProgress<InferenceProgress>? progress, string stage, int total) =>
        progress is null ? null : new InlineProgress<int>(n => progress.Report(new InferenceProgress { Stage = stage, Step = n, TotalSteps = total }));

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

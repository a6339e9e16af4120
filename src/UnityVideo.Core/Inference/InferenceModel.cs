using System.Globalization;
using System.Text.Json;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Inference;

/// <summary>
/// A trained model ready to sample: the weights of a model checkpoint (<c>unityvideo.dit</c>, e.g. a run's
/// <c>model.safetensors</c>) or of a training checkpoint (<c>unityvideo.train</c>, whose EMA weights are used when
/// present), with the descriptors of the modalities it was trained on. Runs the three tasks: estimation (RGB given),
/// conditional generation (a modality given) and joint generation (nothing given). Inputs and outputs are in
/// stored form (RGB <c>[T, H, W, 3]</c> uint8, a modality as its codec stores it), on the CPU.
/// </summary>
public sealed class InferenceModel : IInferenceModel
{
    private readonly PromptTokenizer tokenizer;

    private InferenceModel(string path, UnityDiT model, ModalityRegistry modalities, string weights, int? step)
    {
        Path = path;
        Model = model;
        Modalities = modalities;
        Weights = weights;
        Step = step;
        tokenizer = new PromptTokenizer(model.Config.MaxPromptTokens);
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>The network (in eval mode).</summary>
    public UnityDiT Model { get; }

    /// <summary>The checkpoint's modalities, in the checkpoint's order.</summary>
    public ModalityRegistry Modalities { get; }

    /// <summary>Which weights were loaded: "ema" (averaged), "raw" (the optimiser's latest) or "as saved" (unknown).</summary>
    public string Weights { get; }

    /// <summary>Training step of the weights, when the checkpoint records it.</summary>
    public int? Step { get; }

    /// <summary>Frames T of the clips the model was trained on.</summary>
    public int Frames => Model.Config.Frames;

    /// <summary>Frame height of the clips the model was trained on.</summary>
    public int Height => Model.Config.Height;

    /// <summary>Frame width of the clips the model was trained on.</summary>
    public int Width => Model.Config.Width;

    /// <summary>One line for logs: file, step, weights.</summary>
    public string Describe() => Step is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{Path} (step {s}, {Weights} weights)")
        : $"{Path} ({Weights} weights)";

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Loading
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Loads <paramref name="path"/>. Every modality of the checkpoint must be in <paramref name="registry"/> (the
    /// loaded plugins) with the same channel count; every tensor of the model must be present with its shape.
    /// </summary>
    /// <exception cref="InferenceException">Missing or unreadable file, an absent plugin, or mismatching weights.</exception>
    public static InferenceModel Load(string path, ModalityRegistry registry, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(registry);
        if (!File.Exists(path)) throw new InferenceException($"checkpoint '{path}' does not exist.");

        // 1. Header: format, model configuration, streams
        DiTConfig config;
        Dictionary<string, int> streams;
        bool hasEma;
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            using var reader = SafetensorsReader.Open(path);
            metadata = reader.Metadata;
            var format = metadata.GetValueOrDefault(CheckpointFormat.FormatKey);
            if (format is not (CheckpointFormat.Model or CheckpointFormat.Training))
                throw new InferenceException($"checkpoint '{path}' is not a UnityVideo checkpoint (format '{format ?? "none"}', expected '{CheckpointFormat.Model}' or '{CheckpointFormat.Training}').");
            if (!metadata.TryGetValue(CheckpointFormat.ConfigKey, out var configJson) || !metadata.TryGetValue(CheckpointFormat.StreamsKey, out var streamsJson))
                throw new InferenceException($"checkpoint '{path}' lacks its '{CheckpointFormat.ConfigKey}'/'{CheckpointFormat.StreamsKey}' metadata.");
            config = CheckpointChecks.Config(path, configJson);
            streams = CheckpointChecks.Streams(path, streamsJson);
            CheckpointChecks.Shapes(reader, config, streams.Keys); // before the model is built: a lying header is an error, not an OOM
            hasEma = reader.Tensors.Keys.Any(k => k.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal));
        }
        catch (SafetensorsFormatException e)
        {
            throw new InferenceException($"checkpoint '{path}' cannot be read: {e.Problem}.", e);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"checkpoint '{path}' cannot be read ({e.Message}).", e);
        }
        var configErrors = config.Validate();
        if (configErrors.Count > 0) throw new InferenceException($"checkpoint '{path}' holds an invalid model configuration: {string.Join(" ", configErrors)}");

        // 2. Every modality of the checkpoint must come from a loaded plugin, with the same channels
        var names = streams.Keys.Where(n => n != ModalityRegistry.Rgb).ToList();
        InferenceChecks.RequirePlugins(path, registry, names);
        foreach (var n in names)
            if (registry.Get(n).Channels != streams[n])
                throw new InferenceException($"checkpoint '{path}' has {streams[n]} channels for modality '{n}', but the loaded plugin's '{n}' has {registry.Get(n).Channels}.");
        var modalities = registry.Subset(names);

        // 3. Weights: the model's tensors, then the EMA average over the parameters when the file has one
        var model = new UnityDiT(config, modalities);
        try
        {
            var report = ModelCheckpoint.Load(path, model);
            // A training checkpoint also holds the EMA average and the optimiser's moments under their prefixes.
            var foreign = report.Unexpected.Where(k => !k.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal) && !k.StartsWith(CheckpointFormat.OptimizerPrefix, StringComparison.Ordinal)).ToList();
            if (report.Missing.Count > 0 || report.ShapeMismatches.Count > 0 || foreign.Count > 0)
            {
                var problems = new List<string>();
                if (report.Missing.Count > 0) problems.Add($"missing {report.Missing.Count} tensors (e.g. {string.Join(", ", report.Missing.Take(3))})");
                if (report.ShapeMismatches.Count > 0) problems.Add($"{report.ShapeMismatches.Count} of another shape (e.g. {report.ShapeMismatches[0]})");
                if (foreign.Count > 0) problems.Add($"{foreign.Count} unexpected (e.g. {string.Join(", ", foreign.Take(3))})");
                throw new InferenceException($"checkpoint '{path}' does not match the model it describes: {string.Join("; ", problems)}.");
            }
            if (hasEma) LoadEma(path, model);
            var (weights, step) = InferenceChecks.Provenance(metadata, hasEma);
            model.to(device ?? CPU);
            model.eval();
            return new InferenceModel(System.IO.Path.GetFullPath(path), model, modalities, weights, step);
        }
        catch (SafetensorsFormatException e)
        {
            model.Dispose();
            throw new InferenceException($"checkpoint '{path}' cannot be read: {e.Problem}.", e);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Copies a training checkpoint's EMA average into the parameters that have one (frozen ones have none).</summary>
    /// <exception cref="InferenceException">An EMA tensor of another shape.</exception>
    internal static void LoadEma(string path, nn.Module model)
    {
        using var reader = SafetensorsReader.Open(path);
        using var noGrad = no_grad();
        foreach (var (name, p) in model.named_parameters())
        {
            var key = CheckpointFormat.EmaPrefix + name;
            if (!reader.Tensors.TryGetValue(key, out var info)) continue; // frozen parameters have no average
            if (!info.Shape.SequenceEqual(p.shape))
                throw new InferenceException($"checkpoint '{path}': EMA tensor '{key}' has shape {info.ShapeText}, the model needs [{string.Join(", ", p.shape)}].");
            using var scope = NewDisposeScope();
            var stored = reader.ReadTensor(key);
            CheckpointChecks.Finite(path, key, stored);
            p.copy_(stored.to(p.dtype).to(p.device));
        }
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // The three tasks
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>The context of a clip of the model's size (no classes, default prompt).</summary>
    public ClipContext Context() => new() { Frames = Frames, Height = Height, Width = Width };

    /// <summary>The descriptor of <paramref name="modality"/>, or an error listing the checkpoint's modalities.</summary>
    /// <exception cref="InferenceException">The checkpoint does not know the modality, or its plugin has no codec.</exception>
    public ModalityDescriptor Modality(string modality)
    {
        var d = InferenceChecks.Known(Modalities, modality, Path);
        if (d.Codec is null) throw new InferenceException($"modality '{modality}' has no codec (its plugin provides none), so it cannot be sampled.");
        return d;
    }

    /// <summary>
    /// Estimation: <paramref name="modality"/> from RGB frames <c>[T, H, W, 3]</c> uint8 of the model's size, decoded
    /// to stored form (CPU). <paramref name="context"/> supplies classes and the modality prompt (e.g. "segment the
    /// persons"); by default the modality's first prompt.
    /// </summary>
    /// <exception cref="InferenceException">Unknown modality, or RGB of another size than the model's.</exception>
    public Tensor Estimate(Tensor rgb, string modality, SamplerOptions options, long seed, ClipContext? context = null,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(options);
        var d = Modality(modality);
        RequireSize(rgb, "the RGB input");
        context = (context ?? Context()) with { Frames = Frames, Height = Height, Width = Width };
        using var scope = NewDisposeScope();
        var device = Model.Device;
        long[] shape = [1, d.Channels, Frames, Height, Width];
        var streams = new[]
        {
            SampleStream.Given(ModalityRegistry.Rgb, RgbCodec.Encode(rgb.to(device)).unsqueeze(0)),             // [1, 3, T, H, W]
            SampleStream.Generate(d.Name, shape, tokenizer.Encode(context.ModalityPrompt ?? d.Prompts[0], 1, device)), // [1, C, T, H, W]
        };
        var result = FlowSampler.Sample(Model, streams, options, seed, cancellationToken, progress);
        var stored = d.Codec!.Decode(result[1][0], context);                                                  // stored form
        return stored.cpu().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Generation from a content prompt. Without <paramref name="controls"/>: joint generation of RGB and every
    /// modality of <paramref name="generate"/>. With controls (stored form, by modality): conditional generation
    /// of RGB (and of any modality in <paramref name="generate"/>) given those modalities. The result holds the
    /// RGB, the generated modalities and the controls, in stored form on the CPU.
    /// </summary>
    /// <exception cref="InferenceException">Unknown modality, or a control that its codec rejects.</exception>
    public GeneratedClip Generate(string prompt, IReadOnlyList<string> generate, IReadOnlyDictionary<string, Tensor>? controls, SamplerOptions options, long seed,
        ClipContext? context = null, CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(options);
        controls ??= new Dictionary<string, Tensor>();
        context = (context ?? Context()) with { Frames = Frames, Height = Height, Width = Width };
        InferenceChecks.RequireDisjoint(generate, controls.Keys);
        using var scope = NewDisposeScope();
        var device = Model.Device;
        var streams = new List<SampleStream> { SampleStream.Generate(ModalityRegistry.Rgb, [1, 3, Frames, Height, Width], tokenizer.Encode(prompt, 1, device)) };
        var order = new List<ModalityDescriptor>();
        foreach (var (name, stored) in controls)
        {
            var d = Modality(name);
            var (clean, controlPrompt) = Control(d, stored, context, device);
            streams.Add(SampleStream.Given(d.Name, clean, controlPrompt));                                         // [1, C, T, H, W]
            order.Add(d);
        }
        foreach (var name in generate)
        {
            var d = Modality(name);
            streams.Add(SampleStream.Generate(d.Name, [1, d.Channels, Frames, Height, Width], tokenizer.Encode(context.ModalityPrompt ?? d.Prompts[0], 1, device)));
            order.Add(d);
        }
        var result = FlowSampler.Sample(Model, streams, options, seed, cancellationToken, progress);
        var rgb = RgbCodec.Decode(result[0][0]).cpu();                                                        // [T, H, W, 3]
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            var d = order[i];
            outputs[d.Name] = controls.TryGetValue(d.Name, out var given) ? given.cpu().clone() : d.Codec!.Decode(result[i + 1][0], context).cpu();
        }
        rgb.MoveToOuterDisposeScope();
        foreach (var t in outputs.Values) t.MoveToOuterDisposeScope();
        return new GeneratedClip(rgb, outputs);
    }

    /// <summary>
    /// Held-out flow-matching loss of the RGB stream: the clip's RGB <c>[T, H, W, 3]</c> uint8 noised to time
    /// <paramref name="t"/> with noise drawn from <paramref name="seed"/>, captioned with <paramref name="caption"/>,
    /// beside the clean <paramref name="controls"/> (stored form, by modality; none: text-to-video). Returns the mean
    /// squared error of the predicted RGB velocity, the quantity training minimises, so models compare on equal terms.
    /// </summary>
    /// <exception cref="InferenceException">RGB of another size, an unknown modality, or a control its codec rejects.</exception>
    public double HeldOutLoss(Tensor rgb, string caption, IReadOnlyDictionary<string, Tensor>? controls, double t, long seed, ClipContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(caption);
        if (!(t > 0 && t <= 1)) throw new ArgumentOutOfRangeException(nameof(t), t, "The noise level must be in (0, 1].");
        RequireSize(rgb, "the RGB input");
        context = (context ?? Context()) with { Frames = Frames, Height = Height, Width = Width };
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = Model.Device;
        var rgbScale = Model.Config.ScaleOf(ModalityRegistry.Rgb);
        var x0 = RgbCodec.Encode(rgb.to(device)).unsqueeze(0) * rgbScale;                        // [1, 3, T, H, W], the model's scaled space
        using var generator = new Generator(unchecked((ulong)seed), CPU);
        var eps = randn(x0.shape, generator: generator).to(device);                              // [1, 3, T, H, W]
        var time = full([1], t, float32, device);                                                // [1]
        var streams = new List<DiTStream> { new(ModalityRegistry.Rgb, FlowMatching.Interpolate(x0, eps, time), time, tokenizer.Encode(caption, 1, device)) };
        foreach (var (name, stored) in controls ?? new Dictionary<string, Tensor>())
        {
            var (clean, prompt) = Control(Modality(name), stored, context, device);
            streams.Add(new DiTStream(name, clean * Model.Config.ScaleOf(name), zeros(1, float32, device), prompt)); // [1, C, T, H, W], clean: t = 0
        }
        var velocity = Model.forward(streams)[0];                                                // [1, 3, T, H, W]
        // Divided by s²: the error of the data-space velocity, so models with other scales compare on equal terms.
        return (velocity - FlowMatching.TargetVelocity(x0, eps)).square().mean().to(float64).item<double>() / (rgbScale * rgbScale);
    }

    // A control modality in stored form → its clean model input [1, C, T, H, W] on the device, and its prompt.
    private (Tensor Clean, TextPrompt Prompt) Control(ModalityDescriptor d, Tensor stored, ClipContext context, Device device)
    {
        Tensor clean;
        try
        {
            clean = d.Codec!.Encode(stored, context);                                                    // [C, T, H, W]
        }
        catch (ArgumentException e)
        {
            throw new InferenceException($"the '{d.Name}' control does not fit the model ({Frames} frames of {Width}x{Height}): {e.Message}", e);
        }
        return (clean.to(float32).to(device).unsqueeze(0), tokenizer.Encode(context.ModalityPrompt ?? d.Prompts[0], 1, device));
    }

    /// <summary>Throws when <paramref name="rgb"/> is not <c>[T, H, W, 3]</c> uint8 of the model's size.</summary>
    /// <exception cref="InferenceException">The frames are of another size or type.</exception>
    public void RequireSize(Tensor rgb, string what) => InferenceChecks.RequireSize(rgb, what, Frames, Height, Width);

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

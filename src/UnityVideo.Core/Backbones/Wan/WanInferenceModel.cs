using System.Globalization;
using System.Text.Json;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// A trained UnityVideo-on-Wan model (<see cref="UnityWan"/>) ready for the three tasks on pixel clips: RGB and
/// control videos go through the Wan2.1 VAE into latents (a modality as its plugin's visual code, as the latent
/// dataset was encoded), the model samples latents, and the VAE decodes them; a modality's decoded colour code is read
/// back to its stored form by its plugin's <see cref="IVisualizationReader"/>. Prompts are looked up in precomputed umT5
/// embeddings. Works on clips of the size the model was trained on (recorded in its files as <c>clip_shape</c>).
/// </summary>
public sealed class WanInferenceModel : IInferenceModel
{
    private readonly WanVae vae;
    private readonly WanTextEmbeddings texts;

    private WanInferenceModel(string path, UnityWan model, WanVae vae, WanTextEmbeddings texts, ModalityRegistry modalities, string weights, int? step,
        (int Frames, int Height, int Width) size)
    {
        Path = path;
        Model = model;
        this.vae = vae;
        this.texts = texts;
        Modalities = modalities;
        Weights = weights;
        Step = step;
        (Frames, Height, Width) = size;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>The network (in eval mode).</summary>
    public UnityWan Model { get; }

    /// <inheritdoc />
    public ModalityRegistry Modalities { get; }

    /// <inheritdoc />
    public string Weights { get; }

    /// <inheritdoc />
    public int? Step { get; }

    /// <inheritdoc />
    public int Frames { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public string Describe() => Step is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"{Path} (Wan, step {s}, {Weights} weights)")
        : $"{Path} (Wan, {Weights} weights)";

    /// <inheritdoc />
    public ClipContext Context() => new() { Frames = Frames, Height = Height, Width = Width };

    /// <summary>
    /// Loads a Wan model file or training checkpoint (whose EMA weights are used when present). Every modality of it must
    /// be in <paramref name="registry"/>. <paramref name="files"/> names the VAE, the text embeddings and, for a file that
    /// left its frozen trunk out, where the trunk now is (empty: where training read it).
    /// </summary>
    /// <exception cref="InferenceException">A missing or unreadable file (named), an absent plugin, or weights that do not fit.</exception>
    public static WanInferenceModel Load(string path, ModalityRegistry registry, WanUnityConfig files, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(files);
        if (!File.Exists(path)) throw new InferenceException($"checkpoint '{path}' does not exist.");
        string Setting(string key) => $"{WanUnityConfig.SectionName}:{key}";
        if (string.IsNullOrEmpty(files.Vae))
            throw new InferenceException($"checkpoint '{path}' is a Wan model, which works on VAE latents: name the Wan2.1 VAE's weights with {Setting(nameof(WanUnityConfig.Vae))} (--vae FILE).");
        if (string.IsNullOrEmpty(files.TextEmbeddings))
            throw new InferenceException($"checkpoint '{path}' is a Wan model, which reads prompts as precomputed umT5 embeddings: name them with {Setting(nameof(WanUnityConfig.TextEmbeddings))} (--text-embeddings FILE, e.g. the latent dataset's {WanTextEmbeddings.FileName}).");

        // 1. Header: a Wan model, its configuration, streams and clip size
        WanUnityConfig config;
        Dictionary<string, int> streams;
        (int, int, int) size;
        IReadOnlyDictionary<string, string> metadata;
        bool hasEma;
        Tensor emptyPrompt;
        try
        {
            using var reader = SafetensorsReader.Open(path);
            metadata = reader.Metadata;
            var format = metadata.GetValueOrDefault(CheckpointFormat.FormatKey);
            if (format is not (CheckpointFormat.Model or CheckpointFormat.Training))
                throw new InferenceException($"checkpoint '{path}' is not a UnityVideo checkpoint (format '{format ?? "none"}').");
            if (metadata.GetValueOrDefault(CheckpointFormat.BackboneKey) != BackboneNames.Wan)
                throw new InferenceException($"checkpoint '{path}' is not a model on the Wan backbone.");
            config = WanUnityConfig.FromJson(metadata.GetValueOrDefault(CheckpointFormat.ConfigKey) ?? throw new InferenceException($"checkpoint '{path}' lacks its '{CheckpointFormat.ConfigKey}' metadata."));
            streams = CheckpointChecks.Streams(path, metadata.GetValueOrDefault(CheckpointFormat.StreamsKey) ?? throw new InferenceException($"checkpoint '{path}' lacks its '{CheckpointFormat.StreamsKey}' metadata."));
            size = ClipShape(path, metadata);
            hasEma = reader.Tensors.Keys.Any(k => k.StartsWith(CheckpointFormat.EmaPrefix, StringComparison.Ordinal));
            emptyPrompt = reader.Tensors.ContainsKey("empty_prompt") ? reader.ReadTensor("empty_prompt").to(float32) : throw new InferenceException($"checkpoint '{path}' lacks tensor 'empty_prompt'.");
        }
        catch (SafetensorsFormatException e)
        {
            throw new InferenceException($"checkpoint '{path}' cannot be read: {e.Problem}.", e);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InferenceException($"checkpoint '{path}' cannot be read ({e.Message}).", e);
        }
        using var emptyOwner = emptyPrompt;                                                          // UnityWan keeps its own copy
        var errors = config.Validate();
        if (errors.Count > 0) throw new InferenceException($"checkpoint '{path}' holds an invalid Wan configuration: {string.Join(" ", errors)}");
        config.Weights = files.Weights; // where the frozen trunk is now; empty: where training read it
        var names = streams.Keys.Where(n => n != ModalityRegistry.Rgb).ToList();
        InferenceChecks.RequirePlugins(path, registry, names);
        var modalities = registry.Subset(names);

        // 2. Text embeddings and the VAE
        WanTextEmbeddings texts;
        WanVae vae;
        try
        {
            texts = WanTextEmbeddings.Open(files.TextEmbeddings);
            if (texts.Dim != config.Trunk().TextDim)
                throw new InferenceException($"text embeddings '{files.TextEmbeddings}' are {texts.Dim} wide; the model's trunk reads {config.Trunk().TextDim}.");
            if (!File.Exists(files.Vae)) throw new InferenceException($"VAE weights '{files.Vae}' do not exist ({Setting(nameof(WanUnityConfig.Vae))}).");
            vae = WanVaeWeights.Load(files.Vae, device);
        }
        catch (DatasetFormatException e)
        {
            throw new InferenceException(e.Message, e);
        }
        catch (SafetensorsFormatException e)
        {
            throw new InferenceException($"VAE weights '{files.Vae}' cannot be read: {e.Problem}.", e);
        }
        var s = vae.Config.SpatialCompression;
        var trunk = config.Trunk();
        if (vae.Config.ZDim != trunk.InChannels || size.Item2 % (s * trunk.PatchH) != 0 || size.Item3 % (s * trunk.PatchW) != 0)
        {
            vae.Dispose();
            throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                $"VAE '{files.Vae}' ({vae.Config.ZDim} latent channels, {s}× spatial) does not fit checkpoint '{path}' ({trunk.InChannels} latent channels, clips of {size.Item3}x{size.Item2})."));
        }

        // 3. The model: trunk (from the file, or from its own weight file), LoRA, new parameters; then the EMA average
        var model = new UnityWan(config, modalities.Modalities, emptyPrompt);
        try
        {
            if (config.Lora() is { } lora) model.AttachLora(lora);
            ModelCheckpoint.LoadExact(path, model);
            if (hasEma) InferenceModel.LoadEma(path, model);
            model.Lora?.Merge(); // sampling then costs what the plain trunk costs (no adapter products per linear)
            var (weights, step) = InferenceChecks.Provenance(metadata, hasEma);
            model.to(device ?? CPU);
            model.eval();
            vae.eval();
            return new WanInferenceModel(System.IO.Path.GetFullPath(path), model, vae, texts, modalities, weights, step, size);
        }
        catch (Exception e)
        {
            model.Dispose();
            vae.Dispose();
            if (e is SafetensorsFormatException f) throw new InferenceException($"checkpoint '{path}' cannot be loaded: {f.FilePath}: {f.Problem}.", e);
            if (e is WanWeightsException w) throw new InferenceException($"checkpoint '{path}': its trunk weights cannot be loaded: {w.Message}", e);
            throw;
        }
    }

    /// <summary>True when the file at <paramref name="path"/> holds a model on the Wan backbone (reads its header only).</summary>
    public static bool IsWan(string path)
    {
        try
        {
            using var reader = SafetensorsReader.Open(path);
            return reader.Metadata.GetValueOrDefault(CheckpointFormat.BackboneKey) == BackboneNames.Wan;
        }
        catch (Exception e) when (e is SafetensorsFormatException or IOException or UnauthorizedAccessException)
        {
            return false; // the pixel reader gives the error
        }
    }

    private static (int, int, int) ClipShape(string path, IReadOnlyDictionary<string, string> metadata)
    {
        var text = metadata.GetValueOrDefault(WanTrainingBackbone.ClipShapeKey)
            ?? throw new InferenceException($"checkpoint '{path}' does not record the clip size it was trained on ('{WanTrainingBackbone.ClipShapeKey}'); it was written before inference on Wan models existed: train or resume it once more to write it.");
        var v = JsonSerializer.Deserialize<int[]>(text);
        if (v is not { Length: 3 } || v.Any(x => x < 1)) throw new InferenceException($"checkpoint '{path}': metadata '{WanTrainingBackbone.ClipShapeKey}' is not [frames, height, width] (got '{text}').");
        return (v[0], v[1], v[2]);
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // The three tasks
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <inheritdoc />
    /// <remarks>On this backbone a modality is sampled as its plugin's colour code, so its plugin must read that code back.</remarks>
    public ModalityDescriptor Modality(string modality)
    {
        var d = InferenceChecks.Known(Modalities, modality, Path);
        if (d.Visualizer is not IVisualizationReader)
            throw new InferenceException($"modality '{modality}': its plugin cannot read its visual code back, which a Wan model's output is.");
        return d;
    }

    /// <inheritdoc />
    public Tensor Estimate(Tensor rgb, string modality, SamplerOptions options, long seed, ClipContext? context = null,
        CancellationToken cancellationToken = default, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(options);
        var d = Modality(modality);
        RequireSize(rgb, "the RGB input");
        context = (context ?? Context()) with { Frames = Frames, Height = Height, Width = Width };
        using var scope = NewDisposeScope();
        var latent = Encode(rgb);                                                                           // [1, z, t, h, w]
        var streams = new[]
        {
            SampleStream.Given(ModalityRegistry.Rgb, latent),                                               // estimation: RGB without its caption, as trained
            SampleStream.Generate(d.Name, latent.shape, Prompt(context.ModalityPrompt ?? d.Prompts[0])),
        };
        var result = FlowSampler.Sample(Model, streams, options, seed, cancellationToken, progress);
        return Read(d, result[1], context).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
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
        var shape = LatentShape();
        var streams = new List<SampleStream> { SampleStream.Generate(ModalityRegistry.Rgb, shape, Prompt(prompt)) };
        var order = new List<ModalityDescriptor>();
        foreach (var (name, stored) in controls)
        {
            var d = Modality(name);
            streams.Add(SampleStream.Given(d.Name, Encode(Draw(d, stored, context)), Prompt(context.ModalityPrompt ?? d.Prompts[0])));
            order.Add(d);
        }
        foreach (var name in generate)
        {
            var d = Modality(name);
            streams.Add(SampleStream.Generate(d.Name, shape, Prompt(context.ModalityPrompt ?? d.Prompts[0])));
            order.Add(d);
        }
        var result = FlowSampler.Sample(Model, streams, options, seed, cancellationToken, progress);
        var rgb = Decode(result[0]);                                                                        // [T, H, W, 3]
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            var d = order[i];
            outputs[d.Name] = controls.TryGetValue(d.Name, out var given) ? given.cpu().clone() : Read(d, result[i + 1], context);
        }
        rgb.MoveToOuterDisposeScope();
        foreach (var t in outputs.Values) t.MoveToOuterDisposeScope();
        return new GeneratedClip(rgb, outputs);
    }

    /// <inheritdoc />
    public void RequireSize(Tensor rgb, string what) => InferenceChecks.RequireSize(rgb, what, Frames, Height, Width);

    // Latents of a clip of the model's size: [1, z, 1 + ⌈(T − 1)/4⌉, H/8, W/8].
    private long[] LatentShape()
    {
        var c = vae.Config;
        return [1, c.ZDim, c.LatentFrames(VaeFrames.PaddedLength(Frames, c.TemporalCompression)), Height / c.SpatialCompression, Width / c.SpatialCompression];
    }

    // uint8 frames [T, H, W, 3] → normalised latents [1, z, t, h, w] on the model's device.
    private Tensor Encode(Tensor frames)
    {
        using var noGrad = no_grad();
        return vae.Encode(VaeFrames.ToVaeInput(frames.to(Model.Device), vae.Config.TemporalCompression));
    }

    // Latents [1, z, t, h, w] → uint8 frames [T, H, W, 3] on the CPU.
    private Tensor Decode(Tensor latent)
    {
        using var noGrad = no_grad();
        return VaeFrames.ToRgb(vae.Decode(latent), Frames).cpu();
    }

    // A modality's sampled latents → its colour code → its stored form through the plugin's reader.
    private Tensor Read(ModalityDescriptor d, Tensor latent, ClipContext context) =>
        ((IVisualizationReader)d.Visualizer!).Read(Decode(latent), context).cpu();

    // A control in stored form → its colour code [T, H, W, 3] (what the latent dataset encoded).
    private static Tensor Draw(ModalityDescriptor d, Tensor stored, ClipContext context)
    {
        try
        {
            return d.Visualizer!.Render(stored, context);
        }
        catch (ArgumentException e)
        {
            throw new InferenceException($"the '{d.Name}' control does not fit the model ({context.Frames} frames of {context.Width}x{context.Height}): {e.Message}", e);
        }
    }

    private TextPrompt Prompt(string text)
    {
        try
        {
            return texts.Encode([text], Model.Device);
        }
        catch (DatasetFormatException e)
        {
            throw new InferenceException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        vae.Dispose();
    }
}

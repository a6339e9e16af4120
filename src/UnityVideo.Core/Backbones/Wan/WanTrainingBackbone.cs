using System.Globalization;
using System.Text.Json.Nodes;
using UnityVideo.Core.Data;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// A Wan2.1 trunk as a training backbone: latent datasets (<see cref="LatentTrainingData"/>), precomputed umT5
/// embeddings beside them (<see cref="WanTextEmbeddings"/>), and <see cref="UnityWan"/> built from
/// <see cref="WanUnityConfig"/> (trunk weights loaded, LoRA attached when configured).
/// </summary>
public sealed class WanTrainingBackbone(WanUnityConfig config) : ITrainingBackbone
{
    /// <summary>The Wan settings (a copy).</summary>
    public WanUnityConfig Config { get; } = (config ?? throw new ArgumentNullException(nameof(config))).Clone();

    /// <inheritdoc />
    public string Name => BackboneNames.Wan;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Config.Validate().ToList();
        if (!string.IsNullOrEmpty(options.InitFrom))
            errors.Add($"Training:InitFrom loads pixel-DiT models; with Model:Backbone={BackboneNames.Wan} the trunk's weights come from {WanUnityConfig.SectionName}:{nameof(WanUnityConfig.Weights)}.");
        if (options.Freeze.Count > 0)
            errors.Add($"Training:Freeze names pixel-DiT parts; with Model:Backbone={BackboneNames.Wan} use {WanUnityConfig.SectionName}:{nameof(WanUnityConfig.LoraRank)} (LoRA freezes the trunk).");
        return errors;
    }

    /// <inheritdoc />
    public JsonObject ConfigNode()
    {
        var node = JsonNode.Parse(Config.ToJson())!.AsObject();
        node["backbone"] = Name;
        // Where the trunk's weights came from matters for a fresh start only (as Training:InitFrom): a moved file still resumes.
        node.Remove("weights");
        node.Remove("checkpointBlocks"); // memory, not arithmetic
        node.Remove("vae");              // inference inputs
        node.Remove("textEmbeddings");
        return node;
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> StreamChannels(ModalityRegistry modalities)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        var channels = Config.Trunk().InChannels;
        var streams = new Dictionary<string, int>(StringComparer.Ordinal) { [ModalityRegistry.Rgb] = channels };
        foreach (var d in modalities.Modalities) streams[d.Name] = channels;
        return streams;
    }

    /// <inheritdoc />
    /// <exception cref="TrainingException">The latents do not fit the trunk (channels or patch).</exception>
    public ITrainingData OpenData(string directory, ModalityRegistry modalities, long seed, long cacheBytes)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        var data = new LatentTrainingData(directory, modalities.Modalities, seed);
        var trunk = Config.Trunk();
        var shape = data.LatentShape; // [z, t, h, w]
        if (shape.Length != 4 || shape[0] != trunk.InChannels || shape[1] % trunk.PatchT != 0 || shape[2] % trunk.PatchH != 0 || shape[3] % trunk.PatchW != 0)
        {
            data.Dispose();
            throw new TrainingException(string.Create(CultureInfo.InvariantCulture,
                $"The latents of '{data.Directory}' are [{string.Join(", ", shape)}]; the Wan trunk takes {trunk.InChannels} channels and frames × height × width divisible by its patch {trunk.PatchT}×{trunk.PatchH}×{trunk.PatchW}."));
        }
        return data;
    }

    /// <inheritdoc />
    /// <exception cref="DatasetFormatException">No embedding file beside the data, or embeddings of another width than the trunk's.</exception>
    public IPromptEncoder OpenPrompts(string directory)
    {
        var embeddings = WanTextEmbeddings.Open(Path.Combine(Path.GetFullPath(directory), WanTextEmbeddings.FileName));
        var dim = Config.Trunk().TextDim;
        if (embeddings.Dim != dim)
            throw new DatasetFormatException(embeddings.Path, $"holds {embeddings.Dim}-wide embeddings; the trunk takes {dim} ({WanUnityConfig.SectionName}:{nameof(WanUnityConfig.TextDim)})");
        return embeddings;
    }

    /// <inheritdoc />
    /// <exception cref="TrainingException">A fresh start names a trunk weight file that does not exist.</exception>
    public IStreamModel Build(ModalityRegistry modalities, IPromptEncoder prompts, ITrainingData data, bool freshStart)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(prompts);
        using var emptyPrompt = EmptyPrompt(prompts);                                   // [L, TextDim]
        var model = new UnityWan(Config, modalities.Modalities, emptyPrompt);           // built outside any dispose scope
        if (freshStart && !string.IsNullOrEmpty(Config.Weights))
        {
            if (!File.Exists(Config.Weights))
            {
                model.Dispose();
                throw new TrainingException($"{WanUnityConfig.SectionName}:{nameof(WanUnityConfig.Weights)}: no file '{Config.Weights}'.");
            }
            model.LoadTrunk(Config.Weights);
        }
        if (Config.Lora() is { } lora) model.AttachLora(lora);
        model.Base.CheckpointBlocks = Config.CheckpointBlocks;
        return model;
    }

    /// <summary>Metadata key of the clip size <c>[frames, height, width]</c> a Wan model's files record for inference.</summary>
    public const string ClipShapeKey = "clip_shape";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> FileMetadata(ITrainingData data) => data is LatentTrainingData latents
        ? new Dictionary<string, string> { [ClipShapeKey] = string.Create(CultureInfo.InvariantCulture, $"[{latents.ClipShape.Frames}, {latents.ClipShape.Height}, {latents.ClipShape.Width}]") }
        : new Dictionary<string, string>();

    /// <summary>The empty prompt's embedding <c>[L, TextDim]</c>: the unconditional context.</summary>
    public static Tensor EmptyPrompt(IPromptEncoder prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        using var scope = NewDisposeScope();
        var empty = prompts.Encode([""]);
        var embeddings = empty.Embeddings ?? throw new ArgumentException("The Wan backbone reads precomputed text embeddings; this prompt encoder gives token ids.", nameof(prompts));
        return scope.MoveToOuter(embeddings.select(0, 0).narrow(0, 0, empty.Mask.sum().item<long>()).clone());
    }
}

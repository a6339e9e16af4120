using System.Text.Json.Nodes;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Data;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;

namespace UnityVideo.Core.Training;

/// <summary>The project's pixel DiT as a training backbone: pixel clips, the cl100k tokenizer, <see cref="UnityDiT"/>.</summary>
public sealed class DiTTrainingBackbone(DiTConfig config) : ITrainingBackbone
{
    /// <summary>The model's sizes (a copy).</summary>
    public DiTConfig Config { get; } = (config ?? throw new ArgumentNullException(nameof(config))).Clone();

    /// <inheritdoc />
    public string Name => BackboneNames.DiT;

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(TrainerOptions options) => Config.Validate();

    /// <inheritdoc />
    public JsonObject ConfigNode() => TrainingConfiguration.ModelNode(Config);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, int> StreamChannels(ModalityRegistry modalities)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        var streams = new Dictionary<string, int>(StringComparer.Ordinal) { [ModalityRegistry.Rgb] = 3 };
        foreach (var d in modalities.Modalities) streams[d.Name] = d.Channels;
        return streams;
    }

    /// <inheritdoc />
    public ITrainingData OpenData(string directory, ModalityRegistry modalities, long seed, long cacheBytes)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        var dataset = ClipDataset.Open(directory, modalities.Modalities.Select(d => d.StorageKey)); // other tensors stay on disk
        return new TrainingData(dataset, modalities.Modalities, Config.Frames, Config.Height, Config.Width, seed, cacheBytes);
    }

    /// <inheritdoc />
    public IPromptEncoder OpenPrompts(string directory) => new PromptTokenizer(Config.MaxPromptTokens);

    /// <inheritdoc />
    public IStreamModel Build(ModalityRegistry modalities, IPromptEncoder prompts, ITrainingData data, bool freshStart) => new UnityDiT(Config, modalities);
}

using System.Text.Json.Nodes;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Training;

/// <summary>
/// What the <see cref="Trainer"/> needs from a backbone: its settings (checked, and hashed into the run's
/// configuration), its data (pixel clips or VAE latents), its prompts (token ids or precomputed embeddings) and a
/// freshly built model. <see cref="DiTTrainingBackbone"/> and <see cref="Backbones.Wan.WanTrainingBackbone"/> implement it.
/// </summary>
public interface ITrainingBackbone
{
    /// <summary><see cref="Backbones.BackboneNames.DiT"/> or <see cref="Backbones.BackboneNames.Wan"/>.</summary>
    string Name { get; }

    /// <summary>Problems with the backbone's settings, or with training options it cannot honour, each naming its key.</summary>
    IReadOnlyList<string> Validate(TrainerOptions options);

    /// <summary>The model's part of the run configuration (hashed: a resumed run must match it).</summary>
    JsonObject ConfigNode();

    /// <summary>Channels of every stream the model is built with ("rgb" first).</summary>
    IReadOnlyDictionary<string, int> StreamChannels(ModalityRegistry modalities);

    /// <summary>Opens the training data in <paramref name="directory"/>.</summary>
    ITrainingData OpenData(string directory, ModalityRegistry modalities, long seed, long cacheBytes);

    /// <summary>The prompt encoder for the data in <paramref name="directory"/>.</summary>
    IPromptEncoder OpenPrompts(string directory);

    /// <summary>
    /// A freshly initialised model (draws from torch's global generator, which the trainer seeds), on the CPU; with
    /// <paramref name="freshStart"/> also with its pretrained weights (a resumed run takes every weight from its checkpoint).
    /// </summary>
    IStreamModel Build(ModalityRegistry modalities, IPromptEncoder prompts, ITrainingData data, bool freshStart);

    /// <summary>Facts about the data that checkpoints record for inference (e.g. the clip size a latent model works on); none by default.</summary>
    IReadOnlyDictionary<string, string> FileMetadata(ITrainingData data) => new Dictionary<string, string>();
}

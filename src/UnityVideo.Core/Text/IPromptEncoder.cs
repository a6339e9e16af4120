using TorchSharp;

namespace UnityVideo.Core.Text;

/// <summary>
/// Turns prompt strings into what the model's in-context learner reads: token ids for a text encoder trained with
/// the model (<see cref="PromptTokenizer"/>), or precomputed embeddings of a frozen one
/// (<see cref="Backbones.Wan.WanTextEmbeddings"/>, Wan's umT5).
/// </summary>
public interface IPromptEncoder
{
    /// <summary>One row per prompt, on <paramref name="device"/> (CPU when null).</summary>
    TextPrompt Encode(IReadOnlyList<string> prompts, torch.Device? device = null);
}

using TorchSharp;

namespace UnityVideo.Core.Training;

/// <summary>One micro-batch ready for the model: RGB, the modality streams with their prompts, and captions.</summary>
/// <param name="Rgb">Clean RGB <c>[B, 3, T, H, W]</c> in [-1, 1] (pixels), or its VAE latents <c>[B, z, t, h, w]</c> (latent data).</param>
/// <param name="Modalities">Per modality: name, clean tensor <c>[B, C, T, H, W]</c> in [-1, 1], one modality prompt per clip.</param>
/// <param name="Captions">Content prompt (caption) per clip.</param>
/// <param name="Clips">Dataset indices of the clips, in batch order.</param>
public sealed record TrainingBatch(
    torch.Tensor Rgb,
    IReadOnlyList<(string Name, torch.Tensor Clean, IReadOnlyList<string> Prompts)> Modalities,
    IReadOnlyList<string> Captions,
    IReadOnlyList<int> Clips);

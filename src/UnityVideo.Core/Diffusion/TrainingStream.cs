using TorchSharp;
using UnityVideo.Core.Text;

namespace UnityVideo.Core.Diffusion;

/// <summary>One stream of a training sample: clean data x₀ and whether this step noises it.</summary>
/// <param name="Modality">"rgb" or a modality name.</param>
/// <param name="Clean">Clean data x₀ <c>[B, C, T, H, W]</c> in the model's normalized range.</param>
/// <param name="Noised">True: noised at a sampled t and counted in the loss; false: given clean (t = 0), not in the loss.</param>
/// <param name="Prompt">The stream's prompt (content prompt for RGB, modality prompt otherwise); null = null context.</param>
public sealed record TrainingStream(string Modality, torch.Tensor Clean, bool Noised, TextPrompt? Prompt = null);

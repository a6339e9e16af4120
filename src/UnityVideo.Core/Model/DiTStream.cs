using TorchSharp;
using UnityVideo.Core.Text;

namespace UnityVideo.Core.Model;

/// <summary>
/// One stream of a model input: an RGB or modality video <c>[B, C, T, H, W]</c> (normalized, noised or clean),
/// its own flow time per sample (a clean stream has t = 0), and the prompt its tokens attend to.
/// </summary>
/// <param name="Modality">"rgb" or a registered modality name; selects patch embedding, switcher slot and head.</param>
/// <param name="Latent">The stream's video <c>[B, C, T, H, W]</c>.</param>
/// <param name="Timestep">Flow time per sample <c>[B]</c> in [0, 1] (0 = clean data, 1 = pure noise).</param>
/// <param name="Prompt">Tokenized prompt <c>[B, L]</c>: the content prompt for RGB, the modality prompt
/// ("depth map") for a modality; null = the learned null context for every sample.</param>
/// <param name="DropPrompt">Optional <c>[B]</c> bool: samples whose prompt is replaced by the null context
/// (prompt dropout for classifier-free guidance).</param>
public sealed record DiTStream(string Modality, torch.Tensor Latent, torch.Tensor Timestep, TextPrompt? Prompt = null, torch.Tensor? DropPrompt = null);

using TorchSharp;
using UnityVideo.Core.Text;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// One stream of a sampling request. With <see cref="Clean"/> the stream is given (t = 0 throughout: the
/// condition); without it, it is generated from noise of <see cref="Shape"/>.
/// </summary>
/// <param name="Modality">"rgb" or a modality name.</param>
/// <param name="Shape">Shape <c>[B, C, T, H, W]</c> of the stream.</param>
/// <param name="Clean">The given clean video, or null to generate it.</param>
/// <param name="Prompt">The stream's prompt (content prompt for RGB, modality prompt otherwise); null = null context.</param>
public sealed record SampleStream(string Modality, long[] Shape, torch.Tensor? Clean = null, TextPrompt? Prompt = null)
{
    /// <summary>A stream to generate.</summary>
    public static SampleStream Generate(string modality, long[] shape, TextPrompt? prompt = null) => new(modality, shape, null, prompt);

    /// <summary>A given (clean) stream.</summary>
    public static SampleStream Given(string modality, torch.Tensor clean, TextPrompt? prompt = null) =>
        new(modality, (clean ?? throw new ArgumentNullException(nameof(clean))).shape, clean, prompt);
}

namespace UnityVideo.Abstractions;

/// <summary>
/// Chooses the modality prompt of one training sample when the prompt depends on the clip (segmentation:
/// "segment the persons" names a class the clip contains). The chosen prompt travels to the codec in
/// <see cref="ClipContext.ModalityPrompt"/>, so the encoded target follows it. Modalities whose prompt does
/// not depend on the clip leave <see cref="ModalityDescriptor.PromptSampler"/> null and the host samples
/// from <see cref="ModalityDescriptor.Prompts"/>.
/// </summary>
public interface IModalityPromptSampler
{
    /// <summary>Picks a training prompt for this clip.</summary>
    /// <param name="context">Facts about the clip (its instance classes in particular).</param>
    /// <param name="random">The caller's seeded generator; the only source of randomness allowed.</param>
    string Choose(ClipContext context, Random random);
}

using System.Globalization;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Core.Inference;

/// <summary>The input checks every <see cref="IInferenceModel"/> makes, with the same messages whatever the backbone.</summary>
internal static class InferenceChecks
{
    /// <summary>The descriptor of <paramref name="modality"/>, or an error listing the modalities of <paramref name="checkpoint"/>.</summary>
    /// <exception cref="InferenceException">The checkpoint does not know the modality.</exception>
    public static ModalityDescriptor Known(ModalityRegistry modalities, string modality, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(modality);
        if (!modalities.Contains(modality))
            throw new InferenceException($"modality '{modality}' is not in checkpoint '{checkpoint}' (it has: {string.Join(", ", modalities.Names)}).");
        return modalities.Get(modality);
    }

    /// <summary>Throws when <paramref name="rgb"/> is not <c>[T, H, W, 3]</c> uint8 of <paramref name="frames"/> × <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <exception cref="InferenceException">The frames are of another size or type.</exception>
    public static void RequireSize(torch.Tensor rgb, string what, int frames, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dtype != torch.uint8 || rgb.ndim != 4 || rgb.shape[3] != 3)
            throw new InferenceException($"{what} is {rgb.dtype} [{string.Join(", ", rgb.shape)}]; expected RGB frames [T, H, W, 3] uint8.");
        if (rgb.shape[0] != frames || rgb.shape[1] != height || rgb.shape[2] != width)
            throw new InferenceException(string.Create(CultureInfo.InvariantCulture,
                $"{what} has {rgb.shape[0]} frames of {rgb.shape[2]}x{rgb.shape[1]}, but the model works on {frames} frames of {width}x{height}."));
    }
}

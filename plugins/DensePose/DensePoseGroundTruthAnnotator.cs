using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.DensePose;

/// <summary>"synthetic-gt": the synthetic world's exact IUV, stored as the dataset does (uint8 <c>[T, H, W, 3]</c>).</summary>
public sealed class DensePoseGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => DensePoseModality.Name;

    /// <inheritdoc />
    public bool RequiresGroundTruth => true;

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        var gt = StoredTensor.GroundTruthOf(input, Modality, Name);
        return torch.tensor(gt.Iuv, [gt.Frames, gt.Height, gt.Width, 3], device: input.Rgb.device); // [T, H, W, 3] uint8
    }
}

using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// "synthetic-gt": the synthetic world's exact instance ids, stored as the dataset does (uint8 <c>[T, H, W]</c>;
/// class names are in <see cref="SceneGroundTruth.InstanceClasses"/>).
/// </summary>
public sealed class SegmentationGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => SegmentationModality.Name;

    /// <inheritdoc />
    public bool RequiresGroundTruth => true;

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        var gt = StoredTensor.GroundTruthOf(input, Modality, Name);
        return torch.tensor(gt.InstanceIds, [gt.Frames, gt.Height, gt.Width], device: input.Rgb.device); // [T, H, W] uint8
    }
}

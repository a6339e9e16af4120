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
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.InstanceIds];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        return StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.InstanceIds).ToTensor(input.Rgb.device); // [T, H, W] uint8
    }
}

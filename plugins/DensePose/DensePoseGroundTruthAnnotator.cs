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
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.PartIuv];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        return StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.PartIuv).ToTensor(input.Rgb.device); // [T, H, W, 3] uint8
    }
}

using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Depth;

/// <summary>"synthetic-gt": the synthetic world's exact camera-z depth, stored as the dataset does (float16 <c>[T, H, W]</c>, +∞ for sky).</summary>
public sealed class DepthGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => DepthModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.Depth];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        using var scope = torch.NewDisposeScope();
        var depth = StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.Depth).ToTensor(input.Rgb.device); // [T, H, W] float32
        return depth.to(torch.ScalarType.Float16).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>
/// "synthetic-gt": the synthetic world's exact 2-D joints, stored as the dataset does (float32 <c>[T, P, 17, 3]</c>:
/// x, y in pixels, visibility; row p is <see cref="SceneGroundTruth.Skeletons"/>[p]).
/// </summary>
public sealed class SkeletonGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => SkeletonModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.Joints];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        return StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.Joints).ToTensor(input.Rgb.device); // [T, P, 17, 3] float32
    }
}

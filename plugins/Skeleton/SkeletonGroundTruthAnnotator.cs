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
    public bool RequiresGroundTruth => true;

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        var gt = StoredTensor.GroundTruthOf(input, Modality, Name);
        return torch.tensor(gt.Joints, [gt.Frames, gt.Skeletons.Count, SkeletonCodec.Joints, 3], device: input.Rgb.device); // [T, P, 17, 3]
    }
}

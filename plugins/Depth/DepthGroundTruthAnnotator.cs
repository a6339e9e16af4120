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
    public bool RequiresGroundTruth => true;

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        var gt = StoredTensor.GroundTruthOf(input, Modality, Name);
        using var scope = torch.NewDisposeScope();
        var depth = torch.tensor(gt.Depth, [gt.Frames, gt.Height, gt.Width], device: input.Rgb.device); // [T, H, W] float32
        return depth.to(torch.ScalarType.Float16).MoveToOuterDisposeScope();
    }
}

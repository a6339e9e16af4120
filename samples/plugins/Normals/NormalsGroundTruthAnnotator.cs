using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Samples.Normals;

/// <summary>"synthetic-gt": the synthetic world's normals buffer (float32 <c>[T, H, W, 3]</c>), stored as float16.</summary>
public sealed class NormalsGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => NormalsModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.Normals];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        using var scope = torch.NewDisposeScope();
        var normals = StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.Normals).ToTensor(input.Rgb.device); // [T, H, W, 3]
        StoredTensor.Require(normals, Modality, "normals buffer", [input.Context.Frames, input.Context.Height, input.Context.Width, 3], "[T, H, W, 3]", torch.ScalarType.Float32);
        return normals.to(torch.ScalarType.Float16).MoveToOuterDisposeScope();
    }
}

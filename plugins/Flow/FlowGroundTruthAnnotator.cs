using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Flow;

/// <summary>"synthetic-gt": the synthetic world's exact forward flow, stored as the dataset does (float16 <c>[T, H, W, 2]</c>).</summary>
public sealed class FlowGroundTruthAnnotator : IAnnotator
{
    /// <inheritdoc />
    public string Name => "synthetic-gt";

    /// <inheritdoc />
    public string Modality => FlowModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredBuffers { get; } = [GroundTruthBufferNames.ForwardFlow];

    /// <inheritdoc />
    public torch.Tensor Annotate(AnnotationInput input)
    {
        using var scope = torch.NewDisposeScope();
        var flow = StoredTensor.Buffer(input, Modality, Name, GroundTruthBufferNames.ForwardFlow).ToTensor(input.Rgb.device); // [T, H, W, 2] float32
        return flow.to(torch.ScalarType.Float16).MoveToOuterDisposeScope();
    }
}

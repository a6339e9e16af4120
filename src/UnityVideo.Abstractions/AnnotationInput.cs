using TorchSharp;

namespace UnityVideo.Abstractions;

/// <summary>Input to an <see cref="IAnnotator"/>.</summary>
public sealed record AnnotationInput
{
    /// <summary>RGB frames <c>[T, H, W, 3]</c> uint8.</summary>
    public required torch.Tensor Rgb { get; init; }

    /// <summary>Facts about the clip.</summary>
    public required ClipContext Context { get; init; }

    /// <summary>Exact buffers from the synthetic world; null for real footage.</summary>
    public SceneGroundTruth? GroundTruth { get; init; }
}

using UnityVideo.Core.Diffusion;

namespace UnityVideo.Host.Inference;

/// <summary>Per-request overrides of the <c>Sampling</c> configuration; null keeps the configured value.</summary>
public sealed record SamplingOverrides
{
    /// <summary>Solver steps.</summary>
    public int? Steps { get; init; }

    /// <summary>Solver.</summary>
    public SamplerKind? Sampler { get; init; }

    /// <summary>Classifier-free guidance scale (generation only).</summary>
    public double? CfgScale { get; init; }

    /// <summary>Seed of the initial noise.</summary>
    public long? Seed { get; init; }
}

using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Evaluation;

/// <summary>Settings of <see cref="AblationEvaluation"/>: the same for every arm of an ablation.</summary>
public sealed record AblationEvaluationOptions
{
    /// <summary>Held-out clips measured (the first N of the test set).</summary>
    public int Clips { get; init; } = 8;

    /// <summary>Clips (from the first) whose captions are also turned into videos for the flickering measure.</summary>
    public int GeneratedClips { get; init; } = 4;

    /// <summary>Noise levels at which the held-out loss is taken (their mean is reported).</summary>
    public IReadOnlyList<double> LossTimes { get; init; } = [0.25, 0.5, 0.75];

    /// <summary>Sampler for generation and estimation.</summary>
    public SamplerOptions Sampler { get; init; } = new();

    /// <summary>Seed of clip i's noise is Seed + i (the same for every arm).</summary>
    public long Seed { get; init; }

    /// <summary>Zero-shot probe: the class held out of training prompts (as the clips' metadata names it, e.g. "box").</summary>
    public string? HeldOutClass { get; init; }

    /// <summary>Zero-shot probe: the prompt that asks for <see cref="HeldOutClass"/>, e.g. "segment the boxes".</summary>
    public string? HeldOutPrompt { get; init; }
}

using TorchSharp;

namespace UnityVideo.Host.Inference;

/// <summary>One call of <see cref="UnityVideoPipeline.EstimateAsync"/>: modalities estimated from one clip's RGB.</summary>
public sealed record EstimationRequest
{
    /// <summary>Model or training checkpoint (<c>.safetensors</c>).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>
    /// Input: a dataset clip file (<c>.safetensors</c>, its rgb is used) or a video file (its first T frames, resized and
    /// centre-cropped to the model's size); null when <see cref="Rgb"/> is given.
    /// </summary>
    public string? Input { get; init; }

    /// <summary>Input frames <c>[T, H, W, 3]</c> uint8 of the model's size, instead of <see cref="Input"/>.</summary>
    public torch.Tensor? Rgb { get; init; }

    /// <summary>Modalities to estimate (each must be in the checkpoint).</summary>
    public required IReadOnlyList<string> Modalities { get; init; }

    /// <summary>Modality prompt, e.g. "segment the persons"; null uses each modality's default prompt.</summary>
    public string? ModalityPrompt { get; init; }

    /// <summary>Sampler overrides.</summary>
    public SamplingOverrides Sampling { get; init; } = new();
}

using TorchSharp;

namespace UnityVideo.Host.Inference;

/// <summary>One call of <see cref="UnityVideoPipeline.EstimateAsync"/>: modalities estimated from one clip's RGB.</summary>
public sealed record EstimationRequest
{
    /// <summary>Model or training checkpoint (<c>.safetensors</c>).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>
    /// Input: a dataset clip file (<c>.safetensors</c>, its rgb is used) or a video file (every frame, in overlapping
    /// windows of the model's T frames; see <see cref="Size"/>); null when <see cref="Rgb"/> is given.
    /// </summary>
    public string? Input { get; init; }

    /// <summary>Input frames <c>[T, H, W, 3]</c> uint8 of the model's size, instead of <see cref="Input"/>.</summary>
    public torch.Tensor? Rgb { get; init; }

    /// <summary>Modalities to estimate (each must be in the checkpoint).</summary>
    public required IReadOnlyList<string> Modalities { get; init; }

    /// <summary>Modality prompt, e.g. "segment the persons"; null uses each modality's default prompt.</summary>
    public string? ModalityPrompt { get; init; }

    /// <summary>A video's estimates at the model's size (default) or at the input's (<see cref="EstimationSize.Native"/>).</summary>
    public EstimationSize Size { get; init; } = EstimationSize.Model;

    /// <summary>Frames shared by successive windows over a video longer than the model's T (default T / 2).</summary>
    public int? Overlap { get; init; }

    /// <summary>A video longer than this many frames is refused (a server's cap); null: no cap.</summary>
    public int? MaxFrames { get; init; }

    /// <summary>Sampler overrides.</summary>
    public SamplingOverrides Sampling { get; init; } = new();
}

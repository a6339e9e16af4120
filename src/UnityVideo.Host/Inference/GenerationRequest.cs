namespace UnityVideo.Host.Inference;

/// <summary>
/// One call of <see cref="UnityVideoPipeline.GenerateAsync"/>: joint generation of RGB and <see cref="Modalities"/>
/// from a prompt, or, with <see cref="Control"/>, RGB generated from a given modality video.
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>Model or training checkpoint (<c>.safetensors</c>).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>Content prompt (the caption of the video to generate).</summary>
    public required string Prompt { get; init; }

    /// <summary>
    /// Without <see cref="Control"/>: modalities generated with the RGB (empty: every modality of the checkpoint).
    /// With it: the control's modality (empty: the one checkpoint modality the control file holds).
    /// </summary>
    public IReadOnlyList<string> Modalities { get; init; } = [];

    /// <summary>A clip file holding the control modality's stored tensor (e.g. <c>depth</c>); null for joint generation.</summary>
    public string? Control { get; init; }

    /// <summary>Sampler overrides (including the guidance scale).</summary>
    public SamplingOverrides Sampling { get; init; } = new();
}

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

    /// <summary>
    /// The control: a clip file holding the modality's stored tensor (e.g. <c>depth</c>), or a video of the modality in
    /// its plugin's visual code (e.g. <c>depth.mp4</c> from estimate; its frames are fitted to the model's size, and it
    /// must have the model's frame count); null for joint generation.
    /// </summary>
    public string? Control { get; init; }

    /// <summary>Sampler overrides (including the guidance scale).</summary>
    public SamplingOverrides Sampling { get; init; } = new();
}

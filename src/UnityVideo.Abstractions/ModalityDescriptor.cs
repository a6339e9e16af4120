namespace UnityVideo.Abstractions;

/// <summary>
/// Everything the host needs to know about one auxiliary modality. The <see cref="Name"/> is the key used
/// everywhere: configuration (<c>Modalities:Enabled</c>), the model's switcher embeddings and checkpoints.
/// </summary>
public sealed record ModalityDescriptor
{
    /// <summary>Unique lower-case name, e.g. "depth". Letters, digits and '-' only.</summary>
    public required string Name { get; init; }

    /// <summary>Number of channels of the normalized model tensor <c>[C, T, H, W]</c>.</summary>
    public required int Channels { get; init; }

    /// <summary>
    /// True when every pixel of the modality corresponds to the same pixel of the RGB frame (depth, flow,
    /// DensePose). The default curriculum trains these first.
    /// </summary>
    public required bool IsPixelAligned { get; init; }

    /// <summary>
    /// Modality prompts for the in-context learner, e.g. "depth map". The first is the default; further
    /// entries are paraphrases sampled during training. Never empty.
    /// </summary>
    public required IReadOnlyList<string> Prompts { get; init; }

    /// <summary>Name of the tensor that stores this modality in a dataset shard, e.g. "depth" or "joints".</summary>
    public required string StorageKey { get; init; }

    /// <summary>One line for listings, e.g. "camera-z depth, normalised inverse depth per clip".</summary>
    public string Description { get; init; } = "";

    /// <summary>Range of the stored values, for documentation and sanity checks; null when unbounded.</summary>
    public ValueRange? StorageRange { get; init; }

    /// <summary>Converts between the stored form and the normalized model tensor; null until provided.</summary>
    public IModalityCodec? Codec { get; init; }

    /// <summary>Renders the stored form as RGB frames; null until provided.</summary>
    public IModalityVisualizer? Visualizer { get; init; }

    /// <summary>
    /// Chooses a per-clip modality prompt during training; null when <see cref="Prompts"/> apply to every clip.
    /// </summary>
    public IModalityPromptSampler? PromptSampler { get; init; }
}

using UnityVideo.Core.Model;

namespace UnityVideo.Host.Options;

/// <summary>One model size. Clip geometry (frames, height, width) is part of it: a model is trained for one.</summary>
public sealed class ModelPreset
{
    /// <summary>Transformer width.</summary>
    public int HiddenSize { get; set; }

    /// <summary>Number of DiT blocks.</summary>
    public int Depth { get; set; }

    /// <summary>Attention heads; must divide <see cref="HiddenSize"/>.</summary>
    public int Heads { get; set; }

    /// <summary>MLP width as a multiple of <see cref="HiddenSize"/>.</summary>
    public double MlpRatio { get; set; } = 4;

    /// <summary>Spatial patch size P (tokens are 1 × P × P).</summary>
    public int PatchSize { get; set; }

    /// <summary>Frames per clip.</summary>
    public int Frames { get; set; }

    /// <summary>Clip height in pixels; a multiple of <see cref="PatchSize"/>.</summary>
    public int Height { get; set; }

    /// <summary>Clip width in pixels; a multiple of <see cref="PatchSize"/>.</summary>
    public int Width { get; set; }

    /// <summary>Width of the text encoder.</summary>
    public int TextDim { get; set; }

    /// <summary>Transformer layers of the text encoder.</summary>
    public int TextLayers { get; set; }

    /// <summary>Prompts are truncated to this many tokens.</summary>
    public int MaxPromptTokens { get; set; }

    /// <summary>Token ids are hashed into this many embedding rows (keeps small models small).</summary>
    public int TextBuckets { get; set; }

    /// <summary>Attention heads of the text encoder; must divide <see cref="TextDim"/>.</summary>
    public int TextHeads { get; set; } = 4;

    /// <summary>
    /// The model configuration this preset describes: the one place where configuration sizes become Core's
    /// <see cref="DiTConfig"/>. Settings a preset does not name keep <see cref="DiTConfig"/>'s defaults.
    /// </summary>
    public DiTConfig ToDiTConfig() => new()
    {
        HiddenSize = HiddenSize,
        Depth = Depth,
        Heads = Heads,
        MlpRatio = MlpRatio,
        PatchSize = PatchSize,
        Frames = Frames,
        Height = Height,
        Width = Width,
        TextDim = TextDim,
        TextLayers = TextLayers,
        TextHeads = TextHeads,
        MaxPromptTokens = MaxPromptTokens,
        HashBuckets = TextBuckets,
    };
}

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Shape of a Wan2.1 text-to-video diffusion transformer. The defaults of the reference that every released
/// Wan2.1 model shares (q/k RMSNorm, affine LayerNorm before cross-attention, global attention, eps 1e-6, RoPE
/// θ = 10000 over 1024 positions per axis) are fixed in the port, not configurable.
/// </summary>
/// <param name="Dim">Transformer width D.</param>
/// <param name="FfnDim">Hidden width of each block's feed-forward network.</param>
/// <param name="Heads">Attention heads; D / Heads must be even and at least 6 (three RoPE axes).</param>
/// <param name="Layers">Number of blocks.</param>
/// <param name="FreqDim">Width of the sinusoidal timestep features.</param>
/// <param name="TextDim">Width of the text-encoder embeddings (umT5-XXL: 4096).</param>
/// <param name="TextLen">Context length the text embeddings are zero-padded to (512 in every released model).</param>
/// <param name="InChannels">Latent channels in.</param>
/// <param name="OutChannels">Latent channels out.</param>
/// <param name="PatchT">Patch size along frames.</param>
/// <param name="PatchH">Patch size along height.</param>
/// <param name="PatchW">Patch size along width.</param>
public sealed record WanDiTConfig(
    int Dim,
    int FfnDim,
    int Heads,
    int Layers,
    int FreqDim = 256,
    int TextDim = 4096,
    int TextLen = 512,
    int InChannels = 16,
    int OutChannels = 16,
    int PatchT = 1,
    int PatchH = 2,
    int PatchW = 2)
{
    /// <summary>Epsilon of every LayerNorm and RMSNorm in the model.</summary>
    public const double Eps = 1e-6;

    /// <summary>Wan2.1-T2V-1.3B (<c>wan/configs/wan_t2v_1_3B.py</c>).</summary>
    public static WanDiTConfig T2V1_3B { get; } = new(Dim: 1536, FfnDim: 8960, Heads: 12, Layers: 30);

    /// <summary>Wan2.1-T2V-14B (<c>wan/configs/wan_t2v_14B.py</c>).</summary>
    public static WanDiTConfig T2V14B { get; } = new(Dim: 5120, FfnDim: 13824, Heads: 40, Layers: 40);

    /// <summary>Per-head width.</summary>
    public int HeadDim => Dim / Heads;

    /// <summary>Values per token produced by the head: out channels × patch volume.</summary>
    public int PatchOutputs => OutChannels * PatchT * PatchH * PatchW;

    /// <summary>Every problem with the configuration, one line each; empty when it is usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[]
        {
            (nameof(Dim), Dim), (nameof(FfnDim), FfnDim), (nameof(Heads), Heads), (nameof(Layers), Layers),
            (nameof(FreqDim), FreqDim), (nameof(TextDim), TextDim), (nameof(TextLen), TextLen),
            (nameof(InChannels), InChannels), (nameof(OutChannels), OutChannels),
            (nameof(PatchT), PatchT), (nameof(PatchH), PatchH), (nameof(PatchW), PatchW),
        })
        {
            if (value <= 0) problems.Add($"{name} must be positive (is {value})");
        }
        if (Heads > 0 && Dim % Heads != 0) problems.Add($"Dim {Dim} is not divisible by Heads {Heads}");
        else if (Heads > 0 && (HeadDim % 2 != 0 || HeadDim < 6))
            problems.Add($"head width Dim/Heads = {HeadDim} must be even and at least 6 (RoPE splits it over frame, height and width)");
        if (FreqDim % 2 != 0) problems.Add($"FreqDim {FreqDim} must be even (cosine and sine halves)");
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("Invalid Wan DiT configuration: " + string.Join("; ", problems));
    }
}

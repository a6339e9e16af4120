using System.Text.Json;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// The Wan trunk of a UnityVideo model (section <c>Model:Wan</c>, used when <c>Model:Backbone</c> is <c>wan</c>):
/// a named released size, or explicit dimensions (<see cref="Size"/> = <c>custom</c>, for tests and experiments);
/// the weight file to start from; and LoRA on the trunk (rank 0 trains the whole trunk).
/// </summary>
public sealed class WanUnityConfig
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Model:Wan";

    /// <summary><see cref="Size"/> of Wan2.1-T2V-1.3B.</summary>
    public const string T2V1_3B = "t2v-1.3b";

    /// <summary><see cref="Size"/> taking the explicit dimensions below.</summary>
    public const string Custom = "custom";

    /// <summary>Trunk size: <c>t2v-1.3b</c> or <c>custom</c>.</summary>
    public string Size { get; set; } = T2V1_3B;

    /// <summary>Width D (custom size only).</summary>
    public int Dim { get; set; } = 1536;

    /// <summary>FFN hidden width (custom size only).</summary>
    public int FfnDim { get; set; } = 8960;

    /// <summary>Attention heads (custom size only).</summary>
    public int Heads { get; set; } = 12;

    /// <summary>Blocks (custom size only).</summary>
    public int Layers { get; set; } = 30;

    /// <summary>Width of the precomputed text embeddings (umT5-XXL: 4096; custom size only).</summary>
    public int TextDim { get; set; } = 4096;

    /// <summary>Context length the text is padded to (custom size only).</summary>
    public int TextLen { get; set; } = 512;

    /// <summary>Latent channels of the VAE (Wan2.1: 16; custom size only).</summary>
    public int LatentChannels { get; set; } = 16;

    /// <summary>Width of the sinusoidal timestep features (custom size only).</summary>
    public int FreqDim { get; set; } = 256;

    /// <summary>The trunk's weights (<c>diffusion_pytorch_model.safetensors</c>, official or diffusers names); empty = random initialisation.</summary>
    public string Weights { get; set; } = "";

    /// <summary>For inference (generate, estimate, eval): the Wan2.1 VAE's weights (safetensors) that decode the model's latents and encode its inputs.</summary>
    public string Vae { get; set; } = "";

    /// <summary>For inference: the precomputed umT5 embeddings of the prompts used (<c>text-embeddings.safetensors</c>, e.g. the latent dataset's).</summary>
    public string TextEmbeddings { get; set; } = "";

    /// <summary>LoRA rank on the trunk's attention and FFN linears; 0 = train the whole trunk.</summary>
    public int LoraRank { get; set; }

    /// <summary>LoRA alpha (the update is scaled by alpha / rank).</summary>
    public double LoraAlpha { get; set; } = 1.0;

    /// <summary>Which block linears LoRA adapts: patterns such as <c>self_attn.q</c>, <c>cross_attn.*</c>, <c>ffn.0</c> (see <see cref="WanLoraConfig.Targets"/>); empty = every attention and FFN linear.</summary>
    public List<string> LoraTargets { get; set; } = [];

    /// <summary>Dropout on each adapter's input while training.</summary>
    public double LoraDropout { get; set; }

    /// <summary>
    /// Multiplier of <c>Training:LearningRate</c> for UnityVideo's new modules on the trunk (modality patch embeddings and
    /// heads, switcher, joint-attention gates), which start at zero and have no pretrained values to keep.
    /// </summary>
    public double NewModulesLearningRateScale { get; set; } = 1.0;

    /// <summary><see cref="Precision"/> with fp32 trunk weights.</summary>
    public const string Fp32 = "fp32";

    /// <summary><see cref="Precision"/> with bf16 trunk weights (the optimiser keeps fp32 masters of trained ones).</summary>
    public const string Bf16 = "bf16";

    /// <summary>
    /// The trunk's weight type: <c>fp32</c> or <c>bf16</c>. Time embedding, modulation, norms, RoPE, residual stream and heads
    /// run in fp32 either way, as Wan's reference does; the UnityVideo parameters and LoRA adapters are always fp32.
    /// </summary>
    public string Precision { get; set; } = Fp32;

    /// <summary>Per-block gradient checkpointing while training (less activation memory for one more forward pass; same gradients).</summary>
    public bool CheckpointBlocks { get; set; }

    /// <summary>The trunk's shape.</summary>
    public WanDiTConfig Trunk() => Size == T2V1_3B
        ? WanDiTConfig.T2V1_3B
        : new WanDiTConfig(Dim, FfnDim, Heads, Layers, FreqDim, TextDim, TextLen, LatentChannels, LatentChannels);

    /// <summary>LoRA on the trunk, or null for full training.</summary>
    public WanLoraConfig? Lora() => LoraRank > 0 ? new WanLoraConfig(LoraRank, LoraAlpha, LoraTargets.Count > 0 ? LoraTargets : null, LoraDropout) : null;

    /// <summary>Every problem, each naming its key (<c>Model:Wan:…</c>); empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Size is not (T2V1_3B or Custom)) errors.Add($"{SectionName}:{nameof(Size)} must be '{T2V1_3B}' or '{Custom}' (got '{Size}').");
        else if (Size == Custom)
        {
            // The trunk's own rules, named by their keys here (its names are the same as ours, LatentChannels aside).
            foreach (var problem in Trunk().Problems())
                errors.Add($"{SectionName}: {problem.Replace("InChannels", nameof(LatentChannels), StringComparison.Ordinal).Replace("OutChannels", nameof(LatentChannels), StringComparison.Ordinal)}.");
        }
        if (Precision is not (Fp32 or Bf16)) errors.Add($"{SectionName}:{nameof(Precision)} must be '{Fp32}' or '{Bf16}' (got '{Precision}').");
        if (LoraRank < 0) errors.Add($"{SectionName}:{nameof(LoraRank)} must be 0 (train the whole trunk) or more (got {LoraRank}).");
        if (!(LoraAlpha > 0 && double.IsFinite(LoraAlpha))) errors.Add($"{SectionName}:{nameof(LoraAlpha)} must be a finite number greater than 0 (got {LoraAlpha}).");
        if (LoraRank > 0)
            foreach (var problem in Lora()!.Problems().Where(p => p.Contains("target", StringComparison.Ordinal) || p.Contains("dropout", StringComparison.Ordinal)))
                errors.Add($"{SectionName}: {problem} ({nameof(LoraTargets)}, {nameof(LoraDropout)}).");
        if (!(NewModulesLearningRateScale >= 0 && double.IsFinite(NewModulesLearningRateScale)))
            errors.Add($"{SectionName}:{nameof(NewModulesLearningRateScale)} must be a finite number ≥ 0 (got {NewModulesLearningRateScale}).");
        return errors;
    }

    /// <summary>The configuration as JSON (checkpoint metadata and the run's configuration hash).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads <see cref="ToJson"/>'s output.</summary>
    public static WanUnityConfig FromJson(string json) =>
        JsonSerializer.Deserialize<WanUnityConfig>(json, JsonOptions) ?? throw new FormatException("Wan configuration JSON is empty.");

    /// <summary>A deep copy.</summary>
    public WanUnityConfig Clone() => FromJson(ToJson());

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

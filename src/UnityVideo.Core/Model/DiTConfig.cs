using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnityVideo.Core.Model;

/// <summary>
/// Sizes and switches of the UnityVideo diffusion transformer: the one type the <c>Model</c> configuration section
/// binds to (the chosen preset's sizes, then the section's own keys). The presets themselves live only in the
/// host's defaults JSON. Member names are the configuration keys; <see cref="JsonPropertyNameAttribute"/> pins the
/// few whose checkpoint key is older than the configuration key, so stored checkpoints keep loading. <see cref="Frames"/>, <see cref="Height"/> and <see cref="Width"/>
/// are the clip size the model is trained at; the forward pass accepts any size divisible by the patch
/// (positions are rotary, not learned tables).
/// </summary>
public sealed class DiTConfig
{
    /// <summary>Width of every token in the trunk.</summary>
    public int HiddenSize { get; set; } = 128;

    /// <summary>Number of DiT blocks.</summary>
    public int Depth { get; set; } = 4;

    /// <summary>Attention heads in self- and cross-attention; <see cref="HiddenSize"/> / heads must be ≥ 6 and even.</summary>
    public int Heads { get; set; } = 4;

    /// <summary>MLP hidden width as a multiple of <see cref="HiddenSize"/>.</summary>
    public double MlpRatio { get; set; } = 4.0;

    /// <summary>Spatial patch size P (patches are 1 × P × P: every frame is its own token row).</summary>
    public int PatchSize { get; set; } = 4;

    /// <summary>Frames per training clip.</summary>
    public int Frames { get; set; } = 8;

    /// <summary>Frame height in pixels (multiple of <see cref="PatchSize"/>).</summary>
    public int Height { get; set; } = 32;

    /// <summary>Frame width in pixels (multiple of <see cref="PatchSize"/>).</summary>
    public int Width { get; set; } = 32;

    /// <summary>Base of the rotary frequencies.</summary>
    public double RopeTheta { get; set; } = 10_000.0;

    /// <summary>Width of the text encoder's tokens (the cross-attention context width).</summary>
    public int TextDim { get; set; } = 128;

    /// <summary>Transformer layers in the built-in text encoder.</summary>
    public int TextLayers { get; set; } = 2;

    /// <summary>Attention heads in the built-in text encoder.</summary>
    public int TextHeads { get; set; } = 4;

    /// <summary>Prompt length in tokens (including the leading begin token); longer prompts are truncated.</summary>
    public int MaxPromptTokens { get; set; } = 32;

    /// <summary>
    /// Rows of the text encoder's token-embedding table. Tokenizer ids (cl100k: ~100k) are hashed into this
    /// many buckets so that the embedding table stays proportionate to the model (see HashedTextEncoder).
    /// </summary>
    [JsonPropertyName("hashBuckets")]
    public int TextBuckets { get; set; } = 4096;

    /// <summary>Independent hash functions per token (their embeddings are summed), to soften collisions.</summary>
    public int HashFunctions { get; set; } = 2;

    /// <summary>
    /// Adds each stream's learned switcher embedding to its timestep embedding before AdaLN (the paper's modality
    /// switcher). Off only for ablations: every stream is then modulated by its timestep alone.
    /// </summary>
    [JsonPropertyName("useModalitySwitcher")]
    public bool ModalitySwitcher { get; set; } = true;

    /// <summary>
    /// Lets each modality stream attend to its own modality prompt (the paper's in-context learner). Off only for
    /// ablations: every stream then attends to the RGB stream's content prompt.
    /// </summary>
    [JsonPropertyName("useInContextLearner")]
    public bool InContextLearner { get; set; } = true;

    /// <summary>
    /// Data scale σ of the output skip (0 = off): every stream's velocity is predicted as
    /// c_skip(t)·x_t + c_out(t)·F, where c_skip is the best linear guess of the velocity ε − x₀ from x_t
    /// for data of standard deviation σ, c_out the spread that guess leaves, and F the network's head. Without it the
    /// network must carry the noise from its input to its output through every LayerNorm to predict the noise part
    /// of the velocity, and whatever it loses lands in the sample as noise. That error outweighs a low-amplitude
    /// target such as small optical flow. Checkpoints written before this setting load with 0.
    /// </summary>
    public double OutputSkipSigma { get; set; } = 0.5;

    /// <summary>
    /// What each stream's head predicts: <c>velocity</c> (ε − x₀ directly, with the output skip when
    /// <see cref="OutputSkipSigma"/> &gt; 0) or <c>data</c> (the clean stream x̂₀, turned into the velocity
    /// (x_t − x̂₀) / t that training and sampling use; see <see cref="DataPrediction"/>). Checkpoints written before
    /// this setting load with <c>velocity</c>.
    /// </summary>
    public string Prediction { get; set; } = VelocityPrediction;

    /// <summary><see cref="Prediction"/>: the heads predict the velocity.</summary>
    public const string VelocityPrediction = "velocity";

    /// <summary><see cref="Prediction"/>: the heads predict the clean data.</summary>
    public const string DataPredictionName = "data";

    /// <summary>
    /// Frames each token's patch embedding reads: 1 (its own) or 2 (its own and the next, the last frame paired
    /// with itself). With a pair, one linear layer sees a patch's change over time beside its spatial pattern —
    /// the brightness-constancy terms of optical flow — instead of leaving attention to find sub-pixel shifts
    /// between tokens, which a small model trained briefly does not learn. Checkpoints written before this
    /// setting load with 1.
    /// </summary>
    public int PatchFrames { get; set; } = 1;

    /// <summary>
    /// Frames one token covers (a tubelet, as video ViTs patch time): 1, 2 or 4. A token then reads that many
    /// consecutive frames (each with its <see cref="PatchFrames"/> pair) and its head draws them all, so a stream has
    /// that many times fewer tokens: attention and every product of the blocks shrink with it. <see cref="Frames"/> and
    /// the frames of every input must be multiples of it. Checkpoints written before this setting load with 1.
    /// </summary>
    public int TemporalPatch { get; set; } = 1;

    /// <summary>Tokens of one stream of <paramref name="frames"/> × <paramref name="height"/> × <paramref name="width"/> (0 when the patch sizes are not positive).</summary>
    public long TokensPerStream(long frames, long height, long width) =>
        PatchSize <= 0 || TemporalPatch <= 0 ? 0 : frames / TemporalPatch * (height / PatchSize) * (width / PatchSize);

    /// <summary>
    /// Adds to every token, right after patch embedding, a learned projection (zero at initialisation) of the mean of
    /// the other streams' tokens at the same (t, h, w). Every modality here is a pixel grid aligned with the RGB, so
    /// this hands each token what sits under it in the other streams, as channel concatenation does in image-to-image
    /// diffusion models. Without it that has to be found by attention among all the streams' tokens, which share
    /// positions, and a small model trained for minutes does not find it: it then estimates every modality from its
    /// prior alone (the same output for any RGB). Beyond the paper; the host's defaults turn it on together with
    /// <see cref="MotionEnergy"/> (measurements in docs/decisions.md). Checkpoints written before this setting load with it off.
    /// </summary>
    public bool AlignedFusion { get; set; }

    /// <summary>
    /// How <see cref="AlignedFusion"/>'s projection starts: <see cref="FusionZero"/> (the identity block, nothing handed
    /// over until training grows it) or <see cref="FusionIdentity"/> (each token starts with the other streams' mean token
    /// added as it is). From zero the projection grows slowly: in short runs the noised stream's token is mostly its
    /// noise's embedding, and whether the estimate read the video at all depended on the seed (measurements in
    /// docs/decisions.md). A fresh model still predicts zero (its heads are zero). Checkpoints written before this
    /// setting load with <see cref="FusionZero"/>.
    /// </summary>
    public string AlignedFusionInit { get; set; } = FusionZero;

    /// <summary>
    /// Adds the RGB stream's pixels under each modality token (its frame, or frame pair with <see cref="PatchFrames"/> = 2)
    /// to that token's patch input, as image-conditional diffusion models concatenate the image to the noised target's
    /// channels: the modality token reads the RGB pixels themselves through its own patch embedding, not only the RGB
    /// token through <see cref="AlignedFusion"/>. Noised RGB (joint generation) is handed over as it is. Checkpoints
    /// written before this setting load with it off.
    /// </summary>
    public bool AlignedInput { get; set; }

    /// <summary>
    /// Adds to every stream's tokens a fixed code of the token's place in the frame (<see cref="Model.FramePositions"/>),
    /// as the original DiT adds its absolute positions. Without it the trunk knows positions only through its rotary
    /// embeddings, which are relative, so a stream of pure noise carries nothing that tells the top of the frame from
    /// the bottom. Checkpoints written before this setting load with it off.
    /// </summary>
    public bool FramePositions { get; set; }

    /// <summary><see cref="AlignedFusionInit"/>: a zero projection.</summary>
    public const string FusionZero = "zero";

    /// <summary><see cref="AlignedFusionInit"/>: the identity projection (zero bias).</summary>
    public const string FusionIdentity = "identity";

    /// <summary>
    /// Adds the RGB stream's motion-energy channels (<see cref="Model.MotionEnergy"/>: products of the grey level's spatial
    /// and temporal derivatives) to its patch input. Beyond the paper, whose backbone arrives pretrained on video and
    /// so already reads motion; a small model trained from scratch for minutes does not learn those products.
    /// Checkpoints written before this setting load with it off.
    /// </summary>
    public bool MotionEnergy { get; set; }

    /// <summary>
    /// A 3×3 convolution after un-patchifying each stream's head output (U-ViT, Bao et al. 2023), reading the stream's
    /// channels and extra features its head draws: a linear head over P×P patches cannot make a pixel depend on the
    /// next token's. Zero at initialisation. Checkpoints written before this setting load with it off.
    /// </summary>
    public bool OutputConv { get; set; }

    /// <summary>
    /// Width of the hidden layers of a small convolutional decoder after each stream's head (0 = none; see
    /// <see cref="Model.PixelDecoder"/>): three 3×3 convolutions over what the head drew, the stream's own input and,
    /// for a modality, the RGB pixels under it, so an estimate can follow the video's edges at pixel precision.
    /// An alternative to <see cref="OutputConv"/>. Checkpoints written before this setting load without it.
    /// </summary>
    public int PixelDecoder { get; set; }

    /// <summary>
    /// Precision of the blocks' linear layers: <see cref="Fp32"/>, or <see cref="Bf16"/> (inputs and weights rounded to
    /// bfloat16 for the product only; parameters, the residual stream, attention, norms, the heads and the optimizer
    /// stay fp32, autocast's rule for linear layers), or <see cref="AutoPrecision"/> (bf16 where the hardware multiplies
    /// it: a GPU, or a CPU with AVX-512 BF16 or AMX, where the products run several times faster; fp32 elsewhere). See
    /// <see cref="Model.BlockProducts"/>. Checkpoints written before this setting load with <see cref="Fp32"/>.
    /// </summary>
    public string BlockPrecision { get; set; } = Fp32;

    /// <summary><see cref="BlockPrecision"/>: fp32 products.</summary>
    public const string Fp32 = "fp32";

    /// <summary><see cref="BlockPrecision"/>: bfloat16 products, fp32 results.</summary>
    public const string Bf16 = "bf16";

    /// <summary><see cref="BlockPrecision"/>: <see cref="Bf16"/> on a GPU and on a CPU that multiplies bf16 in hardware (<see cref="Native.CpuFeatures.HasBf16Products"/>), else <see cref="Fp32"/>.</summary>
    public const string AutoPrecision = "auto";

    /// <summary>
    /// Data scale per stream ("rgb" or a modality name; absent = 1): the diffusion runs on x₀·s, so a stream whose
    /// codes vary little (RGB here: standard deviation ≈ 0.24 in [-1, 1]) is not buried under unit-variance noise at
    /// mid noise levels, nor under-weighted in the loss against streams of larger spread. Training noises the scaled
    /// stream and takes its error in the scaled space; the samplers start from unit noise there and return x̂₀ / s.
    /// </summary>
    public Dictionary<string, double> StreamScales { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The data scale of <paramref name="stream"/> (<see cref="StreamScales"/>; 1 when absent).</summary>
    public double ScaleOf(string stream) => StreamScales.TryGetValue(stream, out var s) ? s : 1.0;

    /// <summary>Head width (<see cref="HiddenSize"/> / <see cref="Heads"/>).</summary>
    [JsonIgnore]
    public int HeadDim => HiddenSize / Heads;

    /// <summary>MLP hidden width.</summary>
    [JsonIgnore]
    public int MlpHidden => (int)Math.Round(HiddenSize * MlpRatio);

    /// <summary>
    /// Every problem with the configuration, one line each, each line starting with the member to change (the host
    /// turns that into the configuration key); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Positive(string name, double v) { if (!(v > 0)) errors.Add($"{name} must be greater than 0 (got {v})."); }
        Positive(nameof(HiddenSize), HiddenSize);
        Positive(nameof(Depth), Depth);
        Positive(nameof(Heads), Heads);
        Positive(nameof(MlpRatio), MlpRatio);
        Positive(nameof(PatchSize), PatchSize);
        Positive(nameof(Frames), Frames);
        Positive(nameof(RopeTheta), RopeTheta);
        Positive(nameof(TextDim), TextDim);
        Positive(nameof(TextHeads), TextHeads);
        Positive(nameof(MaxPromptTokens), MaxPromptTokens);
        Positive(nameof(TextBuckets), TextBuckets);
        Positive(nameof(HashFunctions), HashFunctions);
        if (TextLayers < 0) errors.Add($"{nameof(TextLayers)} must be 0 or more (got {TextLayers}).");
        if (FramePositions && HiddenSize % 4 != 0) errors.Add($"{nameof(FramePositions)} needs {nameof(HiddenSize)} to be a multiple of 4 (got {HiddenSize}).");
        if (Heads > 0 && HiddenSize % Heads != 0) errors.Add($"{nameof(Heads)} must divide {nameof(HiddenSize)} ({HiddenSize}) (got {Heads}).");
        // Rotary positions split each head into (t, h, w) thirds of even width.
        else if (Heads > 0 && (HeadDim < 6 || HeadDim % 2 != 0)) errors.Add($"{nameof(Heads)}: {nameof(HiddenSize)} / {nameof(Heads)} = {HeadDim} must be even and at least 6 (3-D rotary positions).");
        if (TextHeads > 0 && TextDim % TextHeads != 0) errors.Add($"{nameof(TextHeads)} must divide {nameof(TextDim)} ({TextDim}) (got {TextHeads}).");
        if (Height <= 0 || (PatchSize > 0 && Height % PatchSize != 0)) errors.Add($"{nameof(Height)} must be a positive multiple of {nameof(PatchSize)} ({PatchSize}) (got {Height}).");
        if (Width <= 0 || (PatchSize > 0 && Width % PatchSize != 0)) errors.Add($"{nameof(Width)} must be a positive multiple of {nameof(PatchSize)} ({PatchSize}) (got {Width}).");
        if (TemporalPatch is not (1 or 2 or 4)) errors.Add($"{nameof(TemporalPatch)} must be 1, 2 or 4 (frames a token covers); got {TemporalPatch}.");
        else if (Frames > 0 && Frames % TemporalPatch != 0) errors.Add($"{nameof(TemporalPatch)}: {nameof(Frames)} ({Frames}) must be a multiple of it (got {TemporalPatch}).");
        if (PatchFrames is not (1 or 2)) errors.Add($"{nameof(PatchFrames)} must be 1 (each token reads its own frame) or 2 (its frame and the next); got {PatchFrames}.");
        if (!(OutputSkipSigma >= 0 && double.IsFinite(OutputSkipSigma))) errors.Add($"{nameof(OutputSkipSigma)} must be a finite number ≥ 0 (0 turns the output skip off; got {OutputSkipSigma}).");
        if (PixelDecoder < 0) errors.Add($"{nameof(PixelDecoder)} must be 0 (none) or the width of the decoder's hidden convolutions (got {PixelDecoder}).");
        else if (PixelDecoder > 0 && OutputConv) errors.Add($"{nameof(PixelDecoder)}: the pixel decoder replaces {nameof(OutputConv)}; turn one of them off.");
        if (AlignedFusionInit is not (FusionZero or FusionIdentity)) errors.Add($"{nameof(AlignedFusionInit)} must be '{FusionZero}' or '{FusionIdentity}' (got '{AlignedFusionInit}').");
        if (BlockPrecision is not (Fp32 or Bf16 or AutoPrecision)) errors.Add($"{nameof(BlockPrecision)} must be '{Fp32}', '{Bf16}' or '{AutoPrecision}' (got '{BlockPrecision}').");
        if (Prediction is not (VelocityPrediction or DataPredictionName)) errors.Add($"{nameof(Prediction)} must be '{VelocityPrediction}' or '{DataPredictionName}' (got '{Prediction}').");
        foreach (var (stream, scale) in StreamScales)
            if (!(scale > 0 && double.IsFinite(scale))) errors.Add($"{nameof(StreamScales)}:{stream} must be a finite number greater than 0 (got {scale}).");
        if (MaxPromptTokens == 1) errors.Add($"{nameof(MaxPromptTokens)} must be at least 2 (a begin token and one word).");
        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, if any.</summary>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid model configuration:\n  " + string.Join("\n  ", errors));
    }

    /// <summary>Serialises to JSON (stored in checkpoint metadata).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses JSON written by <see cref="ToJson"/>; unknown fields are ignored, missing fields keep defaults.</summary>
    public static DiTConfig FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var config = root.Deserialize<DiTConfig>(JsonOptions) ?? throw new FormatException("Model configuration JSON is empty.");
        config.StreamScales = new Dictionary<string, double>(config.StreamScales, StringComparer.OrdinalIgnoreCase);
        // Models stored before these settings existed were trained without them.
        bool Stored(string property) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(JsonOptions.PropertyNamingPolicy!.ConvertName(property), out _);
        if (!Stored(nameof(OutputSkipSigma))) config.OutputSkipSigma = 0;
        if (!Stored(nameof(PatchFrames))) config.PatchFrames = 1;
        if (!Stored(nameof(AlignedFusion))) config.AlignedFusion = false;
        if (!Stored(nameof(MotionEnergy))) config.MotionEnergy = false;
        if (!Stored(nameof(Prediction))) config.Prediction = VelocityPrediction;
        if (!Stored(nameof(OutputConv))) config.OutputConv = false;
        if (!Stored(nameof(AlignedFusionInit))) config.AlignedFusionInit = FusionZero;
        if (!Stored(nameof(AlignedInput))) config.AlignedInput = false;
        if (!Stored(nameof(PixelDecoder))) config.PixelDecoder = 0;
        if (!Stored(nameof(TemporalPatch))) config.TemporalPatch = 1;
        if (!Stored(nameof(FramePositions))) config.FramePositions = false;
        return config;
    }

    /// <summary>A member-wise copy.</summary>
    public DiTConfig Clone() => FromJson(ToJson());

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Abstractions;
using UnityVideo.Core.Model;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// UnityVideo's mechanisms over a Wan2.1 trunk (<c>base</c>, with the official checkpoint's names), on VAE latents:
/// <code>
///   rgb latent   → base.patch_embedding            ┐ tokens laid stream after stream → [B, S·n, D]
///   modality m   → patch_embeds.m (zero-init)      ┘ (RoPE: stream k is a panel k·w to the right, as the release)
///   e_s = base.time_embedding(t_s) + switcher.s (zero-init)  → base.time_projection → e0_s   [B, S, 6, D]
///   blocks: joint self-attention over all streams (RGB sees the others through joint_gates, zero-init)
///           → cross-attention, same weights: RGB to the caption, modality tokens to the modality prompt
///           → FFN; every token modulated by its own stream's e0
///   rgb → base.head;  modality m → heads.m (output zero-init)                     [B, C, F, H, W] each
/// </code>
/// Every new parameter starts at zero where it touches the RGB computation, so a fresh model given the trunk's
/// weights predicts RGB exactly as the plain <see cref="WanDiT"/> does, with or without modality streams beside it.
/// Prompts are precomputed text-encoder embeddings (<see cref="Text.TextPrompt.FromEmbeddings"/>); a missing prompt, and
/// a dropped one (classifier-free guidance), is the empty prompt's embedding given at construction.
/// </summary>
public sealed class UnityWan : nn.Module<IReadOnlyList<DiTStream>, IReadOnlyList<Tensor>>, IStreamModel
{
    private readonly WanDiT @base;
    private readonly StreamLayers<Conv3d> patch_embeds;
    private readonly ModalitySwitcher switcher;
    private readonly Parameter joint_gates;
    private readonly StreamLayers<WanHead> heads;
    private readonly Tensor empty_prompt;
    private readonly PendingHandles checkpointHandles = new();
    private WanLoraAdapter? lora;
    private BaseWeights? trunkWeights; // where base's values came from, while nothing has changed them

    /// <summary>
    /// Builds the model for "rgb" and <paramref name="modalities"/> with a freshly initialised trunk (load weights with
    /// <see cref="LoadTrunk"/>, then <see cref="AttachLora"/>). <paramref name="emptyPrompt"/> is the text encoder's
    /// output for the empty prompt, <c>[L, TextDim]</c>.
    /// </summary>
    public UnityWan(WanUnityConfig config, IEnumerable<ModalityDescriptor> modalities, Tensor emptyPrompt, Device? device = null) : base(nameof(UnityWan))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(emptyPrompt);
        var errors = config.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid Wan backbone configuration:\n  " + string.Join("\n  ", errors), nameof(config));
        Config = config.Clone();
        Trunk = Config.Trunk();
        var names = new List<string> { ModalityRegistry.Rgb };
        foreach (var m in modalities)
        {
            if (m.Name == ModalityRegistry.Rgb) throw new ArgumentException($"'{ModalityRegistry.Rgb}' is reserved for the RGB stream.", nameof(modalities));
            if (names.Contains(m.Name)) throw new ArgumentException($"Modality '{m.Name}' given twice.", nameof(modalities));
            names.Add(m.Name);
        }
        if (emptyPrompt.dim() != 2 || emptyPrompt.shape[1] != Trunk.TextDim || emptyPrompt.shape[0] < 1 || emptyPrompt.shape[0] > Trunk.TextLen)
            throw new ArgumentException($"The empty prompt's embedding must be [L ≤ {Trunk.TextLen}, {Trunk.TextDim}]; got [{string.Join(", ", emptyPrompt.shape)}].", nameof(emptyPrompt));

        var t = Trunk;
        @base = new WanDiT(t, device, Config.Precision == WanUnityConfig.Bf16 ? bfloat16 : float32);
        var modalityNames = names.Skip(1).ToList();
        patch_embeds = new StreamLayers<Conv3d>("patch_embeds", modalityNames.Select(m => (m,
            nn.Conv3d(t.InChannels, t.Dim, kernel_size: (t.PatchT, t.PatchH, t.PatchW), stride: (t.PatchT, t.PatchH, t.PatchW), device: device))));
        switcher = new ModalitySwitcher("switcher", names, t.Dim);
        joint_gates = new Parameter(zeros([t.Layers, t.Dim], float32, device));
        heads = new StreamLayers<WanHead>("heads", modalityNames.Select(m => (m, new WanHead(m, t, device))));
        RegisterComponents();
        empty_prompt = emptyPrompt.to(float32).to(device ?? CPU).clone();
        register_buffer("empty_prompt", empty_prompt);

        // The new parameters' zero start: modality tokens are zero, the switcher adds nothing, RGB attends to itself only,
        // and modality heads predict zero velocity until trained.
        using var noGrad = no_grad();
        foreach (var m in modalityNames)
        {
            nn.init.zeros_(patch_embeds[m].weight!);
            nn.init.zeros_(patch_embeds[m].bias!);
            nn.init.zeros_(heads[m].Output.weight!);
            nn.init.zeros_(heads[m].Output.bias!);
        }
    }

    /// <summary>The configuration the model was built from (a copy).</summary>
    public WanUnityConfig Config { get; }

    /// <summary>The trunk's shape.</summary>
    public WanDiTConfig Trunk { get; }

    /// <summary>The Wan trunk (parameter names <c>base.</c> + the official ones).</summary>
    public WanDiT Base => @base;

    /// <summary>The LoRA on the trunk, when attached.</summary>
    public WanLoraAdapter? Lora => lora;

    /// <inheritdoc />
    public string Backbone => BackboneNames.Wan;

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <inheritdoc />
    public Device Device => joint_gates.device;

    /// <inheritdoc />
    public IReadOnlyList<string> StreamNames => switcher.Names;

    /// <summary>The switcher (one slot per stream kind, keyed by name).</summary>
    public ModalitySwitcher Switcher => switcher;

    /// <inheritdoc />
    public int Channels(string stream) =>
        switcher.Contains(stream) ? Trunk.InChannels : throw new KeyNotFoundException($"Unknown stream '{stream}'. Known: {string.Join(", ", switcher.Names)}.");

    /// <inheritdoc />
    public double ScaleOf(string stream) => 1.0; // VAE latents are already normalised per channel

    /// <inheritdoc />
    public bool PredictsData => false;

    /// <inheritdoc />
    public string ConfigJson => Config.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<DiTStream> streams) => forward(streams);

    /// <summary>Loads the trunk's weights (official or diffusers names) into <c>base</c> and records which they were (their digest).</summary>
    public WanWeightsReport LoadTrunk(string path)
    {
        var report = WanWeights.Load(@base, path);
        trunkWeights = BaseWeights.Of(BasePrefix, path, report.Files);
        return report;
    }

    /// <inheritdoc />
    /// <remarks>The UnityVideo modules (everything but the trunk and its LoRA) take <see cref="WanUnityConfig.NewModulesLearningRateScale"/>.</remarks>
    public double LearningRateScale(string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.StartsWith(BasePrefix, StringComparison.Ordinal) || parameter.StartsWith("lora.", StringComparison.Ordinal) ? 1.0 : Config.NewModulesLearningRateScale;
    }

    /// <summary>State-dict prefix of the trunk's tensors.</summary>
    public const string BasePrefix = "base.";

    /// <summary>
    /// The trunk's weight file while LoRA keeps the trunk frozen as loaded: checkpoints then leave the trunk out and read
    /// it back from that file. Null when the trunk trains (full fine-tuning), was merged with its LoRA, or came from no file.
    /// </summary>
    public BaseWeights? BaseWeights => lora?.IsAttached == true ? trunkWeights : null;

    /// <inheritdoc />
    public void LoadBaseWeights(string checkpoint, BaseWeights recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Prefix != BasePrefix)
            throw new IO.SafetensorsFormatException(checkpoint, $"takes its '{recorded.Prefix}' tensors from a weight file; a Wan model's trunk is '{BasePrefix}'");
        var path = recorded.Locate(checkpoint, Config.Weights, $"{WanUnityConfig.SectionName}:{nameof(WanUnityConfig.Weights)}", WanWeights.Files);
        WanWeights.Load(@base, path);
        trunkWeights = recorded with { Path = path };
    }

    /// <summary>
    /// Attaches LoRA to the trunk (freezing its weights; the UnityVideo parameters stay trainable) and registers the
    /// adapters under <c>lora.</c>, so the optimiser, EMA and checkpoints see them like any other parameter.
    /// </summary>
    public WanLoraAdapter AttachLora(WanLoraConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (lora is not null) throw new InvalidOperationException("this model already carries a LoRA adapter");
        lora = WanLoraAdapter.Attach(@base, config);
        var adapter = lora;
        register_module("lora", new StreamLayers<WanLoraLayer>("lora", adapter.ModuleNames.Select(n => (n.Replace('.', '_'), adapter[n]))));
        return lora;
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Forward
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Velocity of every stream (latents <c>[B, C, F, H, W]</c>, timesteps in [0, 1], prompts as embeddings), returned in
    /// the order given, each fp32 and shaped like its input.
    /// </summary>
    public override IReadOnlyList<Tensor> forward(IReadOnlyList<DiTStream> streams)
    {
        var (b, frames, height, width) = CheckStreams(streams);
        using var scope = NewDisposeScope();
        var t = Trunk;
        // RGB first: the joint gate applies to the leading tokens.
        var order = Enumerable.Range(0, streams.Count).OrderBy(i => streams[i].Modality == ModalityRegistry.Rgb ? 0 : 1).ToList();
        var ordered = order.Select(i => streams[i]).ToList();
        var s = ordered.Count;
        var (f, gh, gw) = (frames / t.PatchT, height / t.PatchH, width / t.PatchW);
        var n = f * gh * gw;

        // 1. Tokens: each stream through its own patch embedding, laid one stream after another
        var tokens = cat(ordered.Select(st => Tokens(st)).ToArray(), 1);                                     // [B, S·n, D] fp32

        // 2. Per-stream conditioning: e_s = TimeEmbed(1000·t_s) + Switcher[s], then the six modulation vectors
        var times = stack(ordered.Select(st => st.Timestep.to(float32) * 1000).ToArray(), 1);                // [B, S]
        var e = @base.TimeEmbedding(times.flatten()).view(b, s, t.Dim);                                        // [B, S, D]
        e = e + switcher.forward(ordered.Select(st => st.Modality).ToList()).unsqueeze(0);                    // [B, S, D]
        var e0 = @base.ModulationOf(e);                                                                        // [B, S, 6, D]
        var perToken = s == 1 ? e0.select(1, 0)                                                                // [B, 6, D]
            : e0.unsqueeze(2).expand(b, s, n, 6, t.Dim).reshape(b, s * n, 6, t.Dim);                           // [B, S·n, 6, D]

        // 3. In-context learner: each stream's prompt (RGB: caption, modality: its prompt), embedded by the trunk
        var text = @base.EmbedText(stack(ordered.Select(st => Context(st, b)).ToArray(), 1).flatten(0, 1));  // [B·S, TextLen, D]

        // 4. Rotary positions: stream k occupies width positions k·w … (k+1)·w − 1
        var (cos, sin) = Positions(f, gh, gw, s);                                                               // [S·n, Dh]

        // 5. Blocks (checkpointed when the trunk's CheckpointBlocks is set and gradients are recorded)
        var rgbFirst = ordered[0].Modality == ModalityRegistry.Rgb && s > 1;
        var checkpoint = @base.CheckpointBlocks && is_grad_enabled();
        if (checkpoint && training && WanLoraAdapter.HasActiveDropout(@base))
            throw new InvalidOperationException(
                "gradient checkpointing recomputes each block during backward and cannot reproduce LoRA dropout's random mask: " +
                "set the LoRA dropout to 0 or turn CheckpointBlocks off");
        checkpointHandles.Release(); // the last backward's, if any
        var blocks = @base.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            var ctx = new WanBlockContext(perToken, cos, sin, text, joint_gates[i], rgbFirst ? n : 0);
            tokens = checkpoint ? WanBlockCheckpoint.Run(blocks[i], tokens, ctx, checkpointHandles) : blocks[i].forward(tokens, ctx); // [B, S·n, D]
        }

        // 6. Heads, each stream modulated by its own e_s, and unpatchify
        var outputs = new Tensor[s];
        for (var k = 0; k < s; k++)
        {
            var segment = tokens.narrow(1, k * n, n);                                                          // [B, n, D]
            var head = ordered[k].Modality == ModalityRegistry.Rgb ? @base.Head : heads[ordered[k].Modality];
            outputs[order[k]] = WanDiT.Unpatchify(head.forward(segment, e.select(1, k)), t, f, gh, gw);       // [B, C, F, H, W]
        }
        scope.MoveToOuter(outputs);
        return outputs;
    }

    private Tensor Tokens(DiTStream stream)
    {
        var embed = stream.Modality == ModalityRegistry.Rgb ? @base.PatchEmbedding : patch_embeds[stream.Modality];
        var grid = embed.forward(CpuConvolution.Input(stream.Latent.to_type(embed.weight!.dtype)));                                // [B, D, f, h, w]
        return grid.flatten(2).transpose(1, 2).to_type(float32);                                              // [B, n, D]
    }

    // A stream's prompt embeddings padded to TextLen [B, TextLen, TextDim]: the empty prompt where none is given or it is
    // dropped, zeros after each prompt's length (as the reference pads).
    private Tensor Context(DiTStream stream, long batch)
    {
        var t = Trunk;
        var empty = Pad(empty_prompt.unsqueeze(0), t.TextLen).expand(batch, -1, -1);                          // [B, TextLen, TextDim]
        if (stream.Prompt is null) return empty;
        var embedded = stream.Prompt.Embeddings
            ?? throw new ArgumentException($"Stream '{stream.Modality}': the Wan backbone takes precomputed text embeddings (TextPrompt.FromEmbeddings), not token ids.", nameof(stream));
        if (embedded.dim() != 3 || embedded.shape[0] != batch || embedded.shape[2] != t.TextDim || embedded.shape[1] > t.TextLen)
            throw new ArgumentException($"Stream '{stream.Modality}': prompt embeddings must be [{batch}, L ≤ {t.TextLen}, {t.TextDim}]; got [{string.Join(", ", embedded.shape)}].", nameof(stream));
        var context = Pad(embedded.to(float32) * stream.Prompt.Mask.to(float32).unsqueeze(-1), t.TextLen);   // [B, TextLen, TextDim]
        if (stream.DropPrompt is { } drop) context = where(drop.to(@bool).view(-1, 1, 1), empty, context);
        return context;
    }

    private static Tensor Pad(Tensor x, long length) =>
        x.shape[1] == length ? x : nn.functional.pad(x, [0, 0, 0, length - x.shape[1]]);                     // [B, length, Dt]

    private (Tensor Cos, Tensor Sin) Positions(long f, long gh, long gw, int streams)
    {
        var dh = Trunk.HeadDim;
        var (cos, sin) = WanRope.Tables(f, gh, gw * streams, dh, Device);                                    // [f·h·(S·w), Dh]
        if (streams == 1) return (cos, sin);
        Tensor PerStream(Tensor table) => table.view(f, gh, streams, gw, dh).permute(2, 0, 1, 3, 4).reshape(-1, dh); // [S·n, Dh]
        return (PerStream(cos), PerStream(sin));
    }

    private (long B, long F, long H, long W) CheckStreams(IReadOnlyList<DiTStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0) throw new ArgumentException("At least one stream is required.", nameof(streams));
        var first = streams[0].Latent;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var t = Trunk;
        foreach (var st in streams)
        {
            if (!seen.Add(st.Modality)) throw new ArgumentException($"Stream '{st.Modality}' given twice.", nameof(streams));
            var c = Channels(st.Modality);
            var sh = st.Latent.shape;
            if (sh.Length != 5 || sh[1] != c || sh[0] != first.shape[0] || sh[2] != first.shape[2] || sh[3] != first.shape[3] || sh[4] != first.shape[4])
                throw new ArgumentException($"Stream '{st.Modality}' has shape [{string.Join(", ", sh)}]; expected [{first.shape[0]}, {c}, {first.shape[2]}, {first.shape[3]}, {first.shape[4]}] (latents of one clip).", nameof(streams));
            if (st.Timestep.shape.Length != 1 || st.Timestep.shape[0] != sh[0])
                throw new ArgumentException($"Stream '{st.Modality}' needs one timestep per sample ([{sh[0]}]); got [{string.Join(", ", st.Timestep.shape)}].", nameof(streams));
        }
        if (first.shape[2] % t.PatchT != 0 || first.shape[3] % t.PatchH != 0 || first.shape[4] % t.PatchW != 0)
            throw new ArgumentException($"Latent size {first.shape[2]}×{first.shape[3]}×{first.shape[4]} is not a multiple of the patch {t.PatchT}×{t.PatchH}×{t.PatchW}.", nameof(streams));
        return (first.shape[0], first.shape[2], first.shape[3], first.shape[4]);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Abstractions;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Text;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// The UnityVideo diffusion transformer: one shared trunk over an RGB stream and any number of modality
/// streams. It predicts the flow-matching velocity of every stream it is given.
/// <code>
///   stream s (rgb | depth | flow | …)      [B, C_s, T, H, W]
///     └ patch_embeds.&lt;s&gt; (pt×P×P)         [B, n, D]         ┐ streams concatenated → [B, S·n, D]
///   c_s = t_embedder(t_s) + switcher.&lt;s&gt;  [B, D]            ┘ (each token modulated by its own c_s)
///   blocks × depth: AdaLN-Zero → self-attn (3-D RoPE) → cross-attn to prompt_s → AdaLN-Zero → MLP
///   final_layer (AdaLN) → heads.&lt;s&gt; → unpatchify              [B, C_s, T, H, W]
/// </code>
/// Build it outside any dispose scope; call <see cref="torch.nn.Module.to(Device)"/> to move it.
/// </summary>
public sealed class UnityDiT : nn.Module<IReadOnlyList<DiTStream>, IReadOnlyList<Tensor>>, IStreamModel
{
    private readonly StreamLayers<Linear> patch_embeds;
    private readonly TimestepEmbedder t_embedder;
    private readonly ModalitySwitcher switcher;
    private readonly nn.Module text_encoder;
    private readonly Parameter null_context;
    private readonly ModuleList<DiTBlock> blocks;
    private readonly FinalLayer final_layer;
    private readonly StreamLayers<Linear> heads;
    private readonly StreamLayers<Conv2d>? output_convs;
    private readonly StreamLayers<PixelDecoder>? pixel_decoders;
    private readonly Linear? aligned_fusion;

    private readonly Dictionary<string, int> channels;
    private readonly ITextEncoder textEncoder;

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Construction
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>Creates the model for the registry's modalities (plus "rgb").</summary>
    public UnityDiT(DiTConfig config, ModalityRegistry registry, ITextEncoder? textEncoder = null)
        : this(config, (registry ?? throw new ArgumentNullException(nameof(registry))).Modalities, textEncoder) { }

    /// <summary>
    /// Creates the model: one patch embedding, switcher slot and head for "rgb" (3 channels) and for each
    /// descriptor (its <see cref="ModalityDescriptor.Channels"/>). <paramref name="textEncoder"/> defaults to a
    /// <see cref="HashedTextEncoder"/>; a replacement must be a <see cref="torch.nn.Module"/>.
    /// </summary>
    public UnityDiT(DiTConfig config, IEnumerable<ModalityDescriptor> modalities, ITextEncoder? textEncoder = null) : base(nameof(UnityDiT))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(modalities);
        config.EnsureValid();
        Config = config.Clone();
        channels = new Dictionary<string, int>(StringComparer.Ordinal) { [ModalityRegistry.Rgb] = 3 };
        foreach (var m in modalities)
        {
            if (m.Name == ModalityRegistry.Rgb) throw new ArgumentException($"'{ModalityRegistry.Rgb}' is reserved for the RGB stream.", nameof(modalities));
            if (m.Channels <= 0) throw new ArgumentException($"Modality '{m.Name}' has {m.Channels} channels.", nameof(modalities));
            if (!channels.TryAdd(m.Name, m.Channels)) throw new ArgumentException($"Modality '{m.Name}' given twice.", nameof(modalities));
        }

        textEncoder ??= new HashedTextEncoder("text_encoder", Config);
        if (textEncoder is not nn.Module encoderModule) throw new ArgumentException("The text encoder must be a torch.nn.Module.", nameof(textEncoder));
        if (textEncoder.OutputDim != Config.TextDim) throw new ArgumentException($"Text encoder width {textEncoder.OutputDim} ≠ TextDim {Config.TextDim}.", nameof(textEncoder));
        this.textEncoder = textEncoder;

        int d = Config.HiddenSize, p = Config.PatchSize, pt = Config.TemporalPatch;
        patch_embeds = new StreamLayers<Linear>("patch_embeds", channels.Select(kv => (kv.Key, nn.Linear((long)pt * p * p * PatchChannels(kv.Key), d))));
        t_embedder = new TimestepEmbedder("t_embedder", d);
        switcher = new ModalitySwitcher("switcher", channels.Keys, d);
        text_encoder = encoderModule;
        null_context = new Parameter(zeros(1, Config.TextDim));
        blocks = nn.ModuleList(Enumerable.Range(0, Config.Depth).Select(i => new DiTBlock($"{i}", Config)).ToArray());
        final_layer = new FinalLayer("final_layer", d);
        heads = new StreamLayers<Linear>("heads", channels.Select(kv => (kv.Key, nn.Linear(d, (long)pt * p * p * HeadChannels(kv.Key)))));
        if (Config.OutputConv)
            output_convs = new StreamLayers<Conv2d>("output_convs", channels.Select(kv => (kv.Key, nn.Conv2d(HeadChannels(kv.Key), kv.Value, 3, padding: 1))));
        if (Config.PixelDecoder > 0)
            pixel_decoders = new StreamLayers<PixelDecoder>("pixel_decoders", channels.Select(kv => (kv.Key,
                new PixelDecoder(kv.Key, kv.Value, OutputConvFeatures, kv.Key == ModalityRegistry.Rgb, Config.PixelDecoder))));
        if (Config.AlignedFusion) aligned_fusion = nn.Linear(d, d);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The configuration the model was built with (a copy).</summary>
    public DiTConfig Config { get; }

    /// <summary>Stream kinds the model knows ("rgb" first, then the modalities in registration order).</summary>
    public IReadOnlyList<string> StreamNames => switcher.Names;

    /// <summary>Modality names (every stream kind except "rgb").</summary>
    public IReadOnlyList<string> Modalities => switcher.Names.Where(n => n != ModalityRegistry.Rgb).ToList();

    /// <summary>Channels of a stream kind.</summary>
    public int Channels(string stream) =>
        channels.TryGetValue(stream, out var c) ? c : throw new KeyNotFoundException($"Unknown stream '{stream}'. Known: {string.Join(", ", channels.Keys)}.");

    /// <summary>The switcher (embeddings keyed by name).</summary>
    public ModalitySwitcher Switcher => switcher;

    /// <summary>The text encoder behind the in-context learner.</summary>
    public ITextEncoder TextEncoder => textEncoder;

    /// <summary>Device of the model's parameters.</summary>
    public Device Device => null_context.device;

    /// <inheritdoc />
    public string Backbone => Backbones.BackboneNames.DiT;

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <inheritdoc />
    public double ScaleOf(string stream) => Config.ScaleOf(stream);

    /// <inheritdoc />
    public bool PredictsData => Config.Prediction == DiTConfig.DataPredictionName;

    /// <inheritdoc />
    public string ConfigJson => Config.ToJson();

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Predict(IReadOnlyList<DiTStream> streams) => forward(streams);

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Weight initialisation (DiT's initialize_weights)
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Xavier-uniform for every linear layer of the trunk (zero bias), N(0, 0.02²) for the timestep MLP, the
    /// switcher slots and the null context; then zero for every AdaLN modulation output (all gates start at 0),
    /// the cross-attention output projections, the aligned fusion (or the identity, per
    /// <see cref="DiTConfig.AlignedFusionInit"/>), and the output heads — so a fresh model is the identity in every
    /// block and predicts exactly zero velocity. The text encoder initialises itself (a pretrained one keeps
    /// its weights).
    /// </summary>
    public void InitializeWeights()
    {
        using var noGrad = no_grad();

        // 1. Xavier for the trunk's linears (the text encoder is left alone)
        foreach (var (name, m) in named_modules())
        {
            if (m is not Linear linear || name.StartsWith("text_encoder.", StringComparison.Ordinal)) continue;
            nn.init.xavier_uniform_(linear.weight!);
            if (linear.bias is not null) nn.init.zeros_(linear.bias);
        }

        // 2. Timestep MLP, switcher slots, null context: small normal
        foreach (var (_, p) in t_embedder.named_parameters())
            if (p.dim() == 2) nn.init.normal_(p, 0, 0.02);
        foreach (var name in switcher.Names) nn.init.normal_(switcher.Slot(name), 0, 0.02);
        nn.init.normal_(null_context, 0, 0.02);

        // 3. Zero: AdaLN modulation (gates = 0), cross-attention outputs, final modulation, heads
        foreach (var block in blocks)
        {
            ZeroLinear(block.Modulation);
            ZeroLinear(block.CrossAttn.Proj);
        }
        ZeroLinear(final_layer.Modulation);
        foreach (var name in channels.Keys) ZeroLinear(heads[name]);
        if (output_convs is not null)
            foreach (var name in channels.Keys)
            {
                nn.init.zeros_(output_convs[name].weight!);
                nn.init.zeros_(output_convs[name].bias!);
            }
        if (pixel_decoders is not null)
            foreach (var name in channels.Keys) pixel_decoders[name].ZeroOutput();
        if (aligned_fusion is not null)
        {
            ZeroLinear(aligned_fusion);
            if (Config.AlignedFusionInit == DiTConfig.FusionIdentity) aligned_fusion.weight!.copy_(eye(Config.HiddenSize));
        }
    }

    private static void ZeroLinear(Linear linear)
    {
        nn.init.zeros_(linear.weight!);
        if (linear.bias is not null) nn.init.zeros_(linear.bias);
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────
    // Forward
    // ─────────────────────────────────────────────────────────────────────────────────────────────

    /// <summary>
    /// Predicts the velocity of every stream. All streams must share batch, frames, height and width (they are
    /// aligned views of one clip). Returns one tensor per stream, shaped like its input <c>[B, C_s, T, H, W]</c>.
    /// </summary>
    public override IReadOnlyList<Tensor> forward(IReadOnlyList<DiTStream> streams)
    {
        using var scope = NewDisposeScope();
        var (b, t, h, w) = CheckStreams(streams);
        int s = streams.Count, p = Config.PatchSize, pt = Config.TemporalPatch;
        var names = streams.Select(x => x.Modality).ToList();

        // 1. Tokens: each stream through its own patch embedding
        var rgbStream = streams.FirstOrDefault(st => st.Modality == ModalityRegistry.Rgb);
        var x = stack(streams.Select(st => patch_embeds[st.Modality].forward(Patchify.ToPatches(PatchInput(st, rgbStream), p, pt))).ToArray(), 1); // [B, S, n, D]
        if (aligned_fusion is not null && s > 1)
            x = x + aligned_fusion.forward((x.sum(1, keepdim: true) - x) / (s - 1));            // [B, S, n, D] + the other streams' mean at each position
        if (Config.FramePositions)
            x = x + FramePositions.Code(t / pt, h / p, w / p, Config.HiddenSize, x.device).to(x.dtype); // [B, S, n, D] + where each token is in the frame

        // 2. Conditioning per stream: c = TimestepEmbed(t_s) + Switcher[modality_s]
        var timesteps = stack(streams.Select(st => st.Timestep.to(float32)).ToArray(), 1); // [B, S]
        var c = Conditioning(names, timesteps);                                              // [B, S, D]

        // 3. In-context learner's context: each stream's prompt (or the null context)
        var (context, contextMask) = Contexts(Config.InContextLearner ? streams : ContentPromptOnly(streams), b); // [B·S, L, Dt], [B·S, L]

        // 4. Rotary angles for the (t, h, w) grid, repeated for every stream
        var (cos, sin) = Rope3D.Angles(t / pt, h / p, w / p, Config.HeadDim, Config.RopeTheta, x.device); // [n, Dh/2]
        var (cosTable, sinTable) = Rope3D.ChannelTables(cos.repeat(s, 1), sin.repeat(s, 1));        // [S·n, Dh]
        var shared = new BlockContext(cosTable, sinTable, context, contextMask);

        // 5. Trunk
        foreach (var block in blocks)
            x = block.forward(x, c, shared);                                                 // [B, S, n, D]

        // 6. Final AdaLN, per-stream heads, unpatchify
        x = final_layer.forward(x, c);                                                       // [B, S, n, D]
        var outputs = new Tensor[s];
        for (var i = 0; i < s; i++)
        {
            var patches = heads[names[i]].forward(x.select(1, i));                          // [B, n, pt·P·P·C_h]
            outputs[i] = Patchify.FromPatches(patches, p, HeadChannels(names[i]), t, h, w, pt); // [B, C_h, T, H, W]
            if (output_convs is not null) outputs[i] = Refine(outputs[i], output_convs[names[i]], Channels(names[i])); // [B, C_s, T, H, W]
            if (pixel_decoders is not null) outputs[i] = Decode(outputs[i], streams[i], rgbStream);          // [B, C_s, T, H, W]
            if (Config.Prediction == DiTConfig.DataPredictionName) outputs[i] = DataPrediction.Velocity(outputs[i], streams[i].Latent, streams[i].Timestep);
            else if (Config.OutputSkipSigma > 0) outputs[i] = OutputSkip.Apply(outputs[i], streams[i].Latent, streams[i].Timestep, Config.OutputSkipSigma);
        }
        scope.MoveToOuter(outputs);
        return outputs;
    }

    /// <summary>
    /// What a token's patch embedding reads: its own frame <c>[B, C, T, H, W]</c>, or with
    /// <see cref="DiTConfig.PatchFrames"/> = 2 its frame and the next one <c>[B, 2C, T, H, W]</c> (the last frame
    /// pairs with itself); with <see cref="DiTConfig.AlignedInput"/> a modality stream's input also carries the RGB
    /// under it (framed the same way); with <see cref="DiTConfig.MotionEnergy"/> the RGB stream's motion-energy channels
    /// follow, zero for samples whose RGB is being generated (t &gt; 0).
    /// </summary>
    private Tensor PatchInput(DiTStream stream, DiTStream? rgb)
    {
        var latent = stream.Latent;
        var input = WithNextFrame(latent);                                                                              // [B, F·C, T, H, W]
        if (Config.AlignedInput && stream.Modality != ModalityRegistry.Rgb)
        {
            // The RGB under the token (zeros when a forward pass carries no RGB stream).
            var under = rgb is null ? zeros([latent.shape[0], 3, latent.shape[2], latent.shape[3], latent.shape[4]], latent.dtype, latent.device) : rgb.Latent.to(latent.dtype);
            input = cat([input, WithNextFrame(under)], 1);                                                              // [B, F·(C + 3), T, H, W]
        }
        if (Config.MotionEnergy && stream.Modality == ModalityRegistry.Rgb)
        {
            // Only a given (clean, t = 0) video is measured. The derivatives of a noised one are mostly those of the
            // noise: large random products that the RGB generation has to learn to ignore (they cost text-to-video
            // loss 0.28 vs 0.15 at 200 steps), and they carry no motion anyway.
            var given = stream.Timestep.le(MotionEnergy.CleanTime).to(latent.dtype).view(-1, 1, 1, 1, 1);            // [B, 1, 1, 1, 1]
            input = cat([input, MotionEnergy.Compute(latent) * given], 1);                                            // [B, ·+5, T, H, W]
        }
        return input;
    }

    /// <summary>A stream's frames, or with <see cref="DiTConfig.PatchFrames"/> = 2 each frame and the next (the last paired with itself): <c>[B, F·C, T, H, W]</c>.</summary>
    private Tensor WithNextFrame(Tensor latent) => Config.PatchFrames == 2 ? FramePair(latent) : latent;

    /// <summary>Each frame and the next, the last paired with itself: <c>[B, C, T, H, W]</c> → <c>[B, 2C, T, H, W]</c>.</summary>
    private static Tensor FramePair(Tensor latent)
    {
        var frames = latent.shape[2];
        var next = frames == 1 ? latent : cat([latent.narrow(2, 1, frames - 1), latent.narrow(2, frames - 1, 1)], 2); // [B, C, T, H, W]
        return cat([latent, next], 1);                                                                                // [B, 2C, T, H, W]
    }

    /// <summary>Channels the head draws per pixel: the stream's, plus <see cref="OutputConvFeatures"/> for the output convolution or the pixel decoder.</summary>
    private int HeadChannels(string stream) => channels[stream] + (Config.OutputConv || Config.PixelDecoder > 0 ? OutputConvFeatures : 0);

    /// <summary>Extra per-pixel features the head draws for the output convolution or the pixel decoder to read.</summary>
    public const int OutputConvFeatures = 8;

    /// <summary>
    /// The output convolution (U-ViT's 3×3 convolution after un-patchifying): the stream's channels plus a 3×3
    /// convolution over them and the extra features, per frame, so a pixel can depend on its neighbours across token
    /// borders instead of being drawn by one token's linear head. Zero at initialisation.
    /// </summary>
    private static Tensor Refine(Tensor drawn, Conv2d conv, int channels)
    {
        var (b, c, t, h, w) = (drawn.shape[0], drawn.shape[1], drawn.shape[2], drawn.shape[3], drawn.shape[4]);
        var frames = drawn.permute(0, 2, 1, 3, 4).reshape(b * t, c, h, w);                           // [B·T, C_h, H, W]
        var refined = conv.forward(CpuConvolution.Input(nn.functional.silu(frames))).reshape(b, t, channels, h, w).permute(0, 2, 1, 3, 4); // [B, C_s, T, H, W]
        return drawn.narrow(1, 0, channels) + refined;                                                // [B, C_s, T, H, W]
    }

    /// <summary>
    /// The pixel decoder of <paramref name="stream"/> over what its head drew: a modality's also reads the RGB under it
    /// (this frame and the next; zeros at noise level 1 when the forward pass carries no RGB stream).
    /// </summary>
    private Tensor Decode(Tensor drawn, DiTStream stream, DiTStream? rgb)
    {
        if (stream.Modality == ModalityRegistry.Rgb) return pixel_decoders![stream.Modality].Apply(drawn, stream.Latent, stream.Timestep, null, null);
        var latent = stream.Latent;
        var under = rgb?.Latent ?? zeros([latent.shape[0], 3, latent.shape[2], latent.shape[3], latent.shape[4]], latent.dtype, latent.device); // [B, 3, T, H, W]
        var underTime = rgb?.Timestep ?? ones_like(stream.Timestep);                                                                           // [B]
        return pixel_decoders![stream.Modality].Apply(drawn, latent, stream.Timestep, FramePair(under), underTime);
    }

    /// <summary>Channels of one pixel of a stream's patch input (see <see cref="PatchInput"/>).</summary>
    private int PatchChannels(string stream) =>
        Config.PatchFrames * channels[stream]
        + (Config.MotionEnergy && stream == ModalityRegistry.Rgb ? MotionEnergy.Channels : 0)
        + (Config.AlignedInput && stream != ModalityRegistry.Rgb ? Config.PatchFrames * 3 : 0);

    /// <summary>Per-stream conditioning c = TimestepEmbed(t) + Switcher[modality]: names (S), t <c>[B, S]</c> → <c>[B, S, D]</c>.</summary>
    public Tensor Conditioning(IReadOnlyList<string> streamNames, Tensor timesteps)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        using var scope = NewDisposeScope();
        var tEmb = t_embedder.forward(timesteps);        // [B, S, D]
        if (!Config.ModalitySwitcher) return scope.MoveToOuter(tEmb); // ablation: no per-modality embedding
        var slots = switcher.forward(streamNames);       // [S, D]
        return scope.MoveToOuter(tEmb + slots.unsqueeze(0)); // [B, S, D]
    }

    // Ablation without the in-context learner: every stream sees the RGB stream's content prompt (and its dropout),
    // so nothing in the text tells the streams apart.
    private static IReadOnlyList<DiTStream> ContentPromptOnly(IReadOnlyList<DiTStream> streams)
    {
        var rgb = streams.FirstOrDefault(st => st.Modality == ModalityRegistry.Rgb);
        return streams.Select(st => st.Modality == ModalityRegistry.Rgb ? st : st with { Prompt = rgb?.Prompt, DropPrompt = rgb?.DropPrompt }).ToList();
    }

    private (Tensor Context, Tensor Mask) Contexts(IReadOnlyList<DiTStream> streams, long batch)
    {
        // Encode every given prompt in one text-encoder call, then pad all streams to a common length.
        var prompted = streams.Where(st => st.Prompt is not null).Select(st => st.Prompt!).ToList();
        var length = prompted.Count == 0 ? 1 : prompted.Max(pr => pr.Length);
        var encoded = new Queue<Tensor>();
        if (prompted.Count > 0)
        {
            var ids = cat(prompted.Select(pr => PadRight(pr.Ids, length, 0)).ToArray(), 0);   // [B·S', L]
            var mask = cat(prompted.Select(pr => PadRight(pr.Mask, length, false)).ToArray(), 0); // [B·S', L]
            foreach (var chunk in textEncoder.Encode(new TextPrompt(ids, mask)).split(batch, 0)) encoded.Enqueue(chunk); // S' × [B, L, Dt]
        }

        var nullCtx = null_context.unsqueeze(0).expand(batch, length, -1);                   // [B, L, Dt]
        var nullMask = (arange(length, device: null_context.device) == 0).unsqueeze(0).expand(batch, -1); // [B, L]
        var contexts = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var st in streams)
        {
            if (st.Prompt is null) { contexts.Add(nullCtx); masks.Add(nullMask); continue; }
            var ctx = encoded.Dequeue();                                                      // [B, L, Dt]
            var mask = PadRight(st.Prompt.Mask, length, false);                               // [B, L]
            if (st.DropPrompt is not null)
            {
                var drop = st.DropPrompt.to(@bool);                                           // [B]
                ctx = where(drop.view(-1, 1, 1), nullCtx, ctx);                               // [B, L, Dt]
                mask = where(drop.view(-1, 1), nullMask, mask);                               // [B, L]
            }
            contexts.Add(ctx);
            masks.Add(mask);
        }
        var context = stack(contexts.ToArray(), 1).flatten(0, 1);                             // [B·S, L, Dt]
        var contextMask = stack(masks.ToArray(), 1).flatten(0, 1);                            // [B·S, L]
        return (context, contextMask);
    }

    private static Tensor PadRight(Tensor x, long length, Scalar value) =>
        x.shape[1] == length ? x : nn.functional.pad(x, [0, length - x.shape[1]], PaddingModes.Constant, value.ToDouble());

    private (long B, long T, long H, long W) CheckStreams(IReadOnlyList<DiTStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        if (streams.Count == 0) throw new ArgumentException("At least one stream is required.", nameof(streams));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = streams[0].Latent;
        if (first.dim() != 5) throw new ArgumentException($"Stream '{streams[0].Modality}' must be [B, C, T, H, W]; got [{string.Join(", ", first.shape)}].", nameof(streams));
        foreach (var st in streams)
        {
            if (!seen.Add(st.Modality)) throw new ArgumentException($"Stream '{st.Modality}' given twice.", nameof(streams));
            var expectedC = Channels(st.Modality);
            var sh = st.Latent.shape;
            if (sh.Length != 5 || sh[1] != expectedC || sh[0] != first.shape[0] || sh[2] != first.shape[2] || sh[3] != first.shape[3] || sh[4] != first.shape[4])
                throw new ArgumentException($"Stream '{st.Modality}' has shape [{string.Join(", ", sh)}]; expected [{first.shape[0]}, {expectedC}, {first.shape[2]}, {first.shape[3]}, {first.shape[4]}].", nameof(streams));
            if (st.Timestep.shape.Length != 1 || st.Timestep.shape[0] != sh[0])
                throw new ArgumentException($"Stream '{st.Modality}' needs one timestep per sample ([{sh[0]}]); got [{string.Join(", ", st.Timestep.shape)}].", nameof(streams));
            if (st.Prompt is not null && st.Prompt.Batch != sh[0])
                throw new ArgumentException($"Stream '{st.Modality}' prompt batch {st.Prompt.Batch} ≠ {sh[0]}.", nameof(streams));
        }
        var (h, w) = (first.shape[3], first.shape[4]);
        if (h % Config.PatchSize != 0 || w % Config.PatchSize != 0)
            throw new ArgumentException($"Frame size {h}×{w} is not a multiple of the patch size {Config.PatchSize}.", nameof(streams));
        if (first.shape[2] % Config.TemporalPatch != 0)
            throw new ArgumentException($"{first.shape[2]} frames are not a multiple of the temporal patch {Config.TemporalPatch} (Model:TemporalPatch).", nameof(streams));
        return (first.shape[0], first.shape[2], h, w);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// The Wan2.1 text-to-video diffusion transformer (<c>wan/modules/model.py: WanModel</c>, model type t2v), with
/// parameter names identical to the official checkpoint's keys, so <c>diffusion_pytorch_model.safetensors</c> loads
/// as it is. Input: latents <c>[B, C_in, F, H, W]</c>, timesteps <c>[B]</c> in [0, 1000], umT5 embeddings
/// <c>[B, L ≤ TextLen, TextDim]</c>; output: the flow-matching velocity <c>[B, C_out, F, H, W]</c> fp32.
/// Weights may be fp32 or bf16; the time embedding, modulation, norms, RoPE, residual stream and head always run in
/// fp32, as in the reference.
/// </summary>
public sealed class WanDiT : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Conv3d patch_embedding;
    private readonly WanMlp text_embedding;
    private readonly WanMlp time_embedding;
    private readonly WanTimeProjection time_projection;
    private readonly ModuleList<WanDiTBlock> blocks;
    private readonly WanHead head;
    private readonly PendingHandles checkpointHandles = new();

    /// <summary>
    /// Builds the model with freshly initialised weights on <paramref name="device"/> (CPU when null) in
    /// <paramref name="dtype"/> (fp32 when null). Pass <c>new Device(DeviceType.META)</c> to build the structure
    /// without allocating any weight memory.
    /// </summary>
    public WanDiT(WanDiTConfig config, Device? device = null, ScalarType? dtype = null) : base("wan_dit")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var d = config.Dim;
        patch_embedding = nn.Conv3d(config.InChannels, d, kernel_size: (config.PatchT, config.PatchH, config.PatchW),
            stride: (config.PatchT, config.PatchH, config.PatchW), device: device, dtype: dtype);
        text_embedding = new WanMlp("text_embedding", config.TextDim, d, d, silu: false, device, dtype);
        time_embedding = new WanMlp("time_embedding", config.FreqDim, d, d, silu: true, device, dtype);
        time_projection = new WanTimeProjection("time_projection", d, device, dtype);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new WanDiTBlock($"{i}", config, device, dtype)).ToArray());
        head = new WanHead("head", config, device, dtype);
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public WanDiTConfig Config { get; }

    /// <summary>
    /// Per-block gradient checkpointing (off by default): while gradients are recorded, each block keeps only its
    /// input and is run again during backward (<see cref="WanBlockCheckpoint"/>). Same gradients, about one more
    /// forward pass of compute, and the activations of one block instead of all of them; at 81 frames of
    /// 480×832 the 1.3B model does not fit one GPU without it (docs/decisions.md). Not with LoRA dropout, whose
    /// mask the recomputation could not reproduce.
    /// </summary>
    public bool CheckpointBlocks { get; set; }

    /// <summary>x <c>[B, C_in, F, H, W]</c>, t <c>[B]</c>, context <c>[B, L, TextDim]</c> → velocity <c>[B, C_out, F, H, W]</c> fp32.</summary>
    public override Tensor forward(Tensor x, Tensor t, Tensor context)
    {
        CheckInputs(x, t, context);
        using var scope = NewDisposeScope();
        var c = Config;
        var b = x.shape[0];

        // 1. Patchify: Conv3d with kernel = stride = patch, one token per patch in (f, h, w) order
        var grid = patch_embedding.forward(CpuConvolution.Input(x.to_type(patch_embedding.weight!.dtype))); // [B, D, f, h, w]
        var (f, gh, gw) = (grid.shape[2], grid.shape[3], grid.shape[4]);
        var tokens = grid.flatten(2).transpose(1, 2).to_type(float32);                  // [B, L, D] fp32 residual

        // 2. Conditioning: time embedding and its 6-way projection (fp32), text embedding, rotary tables
        var (e, e0) = EmbedTime(t);                                                     // [B, D], [B, 6, D]
        var text = EmbedText(context);                                                  // [B, TextLen, D]
        var (cos, sin) = WanRope.Tables(f, gh, gw, c.HeadDim, x.device);               // [L, Dh] each
        var ctx = new WanBlockContext(e0, cos, sin, text);

        // 3. Blocks
        var checkpoint = CheckpointBlocks && is_grad_enabled();
        if (checkpoint && training && WanLoraAdapter.HasActiveDropout(this))
            throw new InvalidOperationException(
                "gradient checkpointing recomputes each block during backward and cannot reproduce LoRA dropout's random mask: " +
                "set the LoRA dropout to 0 or turn CheckpointBlocks off");
        checkpointHandles.Release(); // the last backward's, if any
        foreach (var block in blocks)
            tokens = checkpoint ? WanBlockCheckpoint.Run(block, tokens, ctx, checkpointHandles) : block.forward(tokens, ctx); // [B, L, D]

        // 4. Head and unpatchify: token (f, h, w) × patch (pt, ph, pw, c) → [B, c, f·pt, h·ph, w·pw]
        var patches = head.forward(tokens, e);                                          // [B, L, C·pt·ph·pw]
        return scope.MoveToOuter(Unpatchify(patches, c, f, gh, gw));                    // [B, C_out, F, H, W]
    }

    /// <summary>Head output <c>[B, f·h·w, C·pt·ph·pw]</c> of an f × h × w token grid → video <c>[B, C_out, F, H, W]</c>.</summary>
    public static Tensor Unpatchify(Tensor patches, WanDiTConfig c, long f, long gh, long gw)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentNullException.ThrowIfNull(c);
        var b = patches.shape[0];
        return patches.view(b, f, gh, gw, c.PatchT, c.PatchH, c.PatchW, c.OutChannels)
            .permute(0, 7, 1, 4, 2, 5, 3, 6)                                            // [B, c, f, pt, h, ph, w, pw]
            .reshape(b, c.OutChannels, f * c.PatchT, gh * c.PatchH, gw * c.PatchW);    // [B, C_out, F, H, W]
    }

    /// <summary>The patch embedding (Conv3d, kernel = stride = patch).</summary>
    public Conv3d PatchEmbedding => patch_embedding;

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<WanDiTBlock> Blocks => [.. blocks];

    /// <summary>The output head.</summary>
    public WanHead Head => head;

    /// <summary>Timesteps <c>[B]</c> in [0, 1000] → the time embedding e <c>[B, D]</c> fp32 (before the modulation projection).</summary>
    public Tensor TimeEmbedding(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(time_embedding.ForwardFp32(Sinusoidal(Config.FreqDim, t)));
    }

    /// <summary>Time embeddings e <c>[…, D]</c> → the six modulation vectors e0 <c>[…, 6, D]</c> fp32.</summary>
    public Tensor ModulationOf(Tensor e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var scope = NewDisposeScope();
        long[] shape = [.. e.shape[..^1], 6, Config.Dim];
        return scope.MoveToOuter(time_projection.forward(e).view(shape));
    }

    /// <summary>
    /// Timesteps <c>[B]</c> → the time embedding e <c>[B, D]</c> and the shared modulation e0 <c>[B, 6, D]</c>, both fp32.
    /// </summary>
    public (Tensor E, Tensor E0) EmbedTime(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var e = TimeEmbedding(t);  // [B, D]
        var e0 = ModulationOf(e);  // [B, 6, D]
        return scope.MoveToOuter(e, e0);
    }

    /// <summary>
    /// umT5 embeddings <c>[B, L ≤ TextLen, TextDim]</c> → <c>[B, TextLen, D]</c>: zero-padded to TextLen first, as the
    /// reference does; the padded slots then carry the MLP's bias response and every token attends to them.
    /// </summary>
    public Tensor EmbedText(Tensor context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var missing = Config.TextLen - context.shape[1];
        var padded = missing > 0 ? nn.functional.pad(context, [0, 0, 0, missing]) : context; // [B, TextLen, TextDim]
        return scope.MoveToOuter(text_embedding.forward(padded));
    }

    /// <summary>
    /// Sinusoidal features of t <c>[B]</c>: <c>[cos(t·ω), sin(t·ω)]</c> with ω_i = 10000^(−i/half), computed in float64
    /// and returned as fp32 <c>[B, dim]</c> (cosine half first).
    /// </summary>
    public static Tensor Sinusoidal(int dim, Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var half = dim / 2;
        var omega = pow(10000.0, -(arange(half, float64, t.device) / half)); // [half]
        var angles = t.to_type(float64).unsqueeze(1) * omega.unsqueeze(0);   // [B, half]
        return scope.MoveToOuter(cat([angles.cos(), angles.sin()], 1).to_type(float32));
    }

    private void CheckInputs(Tensor x, Tensor t, Tensor context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(context);
        var c = Config;
        if (x.dim() != 5 || x.shape[1] != c.InChannels)
            throw new ArgumentException($"latents must be [B, {c.InChannels}, F, H, W], got [{string.Join(", ", x.shape)}]", nameof(x));
        if (x.shape[2] % c.PatchT != 0 || x.shape[3] % c.PatchH != 0 || x.shape[4] % c.PatchW != 0)
            throw new ArgumentException($"latent size {x.shape[2]}×{x.shape[3]}×{x.shape[4]} is not a multiple of the patch {c.PatchT}×{c.PatchH}×{c.PatchW}", nameof(x));
        if (t.dim() != 1 || t.shape[0] != x.shape[0])
            throw new ArgumentException($"timesteps must be [{x.shape[0]}] (one per sample), got [{string.Join(", ", t.shape)}]", nameof(t));
        if (context.dim() != 3 || context.shape[0] != x.shape[0] || context.shape[2] != c.TextDim)
            throw new ArgumentException($"text context must be [{x.shape[0]}, L, {c.TextDim}], got [{string.Join(", ", context.shape)}]", nameof(context));
        if (context.shape[1] > c.TextLen)
            throw new ArgumentException($"text context has {context.shape[1]} tokens; the model takes at most TextLen = {c.TextLen}", nameof(context));
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// One Wan2.1 block: modulated LayerNorm → self-attention (gated) → affine LayerNorm → cross-attention to the text
/// (ungated) → modulated LayerNorm → FFN (gated). The six modulation vectors are the block's learned table
/// (<c>modulation [1, 6, D]</c>) plus the shared time projection, in the order shift, scale, gate for attention then
/// for the FFN. The residual stream stays fp32 and the modulation runs in fp32 whatever the weights' dtype, as in
/// the reference (whose residual becomes fp32 after the first fp32 gate under autocast).
/// </summary>
public sealed class WanDiTBlock : nn.Module<Tensor, WanBlockContext, Tensor>
{
    private readonly WanLayerNorm norm1;
    private readonly WanAttention self_attn;
    private readonly WanLayerNorm norm3;
    private readonly WanAttention cross_attn;
    private readonly WanLayerNorm norm2;
    private readonly WanMlp ffn;
    private readonly Parameter modulation;

    /// <summary>Creates a block of <paramref name="config"/>.</summary>
    public WanDiTBlock(string name, WanDiTConfig config, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = config.Dim;
        norm1 = new WanLayerNorm("norm1", d, affine: false);
        self_attn = new WanAttention("self_attn", d, config.Heads, device, dtype);
        norm3 = new WanLayerNorm("norm3", d, affine: true, device, dtype);
        cross_attn = new WanAttention("cross_attn", d, config.Heads, device, dtype);
        norm2 = new WanLayerNorm("norm2", d, affine: false);
        ffn = new WanMlp("ffn", d, config.FfnDim, d, silu: false, device, dtype);
        modulation = new Parameter(randn([1, 6, d], dtype ?? float32, device) / Math.Sqrt(d));
        RegisterComponents();
    }

    /// <summary>x <c>[B, L, D]</c> fp32 → <c>[B, L, D]</c> fp32.</summary>
    public override Tensor forward(Tensor x, WanBlockContext ctx)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(ctx);
        using var scope = NewDisposeScope();
        var e = Modulation(ctx.E0);                                  // 6 × [B, 1, D] (shared) or [B, L, D] (per token) fp32
        var (shiftMsa, scaleMsa, gateMsa) = (e[0], e[1], e[2]);
        var (shiftMlp, scaleMlp, gateMlp) = (e[3], e[4], e[5]);

        // 1. Self-attention on the modulated norm, 3-D RoPE on q and k, gated residual
        var y = SelfAttention(norm1.forward(x) * (1 + scaleMsa) + shiftMsa, ctx);                       // [B, L, D]
        x = x + y.to_type(float32) * gateMsa;                                                                 // [B, L, D]

        // 2. Cross-attention to the text on the affine norm, plain residual (each stream to its own context)
        x = x + CrossAttention(norm3.forward(x), ctx.Context).to_type(float32);                              // [B, L, D]

        // 3. FFN on the modulated norm, gated residual
        y = ffn.forward(norm2.forward(x) * (1 + scaleMlp) + shiftMlp);                                       // [B, L, D]
        x = x + y.to_type(float32) * gateMlp;                                                                 // [B, L, D]
        return scope.MoveToOuter(x);
    }

    // The block's table plus the time projection: shared [B, 6, D] → 6 × [B, 1, D]; per token [B, L, 6, D] → 6 × [B, L, D].
    private Tensor[] Modulation(Tensor e0)
    {
        var table = modulation.to_type(float32);                     // [1, 6, D]
        if (e0.dim() == 3) return (table + e0).chunk(6, 1);
        return (table.unsqueeze(1) + e0).chunk(6, 2).Select(c => c.squeeze(2)).ToArray();
    }

    // Joint self-attention over every token; with a gate, the leading (RGB) tokens see the other streams only as far
    // as the gate opens: own + gate·(joint − own), so a zero gate leaves the plain trunk's RGB computation untouched.
    private Tensor SelfAttention(Tensor h, WanBlockContext ctx)
    {
        var joint = self_attn.SelfAttend(h, ctx.RopeCos, ctx.RopeSin);                                    // [B, L, D]
        var n = ctx.GatedTokens;
        var l = h.shape[1];
        if (ctx.JointGate is not { } gate || n <= 0 || n >= l) return joint;
        var own = self_attn.SelfAttend(h.narrow(1, 0, n), ctx.RopeCos.narrow(0, 0, n), ctx.RopeSin.narrow(0, 0, n)).to_type(float32); // [B, n, D]
        var first = own + gate.to_type(float32) * (joint.narrow(1, 0, n).to_type(float32) - own);          // [B, n, D]
        return cat([first, joint.narrow(1, n, l - n).to_type(float32)], 1);                                 // [B, L, D]
    }

    // Context [B, Lc, D]: every token attends to it. Context [B·S, Lc, D]: the S streams' tokens, laid one after the
    // other in x, each attend to their own row — one batched call with the same weights (the dual-branch learner).
    private Tensor CrossAttention(Tensor normed, Tensor context)
    {
        var (b, l, d) = (normed.shape[0], normed.shape[1], normed.shape[2]);
        var streams = context.shape[0] / b;
        if (streams <= 1) return cross_attn.CrossAttend(normed, context);                                  // [B, L, D]
        return cross_attn.CrossAttend(normed.reshape(b * streams, l / streams, d), context).reshape(b, l, d); // [B, L, D]
    }
}

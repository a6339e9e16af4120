using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// One UnityVideo block: AdaLN-Zero(c) → self-attention over all streams → in-context cross-attention
/// (each stream to its own prompt) → AdaLN-Zero(c) → MLP. Tokens are kept as <c>[B, S, n, D]</c> (S streams
/// of n tokens each) so that each stream's conditioning <c>c [B, S, D]</c> broadcasts over its own tokens:
/// every token is modulated by its own stream's (modality, t).
/// </summary>
public sealed class DiTBlock : nn.Module<Tensor, Tensor, BlockContext, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly SelfAttention attn;
    private readonly LayerNorm norm_cross;
    private readonly CrossAttention cross_attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly Linear adaLN_modulation;

    /// <summary>Creates a block from the model configuration.</summary>
    public DiTBlock(string name, DiTConfig config) : base(name)
    {
        var d = config.HiddenSize;
        var precision = config.BlockPrecision;
        norm1 = nn.LayerNorm(d, 1e-6, elementwise_affine: false);
        attn = new SelfAttention("attn", d, config.Heads, precision);
        norm_cross = nn.LayerNorm(d, 1e-6);
        cross_attn = new CrossAttention("cross_attn", d, config.TextDim, config.Heads, precision);
        norm2 = nn.LayerNorm(d, 1e-6, elementwise_affine: false);
        mlp = new Mlp("mlp", d, config.MlpHidden, precision);
        adaLN_modulation = nn.Linear(d, 6L * d);
        RegisterComponents();
    }

    /// <summary>The layer producing (shift, scale, gate) × (attention, MLP); zero-initialised.</summary>
    internal Linear Modulation => adaLN_modulation;

    /// <summary>The cross-attention (its output projection is zero-initialised).</summary>
    internal CrossAttention CrossAttn => cross_attn;

    /// <summary>x <c>[B, S, n, D]</c>, c <c>[B, S, D]</c>, shared context → <c>[B, S, n, D]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor c, BlockContext ctx)
    {
        using var scope = NewDisposeScope();
        var (b, s, n, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);

        // 1. Per-stream modulation from c = t_emb + switcher[modality]
        var mod = adaLN_modulation.forward(nn.functional.silu(c)).unsqueeze(2).chunk(6, -1); // 6 × [B, S, 1, D]
        var (shiftMsa, scaleMsa, gateMsa) = (mod[0], mod[1], mod[2]);
        var (shiftMlp, scaleMlp, gateMlp) = (mod[3], mod[4], mod[5]);

        // 2. Self-attention over the concatenated streams (3-D RoPE, same positions in every stream)
        var h = Modulate(norm1.forward(x), shiftMsa, scaleMsa).reshape(b, s * n, d); // [B, S·n, D]
        h = attn.forward(h, ctx.Cos, ctx.Sin).view(b, s, n, d);                       // [B, S, n, D]
        x = x + gateMsa * h;                                                          // [B, S, n, D]

        // 3. In-context learner: each stream's tokens attend to that stream's prompt
        h = norm_cross.forward(x).reshape(b * s, n, d);                               // [B·S, n, D]
        h = cross_attn.forward(h, ctx.Context, ctx.ContextMask).view(b, s, n, d);     // [B, S, n, D]
        x = x + h;                                                                    // [B, S, n, D]

        // 4. MLP
        h = mlp.forward(Modulate(norm2.forward(x), shiftMlp, scaleMlp));              // [B, S, n, D]
        x = x + gateMlp * h;                                                          // [B, S, n, D]
        return scope.MoveToOuter(x);
    }

    /// <summary>DiT's modulate: x · (1 + scale) + shift.</summary>
    internal static Tensor Modulate(Tensor x, Tensor shift, Tensor scale) => x * (scale + 1) + shift;
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Wan's attention layer (keys <c>q, k, v, o, norm_q, norm_k</c>): q and k are RMS-normalised over the full width
/// before the heads are split. As self-attention it rotates q and k with 3-D RoPE; as cross-attention it attends
/// from the tokens to the embedded text without positions and without a padding mask (the reference attends to
/// all <c>TextLen</c> slots, zero-padded ones included).
/// The linears run through <c>call</c>, not <c>forward</c>, so forward hooks apply (that is how
/// <see cref="WanLoraAdapter"/> adds its low-rank updates without changing the weight names).
/// </summary>
public sealed class WanAttention : nn.Module
{
    private readonly Linear q;
    private readonly Linear k;
    private readonly Linear v;
    private readonly Linear o;
    private readonly WanRmsNorm norm_q;
    private readonly WanRmsNorm norm_k;
    private readonly int heads;

    /// <summary>Creates the layer for width <paramref name="dim"/> and <paramref name="heads"/> heads.</summary>
    public WanAttention(string name, int dim, int heads, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        this.heads = heads;
        q = nn.Linear(dim, dim, hasBias: true, device: device, dtype: dtype);
        k = nn.Linear(dim, dim, hasBias: true, device: device, dtype: dtype);
        v = nn.Linear(dim, dim, hasBias: true, device: device, dtype: dtype);
        o = nn.Linear(dim, dim, hasBias: true, device: device, dtype: dtype);
        norm_q = new WanRmsNorm("norm_q", dim, device, dtype);
        norm_k = new WanRmsNorm("norm_k", dim, device, dtype);
        RegisterComponents();
    }

    /// <summary>Self-attention: x <c>[B, L, D]</c> (fp32 or the weights' dtype), RoPE tables <c>[L, Dh]</c> → <c>[B, L, D]</c> in the weights' dtype.</summary>
    public Tensor SelfAttend(Tensor x, Tensor ropeCos, Tensor ropeSin)
    {
        using var scope = NewDisposeScope();
        var (b, l) = (x.shape[0], x.shape[1]);
        var wt = q.weight!.dtype;
        x = x.to_type(wt);
        var qh = WanRope.Apply(Heads(norm_q.forward(q.call(x)), b), ropeCos, ropeSin); // [B, L, H, Dh] fp32
        var kh = WanRope.Apply(Heads(norm_k.forward(k.call(x)), b), ropeCos, ropeSin); // [B, L, H, Dh] fp32
        var vh = Heads(v.call(x), b);                                                     // [B, L, H, Dh]
        return scope.MoveToOuter(Attend(qh.to_type(wt), kh.to_type(wt), vh, b, l));
    }

    /// <summary>Cross-attention: x <c>[B, L, D]</c> to context <c>[B, Lc, D]</c> → <c>[B, L, D]</c> in the weights' dtype.</summary>
    public Tensor CrossAttend(Tensor x, Tensor context)
    {
        using var scope = NewDisposeScope();
        var (b, l) = (x.shape[0], x.shape[1]);
        var wt = q.weight!.dtype;
        x = x.to_type(wt);
        context = context.to_type(wt);
        var qh = Heads(norm_q.forward(q.call(x)), b);       // [B, L, H, Dh]
        var kh = Heads(norm_k.forward(k.call(context)), b); // [B, Lc, H, Dh]
        var vh = Heads(v.call(context), b);                 // [B, Lc, H, Dh]
        return scope.MoveToOuter(Attend(qh, kh, vh, b, l));
    }

    private Tensor Heads(Tensor x, long b) => x.view(b, -1, heads, x.shape[2] / heads); // [B, N, H, Dh]

    private Tensor Attend(Tensor qh, Tensor kh, Tensor vh, long b, long l)
    {
        var out_ = nn.functional.scaled_dot_product_attention(
            qh.transpose(1, 2), kh.transpose(1, 2), vh.transpose(1, 2)); // [B, H, L, Dh]
        return o.call(out_.transpose(1, 2).reshape(b, l, -1));        // [B, L, D]
    }
}

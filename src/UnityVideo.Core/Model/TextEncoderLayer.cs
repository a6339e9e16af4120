using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>Pre-LayerNorm transformer encoder layer (bidirectional self-attention with a key-padding mask + GELU MLP).</summary>
public sealed class TextEncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;
    private readonly int heads;

    /// <summary>Creates a layer of width <paramref name="dim"/>.</summary>
    public TextEncoderLayer(string name, int dim, int heads) : base(name)
    {
        this.heads = heads;
        norm1 = nn.LayerNorm(dim, 1e-6);
        qkv = nn.Linear(dim, 3L * dim);
        proj = nn.Linear(dim, dim);
        norm2 = nn.LayerNorm(dim, 1e-6);
        mlp = new Mlp("mlp", dim, 4 * dim);
        RegisterComponents();
    }

    /// <summary>x <c>[B, L, Dt]</c>, mask <c>[B, L]</c> → <c>[B, L, Dt]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var parts = qkv.forward(norm1.forward(x)).chunk(3, -1);     // 3 × [B, L, Dt]
        var q = AttentionOps.SplitHeads(parts[0], heads);           // [B, H, L, Dh]
        var k = AttentionOps.SplitHeads(parts[1], heads);           // [B, H, L, Dh]
        var v = AttentionOps.SplitHeads(parts[2], heads);           // [B, H, L, Dh]
        var o = nn.functional.scaled_dot_product_attention(q, k, v, AttentionOps.KeyPaddingMask(mask)); // [B, H, L, Dh]
        x = x + proj.forward(AttentionOps.MergeHeads(o));           // [B, L, Dt]
        x = x + mlp.forward(norm2.forward(x));                      // [B, L, Dt]
        return scope.MoveToOuter(x);
    }
}

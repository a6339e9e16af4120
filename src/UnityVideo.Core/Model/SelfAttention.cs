using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>Multi-head self-attention over the concatenated streams, with 3-D rotary positions on q and k.</summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int heads;

    /// <summary>Creates the layer for width <paramref name="dim"/> and <paramref name="heads"/> heads.</summary>
    public SelfAttention(string name, int dim, int heads) : base(name)
    {
        this.heads = heads;
        qkv = nn.Linear(dim, 3L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>x <c>[B, N, D]</c>, rotary cos/sin <c>[N, Dh/2]</c> → <c>[B, N, D]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var parts = qkv.forward(x).chunk(3, -1);                     // 3 × [B, N, D]
        var q = Rope3D.Apply(AttentionOps.SplitHeads(parts[0], heads), cos, sin); // [B, H, N, Dh]
        var k = Rope3D.Apply(AttentionOps.SplitHeads(parts[1], heads), cos, sin); // [B, H, N, Dh]
        var v = AttentionOps.SplitHeads(parts[2], heads);             // [B, H, N, Dh]
        var o = nn.functional.scaled_dot_product_attention(q, k, v);  // [B, H, N, Dh]
        return scope.MoveToOuter(proj.forward(AttentionOps.MergeHeads(o))); // [B, N, D]
    }
}

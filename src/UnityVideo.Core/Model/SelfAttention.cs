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
    private readonly string precision;

    /// <summary>Creates the layer for width <paramref name="dim"/> and <paramref name="heads"/> heads, its linear layers at <paramref name="precision"/> (<see cref="BlockProducts"/>).</summary>
    public SelfAttention(string name, int dim, int heads, string precision = DiTConfig.Fp32) : base(name)
    {
        this.heads = heads;
        this.precision = precision;
        qkv = nn.Linear(dim, 3L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>x <c>[B, N, D]</c>, rotary tables <c>[N, Dh]</c> (<see cref="Rope3D.ChannelTables"/>) → <c>[B, N, D]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var dh = d / heads;
        var parts = BlockProducts.Linear(qkv, x, precision).view(b, n, 3, heads, dh);                                   // [B, N, 3, H, Dh]
        // q and k rotate together in one pass over their (token, head) layout; the tables broadcast over both.
        var qk = Rope3D.Apply(parts.narrow(2, 0, 2), cos.view(n, 1, 1, dh), sin.view(n, 1, 1, dh)); // [B, N, 2, H, Dh]
        var q = qk.select(2, 0).transpose(1, 2);                                                // [B, H, N, Dh]
        var k = qk.select(2, 1).transpose(1, 2);                                                // [B, H, N, Dh]
        var v = parts.select(2, 2).transpose(1, 2);                                             // [B, H, N, Dh]
        var o = nn.functional.scaled_dot_product_attention(q, k, v);                            // [B, H, N, Dh]
        return scope.MoveToOuter(BlockProducts.Linear(proj, AttentionOps.MergeHeads(o), precision)); // [B, N, D]
    }
}

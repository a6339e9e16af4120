using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// The in-context learner's cross-attention: tokens of one stream attend to that stream's context (the content
/// prompt for RGB, the modality prompt for a modality). The streams are folded into the batch, so one call
/// serves every stream, each with its own context.
/// </summary>
public sealed class CrossAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear q;
    private readonly Linear kv;
    private readonly Linear proj;
    private readonly int heads;
    private readonly string precision;

    /// <summary>Creates the layer: queries of width <paramref name="dim"/>, context of width <paramref name="contextDim"/>, linear layers at <paramref name="precision"/> (<see cref="BlockProducts"/>).</summary>
    public CrossAttention(string name, int dim, int contextDim, int heads, string precision = DiTConfig.Fp32) : base(name)
    {
        this.heads = heads;
        this.precision = precision;
        q = nn.Linear(dim, dim);
        kv = nn.Linear(contextDim, 2L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>The output projection (zero-initialised so that a fresh block ignores the prompt).</summary>
    internal Linear Proj => proj;

    /// <summary>x <c>[B', n, D]</c>, context <c>[B', L, Dt]</c>, mask <c>[B', L]</c> (true = real token) → <c>[B', n, D]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor context, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var query = AttentionOps.SplitHeads(BlockProducts.Linear(q, x, precision), heads); // [B', H, n, Dh]
        var parts = BlockProducts.Linear(kv, context, precision).chunk(2, -1);  // 2 × [B', L, D]
        var key = AttentionOps.SplitHeads(parts[0], heads);                  // [B', H, L, Dh]
        var value = AttentionOps.SplitHeads(parts[1], heads);                // [B', H, L, Dh]
        var o = nn.functional.scaled_dot_product_attention(query, key, value, AttentionOps.KeyPaddingMask(mask)); // [B', H, n, Dh]
        return scope.MoveToOuter(BlockProducts.Linear(proj, AttentionOps.MergeHeads(o), precision)); // [B', n, D]
    }
}

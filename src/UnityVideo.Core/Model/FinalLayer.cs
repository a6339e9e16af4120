using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>DiT's final AdaLN: LayerNorm modulated by (shift, scale) from each stream's c. The per-stream
/// linear heads that follow live in the model (<c>heads.&lt;modality&gt;</c>).</summary>
public sealed class FinalLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm_final;
    private readonly Linear adaLN_modulation;

    /// <summary>Creates the layer for width <paramref name="dim"/>.</summary>
    public FinalLayer(string name, int dim) : base(name)
    {
        norm_final = nn.LayerNorm(dim, 1e-6, elementwise_affine: false);
        adaLN_modulation = nn.Linear(dim, 2L * dim);
        RegisterComponents();
    }

    /// <summary>The (shift, scale) layer; zero-initialised.</summary>
    internal Linear Modulation => adaLN_modulation;

    /// <summary>x <c>[B, S, n, D]</c>, c <c>[B, S, D]</c> → <c>[B, S, n, D]</c>.</summary>
    public override Tensor forward(Tensor x, Tensor c)
    {
        using var scope = NewDisposeScope();
        var mod = adaLN_modulation.forward(nn.functional.silu(c)).unsqueeze(2).chunk(2, -1); // 2 × [B, S, 1, D]
        return scope.MoveToOuter(DiTBlock.Modulate(norm_final.forward(x), mod[0], mod[1]));   // [B, S, n, D]
    }
}

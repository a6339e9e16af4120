using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>Two-layer MLP with tanh-approximated GELU (as in DiT).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly string precision;

    /// <summary>Creates <paramref name="dim"/> → <paramref name="hidden"/> → <paramref name="dim"/>, its linear layers at <paramref name="precision"/> (<see cref="BlockProducts"/>).</summary>
    public Mlp(string name, int dim, int hidden, string precision = DiTConfig.Fp32) : base(name)
    {
        this.precision = precision;
        fc1 = nn.Linear(dim, hidden);
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    /// <summary><c>[..., D] → [..., D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.gelu(BlockProducts.Linear(fc1, x, precision), GELU.Approximate.tanh); // [..., hidden]
        return scope.MoveToOuter(BlockProducts.Linear(fc2, h, precision));                          // [..., D]
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// LayerNorm (eps 1e-6) computed in fp32 and returned in fp32, optionally with a learned affine
/// (keys <c>weight</c>, <c>bias</c>). The blocks feed it their fp32 residual stream.
/// </summary>
public sealed class WanLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter? weight;
    private readonly Parameter? bias;
    private readonly long dim;

    /// <summary>Creates the norm for width <paramref name="dim"/>; <paramref name="affine"/> adds weight and bias.</summary>
    public WanLayerNorm(string name, long dim, bool affine, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        this.dim = dim;
        if (affine)
        {
            weight = new Parameter(ones(dim, dtype ?? float32, device));
            bias = new Parameter(zeros(dim, dtype ?? float32, device));
        }
        RegisterComponents();
    }

    /// <summary><c>[..., D] → [..., D]</c> fp32.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var w = weight?.to_type(float32);
        var b = bias?.to_type(float32);
        return scope.MoveToOuter(nn.functional.layer_norm(x.to_type(float32), [dim], w, b, WanDiTConfig.Eps));
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// RMSNorm over the last dimension with a learned scale (key <c>weight</c>). The statistic is computed in fp32
/// whatever the input's dtype, the result cast back before the scale is applied, as the reference does.
/// </summary>
public sealed class WanRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>Creates the norm for width <paramref name="dim"/>.</summary>
    public WanRmsNorm(string name, long dim, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        weight = new Parameter(ones(dim, dtype ?? float32, device));
        RegisterComponents();
    }

    /// <summary><c>[..., D] → [..., D]</c>.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var xf = x.to_type(float32);
        var normed = xf * rsqrt(xf.pow(2).mean([-1L], keepdim: true) + WanDiTConfig.Eps); // [..., D] fp32
        return scope.MoveToOuter(normed.to_type(x.dtype) * weight.to_type(x.dtype));
    }
}

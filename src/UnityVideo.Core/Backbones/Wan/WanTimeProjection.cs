using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// SiLU → Linear(D, 6D) from the time embedding to the six modulation vectors of every block; key layout
/// <c>1.*</c> as the reference's <c>nn.Sequential(SiLU, Linear)</c>. Runs in fp32.
/// </summary>
public sealed class WanTimeProjection : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;

    /// <summary>Creates the projection for width <paramref name="dim"/>.</summary>
    public WanTimeProjection(string name, long dim, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        linear = nn.Linear(dim, 6 * dim, hasBias: true, device: device, dtype: dtype);
        register_module("1", linear);
    }

    /// <summary>e <c>[B, D]</c> → e0 <c>[B, 6D]</c> fp32.</summary>
    public override Tensor forward(Tensor e)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(WanFp32.Linear(linear, nn.functional.silu(e.to_type(float32))));
    }
}

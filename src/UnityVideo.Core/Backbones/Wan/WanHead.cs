using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Output head: LayerNorm modulated by its own learned table (<c>modulation [1, 2, D]</c>: shift, scale) plus the
/// un-projected time embedding, then <c>head</c> Linear(D, C_out·patch volume). Runs in fp32.
/// </summary>
public sealed class WanHead : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly WanLayerNorm norm;
    private readonly Linear head;
    private readonly Parameter modulation;

    /// <summary>Creates the head of <paramref name="config"/>.</summary>
    public WanHead(string name, WanDiTConfig config, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        norm = new WanLayerNorm("norm", config.Dim, affine: false);
        head = nn.Linear(config.Dim, config.PatchOutputs, hasBias: true, device: device, dtype: dtype);
        modulation = new Parameter(randn([1, 2, config.Dim], dtype ?? float32, device) / Math.Sqrt(config.Dim));
        RegisterComponents();
    }

    /// <summary>The output linear (zeroed for a new stream's head, so it starts by predicting nothing).</summary>
    public Linear Output => head;

    /// <summary>x <c>[B, L, D]</c> fp32, time embedding e <c>[B, D]</c> fp32 → <c>[B, L, C_out·patch]</c> fp32.</summary>
    public override Tensor forward(Tensor x, Tensor e)
    {
        using var scope = NewDisposeScope();
        var m = (modulation.to_type(float32) + e.unsqueeze(1)).chunk(2, 1); // 2 × [B, 1, D]: shift, scale
        var h = norm.forward(x) * (1 + m[1]) + m[0];                        // [B, L, D]
        return scope.MoveToOuter(WanFp32.Linear(head, h));                  // [B, L, C_out·patch]
    }
}

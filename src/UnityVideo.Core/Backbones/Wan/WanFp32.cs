using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// The reference runs the time embedding, the modulation and the head in fp32 even when the rest of the model
/// runs in bf16; these helpers apply a layer's weights upcast to fp32 for that.
/// </summary>
internal static class WanFp32
{
    /// <summary>x·Wᵀ + b with W and b upcast to fp32; x must already be fp32.</summary>
    public static Tensor Linear(Linear layer, Tensor x)
    {
        using var scope = NewDisposeScope();
        var w = layer.weight!.to_type(float32);
        var b = layer.bias?.to_type(float32);
        return scope.MoveToOuter(nn.functional.linear(x, w, b));
    }
}

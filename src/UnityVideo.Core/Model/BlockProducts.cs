using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Native;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// The blocks' linear layers at <see cref="DiTConfig.BlockPrecision"/>. TorchSharp has no autocast, so the rule is
/// applied by hand: in bf16 the input and the weight are rounded for the product only and the result comes back in
/// the input's type. Gradients flow through the casts, so parameters receive fp32 gradients and stay fp32. Attention
/// stays fp32: the CPU's bf16 flash attention was slower for the in-context learner's short prompts (docs/decisions.md).
/// </summary>
internal static class BlockProducts
{
    /// <summary>Whether <paramref name="precision"/> runs a product on <paramref name="x"/>'s device in bf16.</summary>
    public static bool InBf16(string precision, Tensor x) => precision switch
    {
        DiTConfig.Bf16 => true,
        DiTConfig.AutoPrecision => x.device_type == DeviceType.CUDA || (x.device_type == DeviceType.CPU && CpuFeatures.HasBf16Products),
        _ => false,
    };

    /// <summary><paramref name="layer"/>(x), its product in bf16 when <paramref name="precision"/> says so for x's device.</summary>
    public static Tensor Linear(Linear layer, Tensor x, string precision)
    {
        const ScalarType type = ScalarType.BFloat16;
        if (x.dtype != ScalarType.Float32 || !InBf16(precision, x)) return layer.forward(x);
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x.to(type), layer.weight!.to(type), layer.bias?.to(type));
        return scope.MoveToOuter(y.to(x.dtype));
    }
}

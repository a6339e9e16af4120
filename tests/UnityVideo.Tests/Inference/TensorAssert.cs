using static TorchSharp.torch;

namespace UnityVideo.Tests.Inference;

/// <summary>Exact tensor comparison for the inference tests.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}

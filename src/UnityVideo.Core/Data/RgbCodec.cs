using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Data;

/// <summary>
/// The one mapping between stored RGB frames and the model's RGB stream, shared by training and inference:
/// <c>[T, H, W, 3]</c> uint8 ⇄ <c>[3, T, H, W]</c> float32 in [-1, 1] (x / 127.5 − 1).
/// </summary>
public static class RgbCodec
{
    /// <summary>RGB <c>[T, H, W, 3]</c> uint8 → <c>[3, T, H, W]</c> float32 in [-1, 1], on the input's device.</summary>
    public static Tensor Encode(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dtype != uint8 || rgb.ndim != 4 || rgb.shape[3] != 3)
            throw new ArgumentException($"Expected RGB frames [T, H, W, 3] uint8, got {rgb.dtype} [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(rgb.permute(3, 0, 1, 2).to(float32).div(127.5).sub(1.0).contiguous()); // [3, T, H, W]
    }

    /// <summary>
    /// Model RGB <c>[3, T, H, W]</c> (any float dtype, values nominally in [-1, 1]) → <c>[T, H, W, 3]</c> uint8,
    /// clamped and rounded, on the input's device. NaN becomes mid grey.
    /// </summary>
    public static Tensor Decode(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.is_floating_point() || x.ndim != 4 || x.shape[0] != 3)
            throw new ArgumentException($"Expected an RGB stream [3, T, H, W] of floats, got {x.dtype} [{string.Join(", ", x.shape)}].", nameof(x));
        using var scope = NewDisposeScope();
        var pixels = x.to(float32).nan_to_num(0).clamp(-1, 1).add(1.0).mul(127.5).round(); // [3, T, H, W] in 0..255
        return scope.MoveToOuter(pixels.to(uint8).permute(1, 2, 3, 0).contiguous());       // [T, H, W, 3]
    }
}

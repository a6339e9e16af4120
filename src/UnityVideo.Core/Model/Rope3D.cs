using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// 3-D rotary position embedding over (t, h, w). The head width Dh is split into three even parts, one per
/// axis (time gets the remainder, so it is at least as wide as each spatial part); each part rotates its
/// channel pairs by position · θ^(−2i/d_axis). Every stream of a sample uses the same positions, because the
/// streams are spatially aligned views of the same clip.
/// </summary>
public static class Rope3D
{
    /// <summary>Channels per axis (t, h, w) for a head width; all even, summing to <paramref name="headDim"/>.</summary>
    public static (int T, int H, int W) AxisDims(int headDim)
    {
        if (headDim < 6 || headDim % 2 != 0) throw new ArgumentOutOfRangeException(nameof(headDim), headDim, "Head width must be even and ≥ 6.");
        var spatial = 2 * (headDim / 6);
        return (headDim - 2 * spatial, spatial, spatial);
    }

    /// <summary>
    /// Rotation angles for a <paramref name="frames"/> × <paramref name="gridH"/> × <paramref name="gridW"/> token
    /// grid (row-major t, h, w): cos and sin, each <c>[T·Hp·Wp, Dh/2]</c>, float32 on <paramref name="device"/>.
    /// </summary>
    public static (Tensor Cos, Tensor Sin) Angles(long frames, long gridH, long gridW, int headDim, double theta, Device device)
    {
        using var scope = NewDisposeScope();
        var (dt, dh, dw) = AxisDims(headDim);
        var t = arange(frames, float32, device).view(-1, 1, 1).expand(frames, gridH, gridW).reshape(-1);  // [n]
        var h = arange(gridH, float32, device).view(1, -1, 1).expand(frames, gridH, gridW).reshape(-1);   // [n]
        var w = arange(gridW, float32, device).view(1, 1, -1).expand(frames, gridH, gridW).reshape(-1);   // [n]
        var angles = cat([AxisAngles(t, dt, theta), AxisAngles(h, dh, theta), AxisAngles(w, dw, theta)], 1); // [n, Dh/2]
        return scope.MoveToOuter(angles.cos(), angles.sin());
    }

    /// <summary>Rotates channel pairs of <paramref name="x"/> <c>[B, H, N, Dh]</c> by angles <c>[N, Dh/2]</c>.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var pairs = x.view([.. x.shape[..^1], x.shape[^1] / 2, 2]);  // [B, H, N, Dh/2, 2]
        var x0 = pairs.select(-1, 0);                                 // [B, H, N, Dh/2]
        var x1 = pairs.select(-1, 1);                                 // [B, H, N, Dh/2]
        var c = cos.to(x.dtype);                                      // [N, Dh/2]
        var s = sin.to(x.dtype);                                      // [N, Dh/2]
        var rotated = stack([x0 * c - x1 * s, x0 * s + x1 * c], -1);  // [B, H, N, Dh/2, 2]
        return scope.MoveToOuter(rotated.flatten(-2));                // [B, H, N, Dh]
    }

    private static Tensor AxisAngles(Tensor positions, int dims, double theta)
    {
        var exponents = arange(0, dims, 2, float32, positions.device) / dims;  // [d/2]
        var invFreq = pow(theta, -exponents);                                  // [d/2]
        return positions.unsqueeze(1) * invFreq.unsqueeze(0);                  // [n, d/2]
    }
}

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

    /// <summary>
    /// Per-channel tables for <see cref="Apply"/> from the angles' cos and sin <c>[N, Dh/2]</c>: each cosine repeated
    /// for both channels of its pair, and the sine signed (−sin, +sin), each <c>[N, Dh]</c>. Built once per forward pass
    /// and shared by every block.
    /// </summary>
    public static (Tensor Cos, Tensor Sin) ChannelTables(Tensor cos, Tensor sin)
    {
        ArgumentNullException.ThrowIfNull(cos);
        ArgumentNullException.ThrowIfNull(sin);
        using var scope = NewDisposeScope();
        var cosTable = stack([cos, cos], -1).flatten(-2);  // [N, Dh]: (cos, cos) per pair
        var sinTable = stack([-sin, sin], -1).flatten(-2); // [N, Dh]: (−sin, +sin) per pair
        return scope.MoveToOuter(cosTable, sinTable);
    }

    /// <summary>
    /// Rotates each channel pair (x₀, x₁) of <paramref name="x"/> <c>[..., Dh]</c> to (x₀·cos − x₁·sin, x₀·sin + x₁·cos),
    /// with tables from <see cref="ChannelTables"/> broadcastable to <paramref name="x"/> (e.g. <c>[N, 1, 1, Dh]</c> for
    /// x <c>[B, N, G, H, Dh]</c>). Written as x·cos + swap(x)·sin, swap exchanging the channels of each pair: four
    /// kernels on contiguous data instead of strided pair slices, with the same products and sums.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cosTable, Tensor sinTable)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(cosTable);
        ArgumentNullException.ThrowIfNull(sinTable);
        using var scope = NewDisposeScope();
        var swapped = x.view([.. x.shape[..^1], x.shape[^1] / 2, 2]).flip(-1).reshape(x.shape); // [..., Dh]: (x₁, x₀) per pair
        var rotated = x * cosTable.to(x.dtype) + swapped * sinTable.to(x.dtype);             // [..., Dh]
        return scope.MoveToOuter(rotated);
    }

    private static Tensor AxisAngles(Tensor positions, int dims, double theta)
    {
        var exponents = arange(0, dims, 2, float32, positions.device) / dims;  // [d/2]
        var invFreq = pow(theta, -exponents);                                  // [d/2]
        return positions.unsqueeze(1) * invFreq.unsqueeze(0);                  // [n, d/2]
    }
}

using TorchSharp;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Wan's 3-D rotary positions: each head's channel pairs (2i, 2i+1) rotate by position · θ^(−2j/d_axis), the
/// pairs split over frame / height / width as <see cref="Rope3D.AxisDims"/> (e.g. 44/42/42 channels for a
/// 128-wide head, each axis with its own denominator d_axis). Angles are computed in float64, as the reference
/// does, so positions near the 1024 limit keep their precision; the rotation itself runs in fp32.
/// </summary>
public static class WanRope
{
    /// <summary>Positions per axis in the reference's tables.</summary>
    public const int MaxPositions = 1024;

    /// <summary>RoPE base.</summary>
    public const double Theta = 10000;

    /// <summary>
    /// Per-channel tables for a <paramref name="frames"/> × <paramref name="gridH"/> × <paramref name="gridW"/> token
    /// grid (row-major f, h, w), each <c>[F·H·W, Dh]</c> fp32, ready for <see cref="Rope3D.Apply"/>.
    /// </summary>
    public static (Tensor Cos, Tensor Sin) Tables(long frames, long gridH, long gridW, int headDim, Device device)
    {
        foreach (var (axis, n) in new[] { ("frames", frames), ("height", gridH), ("width", gridW) })
        {
            if (n > MaxPositions)
                throw new ArgumentException($"the token grid has {n} positions along {axis}; Wan's rotary tables cover {MaxPositions}");
        }
        using var scope = NewDisposeScope();
        var (dt, dh, dw) = Rope3D.AxisDims(headDim);
        var f = arange(frames, float64, device).view(-1, 1, 1).expand(frames, gridH, gridW).reshape(-1); // [L]
        var h = arange(gridH, float64, device).view(1, -1, 1).expand(frames, gridH, gridW).reshape(-1);  // [L]
        var w = arange(gridW, float64, device).view(1, 1, -1).expand(frames, gridH, gridW).reshape(-1);  // [L]
        var angles = cat([Axis(f, dt), Axis(h, dh), Axis(w, dw)], 1);                                   // [L, Dh/2] fp64
        var (cos, sin) = Rope3D.ChannelTables(angles.cos().to_type(float32), angles.sin().to_type(float32));
        return scope.MoveToOuter(cos, sin);
    }

    /// <summary>Rotates q or k <c>[B, L, H, Dh]</c> (any dtype) in fp32; returns fp32.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var (l, dh) = (x.shape[1], x.shape[3]);
        using var scope = NewDisposeScope();
        var rotated = Rope3D.Apply(x.to_type(float32), cos.view(l, 1, dh), sin.view(l, 1, dh)); // [B, L, H, Dh]
        return scope.MoveToOuter(rotated);
    }

    private static Tensor Axis(Tensor positions, int dims)
    {
        var invFreq = pow(Theta, -(arange(0, dims, 2, float64, positions.device) / dims)); // [d/2]
        return positions.unsqueeze(1) * invFreq.unsqueeze(0);                                // [L, d/2]
    }
}

using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Depth;

/// <summary>
/// Depth ⇄ per-clip normalised inverse depth, as video-depth models see it (affine-invariant disparity).
/// Encode: disparity 1/d over valid pixels (finite, &gt; 0), min–max over the whole clip mapped to [-1, 1]
/// with the nearest point at +1; invalid pixels (sky, +∞) → -1. A clip of one constant depth encodes its valid
/// pixels as 0; a clip with no valid pixel is all -1. Decode: relative depth 1 / (u + <see cref="DisparityOffset"/>)
/// with u = (n + 1) / 2, so its inverse is an affine function of the true disparity: an affine fit on
/// disparity recovers the ground truth exactly. The decoded depth is relative, not metric, and invalid pixels
/// come back as the farthest depth 1 / <see cref="DisparityOffset"/>.
/// </summary>
public sealed class DepthCodec : IModalityCodec
{
    /// <summary>
    /// The constant c of the decoded depth 1 / (u + c), u in [0, 1]: it keeps the farthest point finite and makes
    /// the decoded depth range 1 / (1 + c) … 1 / c (an 11 : 1 ratio).
    /// </summary>
    public const float DisparityOffset = 0.1f;

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, DepthModality.Name, "stored depth", [context.Frames, context.Height, context.Width], "[T, H, W]",
            torch.ScalarType.Float16, torch.ScalarType.Float32);
        using var scope = torch.NewDisposeScope();
        var depth = stored.to(torch.ScalarType.Float32);                                   // [T, H, W]
        var valid = depth.isfinite().logical_and(depth.gt(0));                             // [T, H, W]
        var disparity = torch.where(valid, depth.reciprocal(), torch.zeros_like(depth));  // [T, H, W]
        // Min and max over valid pixels only; with none valid, hi = -inf and lo = +inf and every pixel is -1 below.
        var hi = torch.where(valid, disparity, torch.full_like(disparity, float.NegativeInfinity)).max();
        var lo = torch.where(valid, disparity, torch.full_like(disparity, float.PositiveInfinity)).min();
        var range = hi - lo;
        var scaled = torch.where(range.gt(0), (disparity - lo) / range * 2 - 1, torch.zeros_like(disparity));
        var normalized = torch.where(valid, scaled, torch.full_like(disparity, -1f)).clamp(-1, 1); // [T, H, W]
        return normalized.unsqueeze(0).contiguous().MoveToOuterDisposeScope();             // [1, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, DepthModality.Name, "normalized depth", [1, context.Frames, context.Height, context.Width], "[1, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(-1).clamp(-1, 1).squeeze(0); // [T, H, W]
        var u = (n + 1) / 2;                                                                     // [T, H, W] in [0, 1]
        var relative = (u + DisparityOffset).reciprocal();                                       // [T, H, W]
        return relative.to(torch.ScalarType.Float16).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>
/// Joints <c>[T, P, 17, 3]</c> ⇄ a 3-channel "keypoint blob" image: every visible joint is a Gaussian blob of
/// strength s = exp(−r² / 2σ²) (σ = <see cref="Sigma"/>, cut off at 3σ) around its position. A pixel shows the
/// strongest blob over it: channels 0–1 are s·(cos, sin) of the joint's hue angle 2πj/17 (joint identity as a
/// colour), channel 2 is −1 + s·2(p + 1)/<see cref="MaxPersons"/> (person slot p, so −1 is the background and
/// each slot has its own level at the blob centre). Every channel fades smoothly to the background value, which
/// a small video DiT learns more easily than hard discs.
/// Decode: a pixel with strength √(c0² + c1²) &gt; <see cref="DecodeThreshold"/> votes for the joint whose hue is
/// nearest and the slot whose level is nearest; each (slot, joint) is the centroid of its votes weighted by
/// strength − threshold (weights fall to zero at the threshold, so the sampled blob's centroid is within
/// 0.015 px of the true position for σ ≥ 1), visible when it has any vote; otherwise (0, 0, 0). Decode returns <c>[T, MaxPersons, 17, 3]</c> float32.
/// Limits: only the first <see cref="MaxPersons"/> skeletons are encoded; joints closer than about 2σ share
/// pixels, and the weaker loses the shared pixels, so its decoded position shifts away from the stronger one
/// (and a joint wholly covered by another decodes as not visible); at 32² the face joints overlap most.
/// The round trip's accuracy at 32² and 64² is in docs/decisions.md ("Skeleton and flow codes").
/// </summary>
public sealed class SkeletonCodec : IModalityCodec
{
    /// <summary>Skeleton slots the representation holds (person slot levels −0.5, 0, 0.5, 1 at a blob centre).</summary>
    public const int MaxPersons = 4;

    /// <summary>Blob σ as a fraction of the shorter frame side (never below <see cref="MinSigma"/> pixels).</summary>
    public const double SigmaFraction = 0.025;

    /// <summary>Smallest blob σ in pixels: below about 0.7 px a sampled Gaussian's centroid stops being exact.</summary>
    public const double MinSigma = 1.0;

    /// <summary>Blob strength a pixel needs to vote in decode.</summary>
    public const double DecodeThreshold = 0.1;

    /// <summary>Blobs end at this many σ (strength ≈ 0.011), so their edge is nearly invisible.</summary>
    private const double CutOffSigmas = 3;

    /// <summary>The blob σ in pixels for frames of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public static double Sigma(int height, int width) => Math.Max(MinSigma, SigmaFraction * Math.Min(height, width));

    /// <inheritdoc />
    public torch.Tensor Encode(torch.Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(stored, SkeletonModality.Name, "stored joints", [context.Frames, -1, SkeletonModality.Joints, 3], $"[T, P, {SkeletonModality.Joints}, 3]",
            torch.ScalarType.Float32, torch.ScalarType.Float16);
        int t = context.Frames, h = context.Height, w = context.Width;
        var persons = (int)Math.Min(stored.shape[1], MaxPersons);
        var device = stored.device;
        using var scope = torch.NewDisposeScope();
        if (persons == 0)
        {
            var empty = torch.zeros([3, t, h, w], device: device);                 // [3, T, H, W]
            empty[2].fill_(-1);
            return empty.MoveToOuterDisposeScope();
        }
        var sigma = Sigma(h, w);
        var joints = stored.to(torch.ScalarType.Float32)[.., ..persons].reshape(t, persons * SkeletonModality.Joints, 3); // [T, K, 3]
        var x = joints[.., .., 0].nan_to_num(0).unsqueeze(-1).unsqueeze(-1);       // [T, K, 1, 1]
        var y = joints[.., .., 1].nan_to_num(0).unsqueeze(-1).unsqueeze(-1);       // [T, K, 1, 1]
        var visible = joints[.., .., 2].gt(0.5).unsqueeze(-1).unsqueeze(-1);       // [T, K, 1, 1]
        var px = (torch.arange(w, device: device, dtype: torch.float32) + 0.5f).reshape(1, 1, 1, w); // pixel centres
        var py = (torch.arange(h, device: device, dtype: torch.float32) + 0.5f).reshape(1, 1, h, 1);
        var r2 = (px - x).square() + (py - y).square();                             // [T, K, H, W]
        var blobs = (r2 / (-2 * sigma * sigma)).exp();                              // [T, K, H, W]
        blobs = blobs * r2.le(CutOffSigmas * CutOffSigmas * sigma * sigma) * visible;
        var (strength, winner) = blobs.max(1);                                      // [T, H, W] each
        var joint = winner.remainder(SkeletonModality.Joints).to(torch.ScalarType.Float32);          // [T, H, W]
        var person = winner.div(SkeletonModality.Joints, rounding_mode: torch.RoundingMode.floor).to(torch.ScalarType.Float32); // [T, H, W]
        var angle = joint * (2 * Math.PI / SkeletonModality.Joints);                                 // [T, H, W]
        var c0 = strength * angle.cos();
        var c1 = strength * angle.sin();
        var c2 = strength * (person + 1) * (2.0 / MaxPersons) - 1;
        return torch.stack([c0, c1, c2], 0).clamp(-1, 1).MoveToOuterDisposeScope(); // [3, T, H, W]
    }

    /// <inheritdoc />
    public torch.Tensor Decode(torch.Tensor normalized, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        StoredTensor.Require(normalized, SkeletonModality.Name, "normalized skeleton image", [3, context.Frames, context.Height, context.Width], "[3, T, H, W]",
            torch.ScalarType.Float32, torch.ScalarType.Float16, torch.ScalarType.BFloat16);
        int t = context.Frames, h = context.Height, w = context.Width;
        var device = normalized.device;
        using var scope = torch.NewDisposeScope();
        var n = normalized.to(torch.ScalarType.Float32).nan_to_num(0).clamp(-1, 1);  // [3, T, H, W]
        var strength = (n[0].square() + n[1].square()).sqrt().clamp_max(1);          // [T, H, W]
        var votes = strength.gt(DecodeThreshold);                                    // [T, H, W]
        var joint = (torch.atan2(n[1], n[0]) / (2 * Math.PI / SkeletonModality.Joints)).round().remainder(SkeletonModality.Joints); // [T, H, W] in 0..16
        var level = (n[2] + 1) / strength.clamp_min(DecodeThreshold);                // [T, H, W] ≈ 2(p + 1) / MaxPersons
        var person = (level * (MaxPersons / 2.0) - 1).round().clamp(0, MaxPersons - 1); // [T, H, W]
        var frame = torch.arange(t, device: device, dtype: torch.float32).reshape(t, 1, 1);
        var bin = ((frame * MaxPersons + person) * SkeletonModality.Joints + joint).to(torch.ScalarType.Int64).flatten(); // [T·H·W]
        var weight = ((strength - DecodeThreshold) * votes).flatten();              // [T·H·W]
        var px = (torch.arange(w, device: device, dtype: torch.float32) + 0.5f).reshape(1, 1, w).expand(t, h, w).flatten();
        var py = (torch.arange(h, device: device, dtype: torch.float32) + 0.5f).reshape(1, h, 1).expand(t, h, w).flatten();
        var bins = t * MaxPersons * SkeletonModality.Joints;
        var sw = torch.zeros(bins, device: device).index_add_(0, bin, weight, 1);       // [bins]
        var sx = torch.zeros(bins, device: device).index_add_(0, bin, weight * px, 1);  // [bins]
        var sy = torch.zeros(bins, device: device).index_add_(0, bin, weight * py, 1);  // [bins]
        var seen = sw.gt(0);                                                         // [bins]
        var safe = sw.clamp_min(1e-12);
        var xs = torch.where(seen, sx / safe, torch.zeros_like(sx));
        var ys = torch.where(seen, sy / safe, torch.zeros_like(sy));
        var joints = torch.stack([xs, ys, seen.to(torch.ScalarType.Float32)], -1);   // [bins, 3]
        return joints.reshape(t, MaxPersons, SkeletonModality.Joints, 3).MoveToOuterDisposeScope();   // [T, MaxPersons, 17, 3]
    }
}

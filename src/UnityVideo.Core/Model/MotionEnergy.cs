using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Model;

/// <summary>
/// Motion-energy channels of an RGB clip: from the grey level g, its spatial derivatives g_x, g_y (central
/// differences) and its change to the next frame g_t, the five products g_x·g_t, g_y·g_t, g_x², g_y², g_x·g_y
/// (the last frame has g_t = 0). Summed over a patch, which the patch embedding's linear layer can do, these are
/// the terms of the local brightness-constancy (Lucas–Kanade) equations, whose solution is the patch's motion.
/// A network trained from scratch has to discover such products before any linear read-out of its patches
/// correlates with motion; this hands them over, as a pretrained video backbone would. Scaled per clip by the mean
/// squared gradient so that they are O(1) whatever the contrast. The model computes them only for an RGB stream
/// that is given (t = 0, estimation); for one being generated the channels are zero.
/// </summary>
public static class MotionEnergy
{
    /// <summary>Channels added to the RGB stream's patch input.</summary>
    public const int Channels = 5;

    /// <summary>Flow time up to which an RGB stream counts as given (clean) and its motion energy is computed.</summary>
    public const double CleanTime = 1e-6;

    /// <summary>RGB <c>[B, 3, T, H, W]</c> → motion-energy channels <c>[B, 5, T, H, W]</c>.</summary>
    public static Tensor Compute(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dim() != 5) throw new ArgumentException($"Expected video [B, C, T, H, W], got [{string.Join(", ", rgb.shape)}].", nameof(rgb));
        using var scope = NewDisposeScope();
        var g = rgb.mean([1], keepdim: true);                                                      // [B, 1, T, H, W]
        long t = g.shape[2], h = g.shape[3], w = g.shape[4];
        var padded = nn.functional.pad(g, [1, 1, 1, 1, 0, 0], PaddingModes.Replicate);          // [B, 1, T, H+2, W+2]
        var gx = (padded.narrow(3, 1, h).narrow(4, 2, w) - padded.narrow(3, 1, h).narrow(4, 0, w)) / 2; // [B, 1, T, H, W]
        var gy = (padded.narrow(3, 2, h).narrow(4, 1, w) - padded.narrow(3, 0, h).narrow(4, 1, w)) / 2; // [B, 1, T, H, W]
        var gt = t > 1
            ? cat([g.narrow(2, 1, t - 1) - g.narrow(2, 0, t - 1), zeros_like(g.narrow(2, 0, 1))], 2)  // [B, 1, T, H, W]
            : zeros_like(g);
        var energy = cat([gx * gt, gy * gt, gx * gx, gy * gy, gx * gy], 1);                       // [B, 5, T, H, W]
        var scale = (gx * gx + gy * gy).mean([1, 2, 3, 4], keepdim: true) + 1e-4;                  // [B, 1, 1, 1, 1]
        return (energy / scale).MoveToOuterDisposeScope();                                          // [B, 5, T, H, W]
    }
}

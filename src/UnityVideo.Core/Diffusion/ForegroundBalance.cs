using static TorchSharp.torch;

namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Per-pixel loss weights that keep a sparse target from being won by predicting its background. Skeleton blobs,
/// DensePose parts and segmentation instances cover a few percent of a frame; everywhere else the code is one
/// constant. An estimate that outputs that constant everywhere (which a one-step estimate at t = 1 does while it
/// cannot yet place people) scores nearly the best loss there is. Here a stream whose most common value (its
/// per-channel median) covers more than half of a sample's pixels has that value called background, and its
/// background and foreground pixels are weighted to count half each; dense streams (RGB, depth, flow) keep
/// weight 1. The weights average to 1 over every sample, so the loss keeps its scale.
/// </summary>
public static class ForegroundBalance
{
    /// <summary>A pixel is background when every channel is within this of the background value (codes span [-1, 1]).</summary>
    public const double Tolerance = 0.05;

    /// <summary>
    /// Weights <c>[B, 1, T, H, W]</c> for a clean stream <paramref name="clean"/> <c>[B, C, T, H, W]</c>:
    /// 1 − <paramref name="strength"/> + <paramref name="strength"/>·(0.5 / share of the pixel's kind) on sparse samples,
    /// 1 elsewhere. <paramref name="strength"/> in [0, 1]; 0 gives all ones.
    /// </summary>
    public static Tensor Weights(Tensor clean, double strength)
    {
        using var scope = NewDisposeScope();
        var x = clean.detach().to(float32);                                                   // [B, C, T, H, W]
        var background = x.flatten(2).sort(2).Values.select(2, x.flatten(2).shape[2] / 2);   // [B, C]: per-channel median
        var isBackground = (x - background.unsqueeze(-1).unsqueeze(-1).unsqueeze(-1)).abs()
            .le(Tolerance).all(1, keepdim: true);                                             // [B, 1, T, H, W] bool
        var share = isBackground.to(float32).mean([2, 3, 4], keepdim: true);                  // [B, 1, 1, 1, 1]
        var sparse = share.gt(0.5).logical_and(share.lt(1.0));                                // [B, 1, 1, 1, 1]: has both kinds
        var balanced = where(isBackground, 0.5 / share.clamp_min(1e-6), 0.5 / (1.0 - share).clamp_min(1e-6)); // [B, 1, T, H, W]
        var weights = where(sparse, balanced * strength + (1.0 - strength), ones_like(balanced)); // [B, 1, T, H, W]
        return scope.MoveToOuter(weights);
    }
}

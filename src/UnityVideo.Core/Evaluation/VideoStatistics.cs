using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Evaluation;

/// <summary>Statistics of RGB video that need no pretrained network.</summary>
public static class VideoStatistics
{
    /// <summary>
    /// VBench's temporal flickering score of frames <c>[T, H, W, 3]</c> uint8: (255 − MAD) / 255, where MAD is the
    /// mean absolute difference of consecutive frames over every pixel and channel, averaged over the T − 1 pairs.
    /// 1 is a still video; lower means more change between frames. A one-frame clip scores 1.
    /// </summary>
    public static double TemporalFlickering(Tensor rgb)
    {
        RequireRgb(rgb);
        if (rgb.shape[0] < 2) return 1.0;
        using var scope = NewDisposeScope();
        var frames = rgb.to(float64);                                                 // [T, H, W, 3]
        var mad = (frames[1..] - frames[..^1]).abs().mean([1, 2, 3]).mean().item<double>(); // mean over pairs of per-pair means
        return (255.0 - mad) / 255.0;
    }

    /// <summary>
    /// Mean optical-flow magnitude in pixels per frame: the mean of √(dx² + dy²) over every pixel of the first
    /// T − 1 frames of stored flow <c>[T, H, W, 2]</c> (the last frame has no successor; annotators repeat the flow
    /// before it). A one-frame clip scores 0.
    /// </summary>
    public static double MotionMagnitude(Tensor flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.ndim != 4 || flow.shape[3] != 2) throw new ArgumentException($"Expected flow [T, H, W, 2], got [{string.Join(", ", flow.shape)}].", nameof(flow));
        if (flow.shape[0] < 2) return 0.0;
        using var scope = NewDisposeScope();
        var f = flow.to(float64)[..^1];                                              // [T − 1, H, W, 2]
        return f.square().sum(-1).sqrt().mean().item<double>();
    }

    /// <summary>Blocks per side of <see cref="LayoutError"/>'s coarse frames.</summary>
    public const int LayoutBlocks = 8;

    /// <summary>
    /// How far video <paramref name="rgb"/> is from <paramref name="reference"/> in layout and colour, ignoring
    /// detail: both <c>[T, H, W, 3]</c> uint8 of one size, every frame averaged over a <see cref="LayoutBlocks"/> ×
    /// <see cref="LayoutBlocks"/> grid of blocks, then the mean absolute difference of the block colours in 0–255.
    /// 0 is the same coarse picture (where the wall, floor and large objects are, and their colours). Generated RGB
    /// scored against the clip it was conditioned on: one that follows its caption and control scores lower than
    /// another clip of the same world does.
    /// </summary>
    public static double LayoutError(Tensor rgb, Tensor reference)
    {
        RequireRgb(rgb);
        RequireRgb(reference);
        if (!rgb.shape.SequenceEqual(reference.shape))
            throw new ArgumentException($"Expected two videos of one size, got [{string.Join(", ", rgb.shape)}] and [{string.Join(", ", reference.shape)}].", nameof(reference));
        using var scope = NewDisposeScope();
        Tensor Coarse(Tensor v) => nn.functional.adaptive_avg_pool2d(v.to(float64).permute(0, 3, 1, 2), [LayoutBlocks, LayoutBlocks]);
        return (Coarse(rgb) - Coarse(reference)).abs().mean().item<double>();
    }

    private static void RequireRgb(Tensor rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.dtype != uint8 || rgb.ndim != 4 || rgb.shape[3] != 3)
            throw new ArgumentException($"Expected RGB frames [T, H, W, 3] uint8, got {rgb.dtype} [{string.Join(", ", rgb.shape)}].", nameof(rgb));
    }
}

using TorchSharp;

namespace UnityVideo.Core.Video;

/// <summary>Integer nearest-neighbour enlargement, so tiny clips (16² – 64²) are visible without blurring.</summary>
public static class FrameScale
{
    /// <summary>Repeats every pixel <paramref name="factor"/> × <paramref name="factor"/> times: <c>[T, H, W, 3]</c> → <c>[T, kH, kW, 3]</c>.</summary>
    /// <param name="frames">RGB frames <c>[T, H, W, 3]</c> uint8.</param>
    /// <param name="factor">Scale k ≥ 1; 1 returns an independent copy.</param>
    public static torch.Tensor Upscale(torch.Tensor frames, int factor)
    {
        FrameChecks.RequireClip(frames, nameof(frames));
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1) return frames.clone();
        using var scope = torch.NewDisposeScope();
        var up = frames.repeat_interleave(factor, dim: 1) // [T, kH, W, 3]
            .repeat_interleave(factor, dim: 2);              // [T, kH, kW, 3]
        return up.MoveToOuterDisposeScope();
    }

    /// <summary>The smallest integer scale that makes a <paramref name="height"/> × <paramref name="width"/> panel at least <paramref name="minSide"/> pixels on its shorter side.</summary>
    public static int ToAtLeast(int height, int width, int minSide = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var side = Math.Min(height, width);
        return Math.Max(1, (minSide + side - 1) / side);
    }
}

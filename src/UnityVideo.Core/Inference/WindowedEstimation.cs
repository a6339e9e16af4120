using static TorchSharp.torch;

namespace UnityVideo.Core.Inference;

/// <summary>
/// Estimation over a video longer than the model's T frames: overlapping windows of T frames (the last one ends on
/// the last frame), each estimated on its own, then stitched in the modalities' normalized space. Over an overlap the
/// windows are cross-faded linearly, so no seam shows. A single-channel modality (depth) is estimated only up to an
/// affine map per window (its codec normalises each clip), so before blending each window is fitted to what is
/// already stitched over their overlap by least-squares scale and shift, and the stitched result is finally mapped
/// back into [-1, 1].
/// </summary>
public static class WindowedEstimation
{
    /// <summary>Start frames of the windows covering <paramref name="frames"/> frames with windows of <paramref name="window"/> frames overlapping by <paramref name="overlap"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The overlap is negative or not below the window.</exception>
    public static IReadOnlyList<int> Starts(int frames, int window, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (overlap < 0 || overlap >= window) throw new ArgumentOutOfRangeException(nameof(overlap), overlap, $"the overlap must be 0…{window - 1} frames.");
        if (frames <= window) return [0];
        var starts = new List<int>();
        for (var s = 0; s + window < frames; s += window - overlap) starts.Add(s);
        starts.Add(frames - window); // the last window ends on the last frame
        return starts;
    }

    /// <summary>
    /// Stitches normalized window estimates <c>[C, T, H, W]</c> (window i starts at <paramref name="starts"/>[i]) into
    /// one <c>[C, N, H, W]</c>. Windows are consumed in order; the caller keeps ownership of them.
    /// </summary>
    public static Tensor Stitch(IReadOnlyList<Tensor> windows, IReadOnlyList<int> starts, int frames)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(starts);
        if (windows.Count != starts.Count || windows.Count == 0) throw new ArgumentException("one start per window is needed.", nameof(starts));
        using var scope = NewDisposeScope();
        var c = windows[0].shape[0];
        var t = (int)windows[0].shape[1];
        var sum = zeros([c, frames, windows[0].shape[2], windows[0].shape[3]], float32);  // [C, N, H, W]
        var weight = zeros([1, frames, 1, 1], float32);                                   // [1, N, 1, 1]
        var align = c == 1;
        for (var i = 0; i < windows.Count; i++)
        {
            var x = windows[i].to(float32);                                               // [C, T, H, W]
            var start = starts[i];
            var length = Math.Min(t, frames - start);
            x = x.narrow(1, 0, length);
            var before = i == 0 ? 0 : Math.Max(0, starts[i - 1] + t - start);            // frames shared with the previous window
            var after = i + 1 < starts.Count ? Math.Max(0, start + length - starts[i + 1]) : 0;
            if (align && before > 0)
            {
                var done = sum.narrow(1, start, before) / weight.narrow(1, start, before); // [1, before, H, W]
                x = FitScaleShift(x, x.narrow(1, 0, before), done);
            }
            var ramp = new float[length];
            for (var j = 0; j < length; j++)
            {
                var up = before > 0 ? (j + 1f) / (before + 1) : 1f;
                var down = after > 0 ? (float)(length - j) / (after + 1) : 1f;
                ramp[j] = Math.Min(1f, Math.Min(up, down));
            }
            var w = tensor(ramp).reshape(1, length, 1, 1);                                  // [1, T, 1, 1]
            sum.narrow(1, start, length).add_(x * w);
            weight.narrow(1, start, length).add_(w);
        }
        var stitched = sum / weight.clamp_min(1e-6f);                                       // [C, N, H, W]
        if (align)
        {
            // Back into the codec's range: an affine map, which an affine-invariant modality does not notice.
            var (lo, hi) = (stitched.min(), stitched.max());
            stitched = where((hi - lo).gt(1e-6f), (stitched - lo) / (hi - lo) * 2 - 1, stitched.clamp(-1, 1));
        }
        return stitched.MoveToOuterDisposeScope();
    }

    /// <summary>a·x + b with (a, b) minimising ‖a·overlap + b − target‖² (a constant overlap only shifts).</summary>
    private static Tensor FitScaleShift(Tensor x, Tensor overlap, Tensor target)
    {
        var (mx, my) = (overlap.mean(), target.mean());
        var dx = overlap - mx;
        var variance = dx.square().mean();
        var covariance = (dx * (target - my)).mean();
        var a = where(variance.gt(1e-8f), covariance / variance.clamp_min(1e-8f), ones_like(variance));
        return x * a + (my - a * mx);
    }
}

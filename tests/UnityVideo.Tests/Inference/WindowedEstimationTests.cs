using TorchSharp;
using UnityVideo.Core.Inference;

namespace UnityVideo.Tests.Inference;

public sealed class WindowedEstimationTests
{
    [Theory]
    [InlineData(795, 8, 4)]
    [InlineData(11, 4, 2)]
    [InlineData(9, 4, 0)]
    [InlineData(3, 4, 2)]
    public void Windows_cover_every_frame_and_the_last_ends_on_the_last_frame(int frames, int window, int overlap)
    {
        var starts = WindowedEstimation.Starts(frames, window, overlap);

        var covered = starts.SelectMany(s => Enumerable.Range(s, window)).Where(f => f < frames).ToHashSet();
        Assert.Equal(frames, covered.Count);
        Assert.Equal(Math.Max(frames, window) - window, starts[^1]);
        Assert.All(starts.Zip(starts.Skip(1)), p => Assert.InRange(p.Second - p.First, 1, window - overlap)); // never less overlap than asked
    }

    [Fact]
    public void Windows_that_agree_stitch_to_the_same_values()
    {
        using var truth = torch.rand([2, 11, 3, 3]) * 2 - 1; // a two-channel modality: no alignment
        var starts = WindowedEstimation.Starts(11, 4, 2);
        var windows = starts.Select(s => truth.narrow(1, s, 4)).ToList();

        using var stitched = WindowedEstimation.Stitch(windows, starts, 11);

        Assert.True(stitched.allclose(truth, atol: 1e-5), "stitching changed windows that agree");
    }

    [Fact]
    public void Depth_like_windows_off_by_a_scale_and_shift_each_are_aligned_before_blending()
    {
        using var truth = torch.linspace(-1, 1, 11 * 9).reshape(1, 11, 3, 3) + torch.rand([1, 11, 3, 3]) * 0.1; // [1, N, H, W]
        var starts = WindowedEstimation.Starts(11, 4, 2);
        var windows = starts.Select((s, i) => truth.narrow(1, s, 4) * (0.5 + i) + (i % 2 == 0 ? 0.3 : -0.4)).ToList();

        using var stitched = WindowedEstimation.Stitch(windows, starts, 11);

        // Up to one affine map over the whole video, the stitched estimate is the truth: no jump where windows meet.
        var x = stitched.flatten();
        var y = truth.flatten();
        var correlation = torch.corrcoef(torch.stack([x, y])).data<float>()[1];
        Assert.True(correlation > 0.9999, $"correlation {correlation}");
        Assert.Equal(-1, stitched.min().item<float>(), 5);
        Assert.Equal(1, stitched.max().item<float>(), 5);
    }
}

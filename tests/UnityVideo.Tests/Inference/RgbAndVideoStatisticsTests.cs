using UnityVideo.Core.Data;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Inference;
using static TorchSharp.torch;
using static UnityVideo.Tests.Inference.TensorAssert;

namespace UnityVideo.Tests.Inference;

public sealed class RgbAndVideoStatisticsTests
{
    [Fact]
    public void Rgb_survives_encode_then_decode_exactly_and_encodes_to_minus_one_to_one()
    {
        using var scope = NewDisposeScope();
        var rgb = randint(0, 256, [3, 5, 7, 3], dtype: uint8);           // [T, H, W, 3]
        var encoded = RgbCodec.Encode(rgb);                               // [3, T, H, W]
        Assert.Equal([3L, 3, 5, 7], encoded.shape);
        Assert.Equal(-1.0, RgbCodec.Encode(zeros([1, 1, 1, 3], uint8)).min().item<float>(), 6);
        Assert.Equal(1.0, RgbCodec.Encode(full([1, 1, 1, 3], 255, uint8)).max().item<float>(), 6);
        Assert.True(Same(RgbCodec.Decode(encoded), rgb));
    }

    [Fact]
    public void Flickering_follows_the_VBench_formula_on_a_hand_made_clip()
    {
        using var scope = NewDisposeScope();
        // Frames of constant grey 0, 10, 40: mean absolute differences 10 and 30, mean 20.
        var rgb = stack([zeros([2, 2, 3], uint8), full([2, 2, 3], 10, uint8), full([2, 2, 3], 40, uint8)]); // [3, 2, 2, 3]
        Assert.Equal((255.0 - 20.0) / 255.0, VideoStatistics.TemporalFlickering(rgb), 9);
        Assert.Equal(1.0, VideoStatistics.TemporalFlickering(rgb[..1]), 9);
    }

    [Fact]
    public void Motion_is_the_mean_flow_length_without_the_last_frame()
    {
        using var scope = NewDisposeScope();
        var flow = zeros([3, 1, 2, 2]);                                   // [T, H, W, 2]
        flow[0, 0, 0] = tensor(new[] { 3f, 4f });                         // length 5
        flow[1, 0, 1] = tensor(new[] { 0f, 1f });                         // length 1
        flow[2] = full([1, 2, 2], 100f);                                  // the repeated last frame is ignored
        Assert.Equal((5.0 + 0 + 0 + 1) / 4, VideoStatistics.MotionMagnitude(flow), 6);
    }

    [Fact]
    public void Layout_error_sees_where_the_colours_are_and_not_fine_detail()
    {
        using var scope = NewDisposeScope();
        // A 16 × 16 frame: grey wall (100) over a brown floor (rows 8–15 at 60, 40, 20).
        var scene = full([2, 16, 16, 3], 100, uint8);
        scene[.., 8..] = tensor(new byte[] { 60, 40, 20 });
        Assert.Equal(0.0, VideoStatistics.LayoutError(scene, scene), 9);

        // The same layout with a one-pixel checker of ±10 on it: every 2 × 2 block keeps its mean colour.
        var checker = (arange(16).unsqueeze(1) + arange(16).unsqueeze(0)).remainder(2).mul(20).sub(10);   // [16, 16] of ±10
        var detailed = (scene.to(int32) + checker.unsqueeze(-1)).to(uint8);
        Assert.Equal(0.0, VideoStatistics.LayoutError(detailed, scene), 9);

        // The floor line moved up by 4 rows: a quarter of the blocks change by |100 − (60, 40, 20)| = 40, 60, 80.
        var moved = full([2, 16, 16, 3], 100, uint8);
        moved[.., 4..] = tensor(new byte[] { 60, 40, 20 });
        Assert.Equal(0.25 * 60.0, VideoStatistics.LayoutError(moved, scene), 9);

        Assert.Throws<ArgumentException>(() => VideoStatistics.LayoutError(scene[..1], scene));
    }
}

using TorchSharp;
using static UnityVideo.Tests.Metrics.MetricKit;

namespace UnityVideo.Tests.Metrics;

public sealed class DepthMetricTests
{
    private const double Tol = 1e-6;

    // GT depth [1, 1/3] (disparity [1, 3]); prediction [1, 1/2] (disparity [1, 2]).
    private static torch.Tensor Gt() => F32([1f, 1f / 3], 1, 1, 2);

    private static torch.Tensor Pred() => F32([1f, 0.5f], 1, 1, 2);

    [Fact]
    public void Without_alignment_the_prediction_is_scored_as_it_is()
    {
        var s = Score("depth", Pred(), Gt(), ("align", "none"));

        // |1 − 1| / 1 = 0 and |1/2 − 1/3| / (1/3) = 1/2; ratios 1 and 1.5.
        Assert.Equal(0.25, s["abs_rel"], Tol);
        Assert.Equal(0.5, s["delta1"], Tol);
    }

    [Fact]
    public void Scale_alignment_fits_the_least_squares_scale_in_disparity()
    {
        var s = Score("depth", Pred(), Gt(), ("align", "scale"));

        // s = Σxy / Σx² = (1·1 + 2·3) / (1 + 4) = 1.4 → pred' = [1/1.4, 1/2.8].
        // Errors: (1 − 1/1.4) = 2/7 and (3/2.8 − 1) = 1/14; ratios 1.4 and 1.07.
        Assert.Equal(((2.0 / 7) + (1.0 / 14)) / 2, s["abs_rel"], Tol);
        Assert.Equal(0.5, s["delta1"], Tol);
    }

    [Fact]
    public void Scale_shift_is_the_default_and_recovers_an_exact_affine_disparity()
    {
        // Disparity 3 = 2·2 − 1 and 1 = 2·1 − 1: s = 2, t = −1 fits exactly.
        var s = Score("depth", Pred(), Gt());

        Assert.Equal(0, s["abs_rel"], Tol);
        Assert.Equal(1, s["delta1"]);
    }

    [Fact]
    public void A_prediction_affine_in_disparity_scores_perfectly_under_scale_shift_but_not_unaligned()
    {
        var gt = torch.rand([2, 8, 8], torch.float64, generator: new torch.Generator(5)) * 9 + 1; // [T, H, W] in 1..10 m
        var pred = (gt.reciprocal() * 0.3 + 0.05).reciprocal().to(torch.float32);                  // [T, H, W]

        var aligned = Score("depth", pred, gt.to(torch.float32), ("align", "scale-shift"));
        var raw = Score("depth", pred, gt.to(torch.float32), ("align", "none"));

        Assert.True(aligned["abs_rel"] < 1e-5, $"abs_rel = {aligned["abs_rel"]}");
        Assert.Equal(1, aligned["delta1"]);
        Assert.True(raw["abs_rel"] > 0.1, $"abs_rel = {raw["abs_rel"]}");
        Assert.True(raw["delta1"] < 1);
    }

    [Fact]
    public void Means_are_taken_per_frame_then_over_frames_skipping_frames_without_valid_pixels()
    {
        // Frame 0: GT [1, 2], pred [1, 3] → rel errors 0, 0.5; ratios 1, 1.5.
        // Frame 1: GT [4, +inf], pred [2, 7] → only the first pixel is valid: rel 0.5, ratio 2.
        // Frame 2: GT [0, NaN] → no valid pixel, skipped.
        var gt = F32([1, 2, 4, float.PositiveInfinity, 0, float.NaN], 3, 1, 2);
        var pred = F32([1, 3, 2, 7, 5, 5], 3, 1, 2);

        var s = Score("depth", pred, gt, ("align", "none"));

        Assert.Equal((0.25 + 0.5) / 2, s["abs_rel"], Tol); // pixel-weighted would give 1/3
        Assert.Equal((0.5 + 0) / 2, s["delta1"], Tol);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(0f)]
    [InlineData(-2f)]
    public void An_unusable_predicted_pixel_counts_as_fully_wrong_and_never_leaks_NaN(float bad)
    {
        var gt = F32([1, 1, 2], 1, 1, 3);
        var pred = F32([bad, 1, 2], 1, 1, 3);

        foreach (var align in new[] { "none", "scale", "scale-shift" })
        {
            var s = Score("depth", pred, gt, ("align", align));

            AssertFinite(s);
            // The fit over the two usable pixels is exact (s = 1, t = 0); the bad one scores pred' = 0: rel error 1.
            Assert.Equal(1.0 / 3, s["abs_rel"], Tol);
            Assert.Equal(2.0 / 3, s["delta1"], Tol);
        }
    }

    [Fact]
    public void A_constant_prediction_under_scale_shift_falls_back_to_the_scale_fit()
    {
        // Disparities x = [1, 1], y = [1, 3]: any s·1 + t = 2 is optimal → pred' = 1/2 everywhere.
        var s = Score("depth", F32([1, 1], 1, 1, 2), F32([1, 1f / 3], 1, 1, 2));

        AssertFinite(s);
        Assert.Equal((0.5 + 0.5) / 2, s["abs_rel"], Tol); // |1/2 − 1| / 1 and |1/2 − 1/3| / (1/3)
        Assert.Equal(0, s["delta1"]);
    }

    [Fact]
    public void A_clip_without_any_valid_pixel_has_nothing_to_score()
    {
        var gt = F32([0, float.PositiveInfinity, float.NaN, -1], 1, 2, 2);

        var s = Score("depth", F32([1, 2, 3, 4], 1, 2, 2), gt);

        Assert.Equal(0, s["abs_rel"]);
        Assert.Equal(1, s["delta1"]);
    }

    [Fact]
    public void Float16_storage_is_accepted()
    {
        var gt = F32([1, 2, 4, 8], 1, 2, 2).to(torch.float16);

        var s = Score("depth", (gt * 2).to(torch.float16), gt, ("align", "none"));

        Assert.Equal(1, s["abs_rel"], Tol); // |2g − g| / g
        Assert.Equal(0, s["delta1"]);
    }

    [Fact]
    public void Mismatched_shapes_name_the_modality_and_both_shapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Score("depth", F32([1, 2], 1, 1, 2), F32([1, 2, 3], 1, 1, 3)));

        Assert.Contains("depth", e.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1, 2]", e.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_dtype_or_rank_is_refused_with_both_inputs_described()
    {
        var dtype = Assert.Throws<ArgumentException>(() => Score("depth", torch.ones([1, 2, 2], torch.int32), F32([1, 2, 3, 4], 1, 2, 2)));
        var rank = Assert.Throws<ArgumentException>(() => Score("depth", F32([1, 2, 3, 4], 2, 2), F32([1, 2, 3, 4], 2, 2)));

        Assert.Contains("depth metric", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("[T, H, W]", rank.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", rank.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_align_value_lists_the_allowed_values()
    {
        var e = Assert.Throws<ArgumentException>(() => Score("depth", Pred(), Gt(), ("align", "foo")));

        Assert.Contains("'foo'", e.Message, StringComparison.Ordinal);
        Assert.Contains("none, scale, scale-shift", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_name_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Score("depth", Pred(), Gt(), ("alignment", "none")));

        Assert.Contains("'alignment'", e.Message, StringComparison.Ordinal);
    }
}

using TorchSharp;
using static UnityVideo.Tests.Metrics.MetricKit;

namespace UnityVideo.Tests.Metrics;

public sealed class FlowMetricTests
{
    private const double Tol = 1e-9;

    [Fact]
    public void Epe_and_pixel_accuracies_match_hand_computed_end_point_errors()
    {
        // Frame 0: EPE 0.5, 0, 5 (3-4-5 triangle); frame 1: EPE 2, 0.
        var gt = F32([0, 0, 1, 1, 3, 4, /* frame 1 */ 0, 0, -1, 2, 0, 0], 2, 1, 3, 2);
        var pred = F32([0, 0.5f, 1, 1, 0, 0, /* frame 1 */ 2, 0, -1, 2, 0, 0], 2, 1, 3, 2);

        var s = Score("flow", pred, gt);

        Assert.Equal((0.5 + 0 + 5 + 2 + 0 + 0) / 6, s["epe"], Tol);
        Assert.Equal(4.0 / 6, s["px1"], Tol); // 0.5, 0, 0, 0
        Assert.Equal(5.0 / 6, s["px3"], Tol); // and 2
    }

    [Fact]
    public void Pixels_without_finite_ground_truth_are_not_scored()
    {
        var gt = F32([float.NaN, 0, 0, 0], 1, 1, 2, 2);
        var pred = F32([9, 9, 0, 0.5f], 1, 1, 2, 2);

        var s = Score("flow", pred, gt);

        Assert.Equal(0.5, s["epe"], Tol);
        Assert.Equal(1, s["px1"]);
    }

    [Fact]
    public void A_non_finite_prediction_scores_as_zero_flow_and_fails_both_accuracies()
    {
        var gt = F32([0, 0.5f, 3, 4], 1, 1, 2, 2);
        var pred = F32([float.PositiveInfinity, 0, 3, 4], 1, 1, 2, 2);

        var s = Score("flow", pred, gt);

        AssertFinite(s);
        Assert.Equal(0.5 / 2, s["epe"], Tol); // ‖(0, 0.5)‖ for the bad pixel, 0 for the other
        Assert.Equal(0.5, s["px1"], Tol);     // the bad pixel fails although 0.5 < 1
        Assert.Equal(0.5, s["px3"], Tol);
    }

    [Fact]
    public void A_clip_without_any_finite_ground_truth_has_nothing_to_score()
    {
        var gt = torch.full([1, 2, 2, 2], double.NaN, torch.float32);

        var s = Score("flow", torch.zeros([1, 2, 2, 2]), gt);

        Assert.Equal(0, s["epe"]);
        Assert.Equal(1, s["px1"]);
        Assert.Equal(1, s["px3"]);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_modality_and_both_shapes_named()
    {
        var shape = Assert.Throws<ArgumentException>(() => Score("flow", torch.zeros([1, 2, 2, 2]), torch.zeros([1, 2, 3, 2])));
        var channels = Assert.Throws<ArgumentException>(() => Score("flow", torch.zeros([1, 2, 2, 3]), torch.zeros([1, 2, 2, 3])));
        var dtype = Assert.Throws<ArgumentException>(() => Score("flow", torch.zeros([1, 2, 2, 2], torch.uint8), torch.zeros([1, 2, 2, 2])));
        var option = Assert.Throws<ArgumentException>(() => Score("flow", torch.zeros([1, 2, 2, 2]), torch.zeros([1, 2, 2, 2]), ("align", "none")));

        Assert.Contains("flow metric", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 2, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 3, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[T, H, W, 2]", channels.Message, StringComparison.Ordinal);
        Assert.Contains("Byte", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("align", option.Message, StringComparison.Ordinal);
    }
}

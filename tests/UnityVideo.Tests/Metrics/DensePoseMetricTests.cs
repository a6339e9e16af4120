using TorchSharp;
using static UnityVideo.Tests.Metrics.MetricKit;

namespace UnityVideo.Tests.Metrics;

public sealed class DensePoseMetricTests
{
    private const double Tol = 1e-9;

    /// <summary>IUV [1, 1, W, 3] from (I, U, V) triples.</summary>
    private static torch.Tensor Iuv(params (byte I, byte U, byte V)[] pixels) =>
        U8(pixels.SelectMany(p => new[] { p.I, p.U, p.V }).ToArray(), 1, 1, pixels.Length, 3);

    [Fact]
    public void Part_IoU_and_UV_error_match_hand_computed_values()
    {
        // GT parts [1, 1, 2, 0]; predicted [1, 2, 2, 2].
        // Part 1: GT {0, 1}, pred {0} → IoU 1/2. Part 2: GT {2}, pred {1, 2, 3} → IoU 1/3.
        // Same part at pixels 0 and 2: UV errors (51/255 + 0)/2 = 0.1 and (0 + 102/255)/2 = 0.2.
        var gt = Iuv((1, 0, 255), (1, 9, 9), (2, 100, 100), (0, 0, 0));
        var pred = Iuv((1, 51, 255), (2, 0, 0), (2, 100, 202), (2, 7, 7));

        var s = Score("densepose", pred, gt);

        Assert.Equal(((1.0 / 2) + (1.0 / 3)) / 2, s["part_miou"], Tol);
        Assert.Equal((0.1 + 0.2) / 2, s["uv_l1"], Tol);
    }

    [Fact]
    public void Parts_only_in_the_prediction_do_not_enter_the_mean_but_lower_the_IoU_of_the_parts_they_cover()
    {
        // GT part 3 on both pixels; the prediction calls the second one part 7.
        var s = Score("densepose", Iuv((3, 0, 0), (7, 0, 0)), Iuv((3, 0, 0), (3, 0, 0)));

        Assert.Equal(0.5, s["part_miou"], Tol);
        Assert.Equal(0, s["uv_l1"], Tol);
    }

    [Fact]
    public void Identical_IUV_scores_perfectly_across_frames()
    {
        var gt = U8([5, 10, 20, 0, 0, 0, /* frame 1 */ 5, 30, 40, 6, 50, 60], 2, 1, 2, 3);

        var s = Score("densepose", gt.clone(), gt);

        Assert.Equal(1, s["part_miou"]);
        Assert.Equal(0, s["uv_l1"]);
    }

    [Fact]
    public void Edge_cases_give_defined_scores()
    {
        var empty = Iuv((0, 0, 0), (0, 9, 9));
        var body = Iuv((4, 0, 0), (4, 9, 9));
        var otherPart = Iuv((5, 0, 0), (5, 9, 9));

        var none = Score("densepose", empty, empty);
        var claimed = Score("densepose", body, empty);
        var missed = Score("densepose", empty, body);
        var wrongParts = Score("densepose", otherPart, body);

        Assert.Equal((1.0, 0.0), (none["part_miou"], none["uv_l1"]));         // nothing to find, nothing claimed
        Assert.Equal((0.0, 1.0), (claimed["part_miou"], claimed["uv_l1"]));   // body where there is none
        Assert.Equal((0.0, 1.0), (missed["part_miou"], missed["uv_l1"]));     // every part missed
        Assert.Equal((0.0, 1.0), (wrongParts["part_miou"], wrongParts["uv_l1"])); // no pixel shares a part
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_modality_and_both_shapes_named()
    {
        var shape = Assert.Throws<ArgumentException>(() => Score("densepose", torch.zeros([1, 2, 2, 3], torch.uint8), torch.zeros([1, 2, 3, 3], torch.uint8)));
        var dtype = Assert.Throws<ArgumentException>(() => Score("densepose", torch.zeros([1, 2, 2, 3]), torch.zeros([1, 2, 2, 3], torch.uint8)));
        var rank = Assert.Throws<ArgumentException>(() => Score("densepose", torch.zeros([1, 2, 2], torch.uint8), torch.zeros([1, 2, 2], torch.uint8)));

        Assert.Contains("densepose metric", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 2, 3]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 3, 3]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", dtype.Message, StringComparison.Ordinal);
        Assert.Contains("[T, H, W, 3]", rank.Message, StringComparison.Ordinal);
    }
}

using TorchSharp;
using static UnityVideo.Tests.Metrics.MetricKit;

namespace UnityVideo.Tests.Metrics;

public sealed class SegmentationMetricTests
{
    private const double Tol = 1e-9;

    private static torch.Tensor Ids(params byte[] row) => U8(row, 1, 1, row.Length);

    [Fact]
    public void Matching_maximises_total_IoU_where_greedy_matching_would_not()
    {
        // GT A = px 0..5, B = px 6..9. Pred X = px 2..7, Y = px 0..1.
        // IoU: A–X 4/8, A–Y 2/6, B–X 2/8, B–Y 0. Greedy takes A–X (0.5) then B–Y (0): total 0.5;
        // the best one-to-one matching is A–Y + B–X = 1/3 + 1/4.
        var gt = Ids(1, 1, 1, 1, 1, 1, 2, 2, 2, 2);
        var pred = Ids(9, 9, 7, 7, 7, 7, 7, 7, 0, 0);

        var s = Score("segmentation", pred, gt);

        Assert.Equal(((1.0 / 3) + (1.0 / 4)) / 2, s["miou"], Tol);
        Assert.Equal(0, s["map"]); // no matched pair reaches IoU 0.5
    }

    [Fact]
    public void Map_averages_precision_times_recall_over_the_ten_thresholds()
    {
        // GT A = 0..3, B = 4..7; pred X = 0..3 (IoU 1 with A), Y = 4..6 (IoU 3/4 with B), Z = 8..9 (false positive).
        var gt = Ids(1, 1, 1, 1, 2, 2, 2, 2, 0, 0);
        var pred = Ids(5, 5, 5, 5, 6, 6, 6, 0, 3, 3);

        var s = Score("segmentation", pred, gt);

        Assert.Equal((1 + 0.75) / 2, s["miou"], Tol);
        // τ = 0.50 … 0.75 (six thresholds): TP 2 → (2/3)·(2/2); τ = 0.80 … 0.95 (four): TP 1 → (1/3)·(1/2).
        Assert.Equal(((6 * (2.0 / 3)) + (4 * (1.0 / 6))) / 10, s["map"], Tol);
    }

    [Fact]
    public void Masks_span_the_whole_clip_and_ids_need_not_agree()
    {
        // Instance 4 in frames 0 and 1 is one mask of 3 pixels; the prediction calls it 200 and misses one pixel.
        var gt = U8([4, 4, 0, /* frame 1 */ 4, 0, 0], 2, 1, 3);
        var pred = U8([200, 200, 0, /* frame 1 */ 0, 0, 0], 2, 1, 3);

        var s = Score("segmentation", pred, gt);

        Assert.Equal(2.0 / 3, s["miou"], Tol);
        Assert.Equal(4.0 / 10, s["map"], Tol); // 2/3 clears τ = 0.50, 0.55, 0.60, 0.65
    }

    [Fact]
    public void The_matching_is_optimal_on_random_masks_checked_by_brute_force()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 20; trial++)
        {
            var gt = new byte[60];
            var pred = new byte[60];
            for (var i = 0; i < 60; i++)
            {
                gt[i] = (byte)rng.Next(0, 5);   // up to 4 GT instances
                pred[i] = (byte)rng.Next(0, 5); // up to 4 predicted
            }

            var s = Score("segmentation", U8(pred, 1, 6, 10), U8(gt, 1, 6, 10));

            Assert.Equal(BestMeanIoU(gt, pred), s["miou"], Tol);
        }
    }

    [Fact]
    public void More_predictions_than_ground_truth_leave_the_extras_unmatched()
    {
        var gt = Ids(1, 1, 0, 0, 0, 0);
        var pred = Ids(1, 1, 2, 2, 3, 3);

        var s = Score("segmentation", pred, gt);

        Assert.Equal(1, s["miou"], Tol);
        Assert.Equal(1.0 / 3, s["map"], Tol); // precision 1/3, recall 1 at every τ
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 }, new byte[] { 0, 0, 0 }, 1.0)] // nothing to find, nothing claimed
    [InlineData(new byte[] { 1, 1, 0 }, new byte[] { 0, 0, 0 }, 0.0)] // every mask missed
    [InlineData(new byte[] { 0, 0, 0 }, new byte[] { 1, 1, 0 }, 0.0)] // every prediction false
    public void Empty_sides_give_defined_scores(byte[] gt, byte[] pred, double expected)
    {
        var s = Score("segmentation", Ids(pred), Ids(gt));

        AssertFinite(s);
        Assert.Equal(expected, s["miou"]);
        Assert.Equal(expected, s["map"]);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_modality_and_both_shapes_named()
    {
        var shape = Assert.Throws<ArgumentException>(() => Score("segmentation", torch.zeros([1, 2, 2], torch.uint8), torch.zeros([2, 2, 2], torch.uint8)));
        var dtype = Assert.Throws<ArgumentException>(() => Score("segmentation", torch.zeros([1, 2, 2]), torch.zeros([1, 2, 2], torch.uint8)));

        Assert.Contains("segmentation metric", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 2, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2, 2]", shape.Message, StringComparison.Ordinal);
        Assert.Contains("Float32", dtype.Message, StringComparison.Ordinal);
    }

    /// <summary>Mean over GT ids of the matched IoU, maximised over every injective assignment (independent of the metric).</summary>
    private static double BestMeanIoU(byte[] gt, byte[] pred)
    {
        var g = gt.Where(v => v != 0).Distinct().Order().ToArray();
        var p = pred.Where(v => v != 0).Distinct().Order().ToArray();
        if (g.Length == 0) return p.Length == 0 ? 1 : 0;
        double IoU(byte a, byte b)
        {
            var inter = gt.Zip(pred).Count(x => x.First == a && x.Second == b);
            var union = gt.Zip(pred).Count(x => x.First == a || x.Second == b);
            return inter / (double)union;
        }

        // Try every assignment of GT i → a distinct prediction or none.
        double best = 0;
        void Search(int i, HashSet<int> taken, double total)
        {
            if (i == g.Length)
            {
                best = Math.Max(best, total);
                return;
            }
            Search(i + 1, taken, total);
            for (var j = 0; j < p.Length; j++)
            {
                if (!taken.Add(j)) continue;
                Search(i + 1, taken, total + IoU(g[i], p[j]));
                taken.Remove(j);
            }
        }
        Search(0, [], 0);
        return best / g.Length;
    }
}

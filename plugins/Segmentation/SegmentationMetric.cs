using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Instance segmentation quality over a whole clip, on stored instance ids <c>[T, H, W]</c> (uint8, int16,
/// int32 or int64; 0 is background). No options. Ids need not agree between prediction and GT.
/// <para>
/// Every id ≠ 0 is one mask over the whole clip (all frames). IoU(g, p) = |g ∩ p| / |g ∪ p| in pixels. GT masks
/// are matched one-to-one to predicted masks so that the total IoU is largest (Hungarian algorithm); with
/// G GT and P predicted masks, min(G, P) pairs are matched.
/// <c>miou</c> = mean over GT masks of the IoU of its match (0 when unmatched).
/// For τ_k = (50 + 5k) / 100, k = 0…9 (0.50, 0.55, …, 0.95): TP_τ = matched pairs with IoU ≥ τ,
/// precision = TP_τ / P, recall = TP_τ / G, AP_τ = precision × recall; <c>map</c> = mean over the ten τ of AP_τ.
/// </para>
/// <para>
/// Degenerate inputs: no GT and no predicted mask → miou = map = 1 (nothing to find, nothing claimed);
/// exactly one of the two empty → miou = map = 0 (every mask is missed, or every prediction is false).
/// </para>
/// </summary>
public sealed class SegmentationMetric : IModalityMetric
{
    /// <summary>The IoU thresholds of <c>map</c>: 0.50, 0.55, …, 0.95.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = Enumerable.Range(0, 10).Select(k => (50 + (5 * k)) / 100.0).ToArray();

    /// <inheritdoc />
    public string Modality => SegmentationModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = ["miou", "map"];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > 0)
            throw new ArgumentException($"segmentation metric: takes no options (got {string.Join(", ", options.Keys)}).");
        MetricInputs.CheckAligned(SegmentationModality.Name, prediction, reference, [ScalarType.Byte, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64], "Byte, Int16, Int32 or Int64 instance ids", [-1, -1, -1], "[T, H, W]");

        var gt = Ids(reference);
        var pred = Ids(prediction);
        var gtArea = new Dictionary<long, long>();
        var predArea = new Dictionary<long, long>();
        var overlap = new Dictionary<(long Gt, long Pred), long>();
        for (var i = 0; i < gt.Length; i++)
        {
            long g = gt[i], p = pred[i];
            if (g != 0) gtArea[g] = gtArea.GetValueOrDefault(g) + 1;
            if (p != 0) predArea[p] = predArea.GetValueOrDefault(p) + 1;
            if (g != 0 && p != 0) overlap[(g, p)] = overlap.GetValueOrDefault((g, p)) + 1;
        }

        int nGt = gtArea.Count, nPred = predArea.Count;
        if (nGt == 0 || nPred == 0)
        {
            var both = nGt == 0 && nPred == 0 ? 1.0 : 0.0;
            return new Dictionary<string, double> { ["miou"] = both, ["map"] = both };
        }

        var gtIds = gtArea.Keys.Order().ToArray();
        var predIds = predArea.Keys.Order().ToArray();
        var iou = new double[nGt, nPred];
        var cost = new double[nGt, nPred];
        for (var r = 0; r < nGt; r++)
        {
            for (var c = 0; c < nPred; c++)
            {
                var inter = overlap.GetValueOrDefault((gtIds[r], predIds[c]));
                iou[r, c] = inter / (double)(gtArea[gtIds[r]] + predArea[predIds[c]] - inter);
                cost[r, c] = -iou[r, c];
            }
        }

        var match = HungarianAssignment.Solve(cost);
        var matched = Enumerable.Range(0, nGt).Select(r => match[r] >= 0 ? iou[r, match[r]] : 0.0).ToArray();
        var ap = Thresholds.Select(tau =>
        {
            var tp = matched.Count(m => m >= tau);
            return (tp / (double)nPred) * (tp / (double)nGt);
        });
        return new Dictionary<string, double> { ["miou"] = matched.Average(), ["map"] = ap.Average() };
    }

    /// <summary>The ids as a flat CPU array.</summary>
    private static long[] Ids(Tensor x)
    {
        using var ids = x.to(ScalarType.Int64).cpu().contiguous().flatten(); // [T·H·W]
        return ids.data<long>().ToArray();
    }
}

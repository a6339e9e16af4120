using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Plugins.DensePose;

/// <summary>
/// DensePose quality over a whole clip, on stored IUV <c>[T, H, W, 3]</c> uint8 (part index I, 0 = no body;
/// U and V in 0..255), computed in float64. No options.
/// <para>
/// <c>part_miou</c> = mean over the part indices p ≠ 0 present anywhere in the GT of
/// IoU(pred I = p, GT I = p), pixel sets taken over all frames.
/// <c>uv_l1</c> = mean over the pixels where prediction and GT carry the same non-zero part of
/// (|U_pred − U_gt| + |V_pred − V_gt|) / 2, with U, V = value / 255 in [0, 1].
/// </para>
/// <para>
/// Degenerate inputs: with no body pixel in either, part_miou = 1 and uv_l1 = 0 (nothing to find, nothing
/// claimed). With no part in the GT but body pixels predicted, part_miou = 0. When no pixel shares a part
/// while either side has body pixels, uv_l1 = 1 (its largest value), so a prediction cannot earn a perfect
/// UV score by getting every part wrong.
/// </para>
/// </summary>
public sealed class DensePoseMetric : IModalityMetric
{
    private const int Parts = 256;

    /// <inheritdoc />
    public string Modality => DensePoseModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = ["part_miou", "uv_l1"];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > 0)
            throw new ArgumentException($"densepose metric: takes no options (got {string.Join(", ", options.Keys)}).");
        MetricInputs.CheckAligned(DensePoseModality.Name, prediction, reference, [ScalarType.Byte], "Byte IUV", [-1, -1, -1, 3], "[T, H, W, 3]");

        using var scope = NewDisposeScope();
        var gt = reference.to(ScalarType.Int64);                              // [T, H, W, 3]
        var pred = prediction.to(ScalarType.Int64).to(reference.device);    // [T, H, W, 3]
        var gtI = gt.select(-1, 0).flatten();                                 // [T·H·W]
        var predI = pred.select(-1, 0).flatten();                             // [T·H·W]

        // Confusion counts: row = GT part, column = predicted part.
        var confusion = torch.bincount(gtI * Parts + predI, minlength: Parts * Parts).view(Parts, Parts); // [256, 256]
        var counts = confusion.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var gtArea = new double[Parts];
        var predArea = new double[Parts];
        for (var g = 0; g < Parts; g++)
        {
            for (var p = 0; p < Parts; p++)
            {
                gtArea[g] += counts[(g * Parts) + p];
                predArea[p] += counts[(g * Parts) + p];
            }
        }
        var gtParts = Enumerable.Range(1, Parts - 1).Where(p => gtArea[p] > 0).ToList();
        var predBody = Enumerable.Range(1, Parts - 1).Any(p => predArea[p] > 0);
        var partMiou = gtParts.Count == 0 ? (predBody ? 0.0 : 1.0)
            : gtParts.Average(p => counts[(p * Parts) + p] / (gtArea[p] + predArea[p] - counts[(p * Parts) + p]));

        var same = gtI.eq(predI).logical_and(gtI.ne(0));                      // [T·H·W]
        var agreed = same.sum().item<long>();
        double uvL1;
        if (agreed > 0)
        {
            var diff = (pred.narrow(-1, 1, 2) - gt.narrow(-1, 1, 2)).abs().to(ScalarType.Float64).sum(-1).flatten(); // [T·H·W]
            uvL1 = diff.masked_select(same).sum().item<double>() / (2 * 255.0 * agreed);
        }
        else
        {
            uvL1 = gtParts.Count == 0 && !predBody ? 0.0 : 1.0;
        }
        return new Dictionary<string, double> { ["part_miou"] = partMiou, ["uv_l1"] = uvL1 };
    }
}

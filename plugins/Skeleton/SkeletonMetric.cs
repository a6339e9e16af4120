using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Plugins.Skeleton;

/// <summary>
/// Percentage of correct keypoints, on stored joints <c>[T, P, 17, 3]</c> (x, y in pixels, visibility; float16,
/// float32 or float64), computed in float64. No options.
/// <para>
/// Persons are matched by index: person p of the prediction against person p of the GT. The prediction may
/// hold more persons (the extra ones are ignored) or fewer (a GT person missing from it scores all its joints
/// incorrect); T and the 17×3 joint layout must agree. A joint is visible when its visibility is &gt; 0 and its
/// x, y are finite.
/// For each frame t, GT person p and joint j visible in the GT: the joint is counted, and it is correct when the
/// predicted joint exists, is visible, and ‖pred_xy − GT_xy‖₂ &lt; α · max(w, h), where w × h is the bounding box
/// of person p's visible GT joints in frame t. (A person with a single visible joint has a 0 × 0 box, so that
/// joint is never correct.) <c>pck@0.05</c> and <c>pck@0.1</c> = correct / counted at α = 0.05 and 0.1.
/// </para>
/// <para>Degenerate inputs: with no visible GT joint in the clip there is nothing to score: both return 1.</para>
/// </summary>
public sealed class SkeletonMetric : IModalityMetric
{
    private static readonly (string Name, double Alpha)[] Levels = [("pck@0.1", 0.1), ("pck@0.05", 0.05)]; // the first is the headline metric

    /// <inheritdoc />
    public string Modality => SkeletonModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = Levels.Select(l => l.Name).ToArray();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > 0)
            throw new ArgumentException($"skeleton metric: takes no options (got {string.Join(", ", options.Keys)}).");
        CheckInputs(prediction, reference);

        var frames = (int)reference.shape[0];
        int gtPersons = (int)reference.shape[1], predPersons = (int)prediction.shape[1];
        var gt = Values(reference);     // [T, Pg, 17, 3] flattened
        var pred = Values(prediction);  // [T, Pp, 17, 3] flattened
        var counted = 0L;
        var correct = new long[Levels.Length];
        for (var t = 0; t < frames; t++)
        {
            for (var p = 0; p < gtPersons; p++)
            {
                var g = ((t * gtPersons) + p) * SkeletonModality.Joints * 3;
                double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
                double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
                for (var j = 0; j < SkeletonModality.Joints; j++)
                {
                    if (!Visible(gt, g + (j * 3))) continue;
                    minX = Math.Min(minX, gt[g + (j * 3)]);
                    maxX = Math.Max(maxX, gt[g + (j * 3)]);
                    minY = Math.Min(minY, gt[g + (j * 3) + 1]);
                    maxY = Math.Max(maxY, gt[g + (j * 3) + 1]);
                }
                if (double.IsPositiveInfinity(minX)) continue; // no visible joint: the person is not scored in this frame
                var size = Math.Max(maxX - minX, maxY - minY);

                for (var j = 0; j < SkeletonModality.Joints; j++)
                {
                    var gj = g + (j * 3);
                    if (!Visible(gt, gj)) continue;
                    counted++;
                    if (p >= predPersons) continue;
                    var pj = (((t * predPersons) + p) * SkeletonModality.Joints * 3) + (j * 3);
                    if (!Visible(pred, pj)) continue;
                    var distance = Math.Sqrt(Math.Pow(pred[pj] - gt[gj], 2) + Math.Pow(pred[pj + 1] - gt[gj + 1], 2));
                    for (var l = 0; l < Levels.Length; l++)
                    {
                        if (distance < Levels[l].Alpha * size) correct[l]++;
                    }
                }
            }
        }

        var result = new Dictionary<string, double>();
        for (var l = 0; l < Levels.Length; l++) result[Levels[l].Name] = counted == 0 ? 1 : correct[l] / (double)counted;
        return result;
    }

    /// <summary>Visibility &gt; 0 with finite coordinates; <paramref name="at"/> indexes the joint's x.</summary>
    private static bool Visible(double[] joints, int at) =>
        joints[at + 2] > 0 && double.IsFinite(joints[at]) && double.IsFinite(joints[at + 1]);

    private static double[] Values(Tensor x)
    {
        using var values = x.to(ScalarType.Float64).cpu().contiguous().flatten(); // [T·P·17·3]
        return values.data<double>().ToArray();
    }

    private static void CheckInputs(Tensor prediction, Tensor reference)
    {
        MetricInputs.CheckEach(SkeletonModality.Name, prediction, reference, MetricInputs.Floats, MetricInputs.FloatsText, [-1, -1, SkeletonModality.Joints, 3], $"[T, P, {SkeletonModality.Joints}, 3]");
        if (prediction.shape[0] != reference.shape[0])
            throw new ArgumentException($"skeleton metric: prediction shape {StoredTensor.Text(prediction.shape)} and reference shape {StoredTensor.Text(reference.shape)} have different frame counts.");
    }
}

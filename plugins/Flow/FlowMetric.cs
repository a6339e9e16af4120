using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// End-point error of optical flow, on stored flow <c>[T, H, W, 2]</c> (dx, dy in pixels; float16, float32 or
/// float64), computed in float64. No options.
/// <para>
/// Per pixel, EPE = ‖pred − GT‖₂ = √((dx_p − dx_g)² + (dy_p − dy_g)²).
/// <c>epe</c> = mean of EPE over all scored pixels of all frames (every pixel weighs the same);
/// <c>px1</c>, <c>px3</c> = fraction of scored pixels with EPE &lt; 1 and &lt; 3.
/// </para>
/// <para>
/// Degenerate inputs: pixels whose GT vector is not finite carry no ground truth and are not scored. A pixel
/// whose predicted vector is not finite is scored as a zero prediction for <c>epe</c> (EPE = ‖GT‖₂) and fails
/// <c>px1</c> and <c>px3</c>. With no scored pixel at all the result is epe = 0, px1 = px3 = 1.
/// </para>
/// </summary>
public sealed class FlowMetric : IModalityMetric
{
    /// <inheritdoc />
    public string Modality => FlowModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = ["epe", "px1", "px3"];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > 0)
            throw new ArgumentException($"flow metric: takes no options (got {string.Join(", ", options.Keys)}).");
        MetricInputs.CheckAligned(FlowModality.Name, prediction, reference, MetricInputs.Floats, MetricInputs.FloatsText, [-1, -1, -1, 2], "[T, H, W, 2]");

        using var scope = NewDisposeScope();
        var gt = reference.to(ScalarType.Float64);                            // [T, H, W, 2]
        var pred = prediction.to(ScalarType.Float64).to(reference.device);   // [T, H, W, 2]
        var scored = gt.isfinite().all(-1);                                   // [T, H, W]
        var usable = pred.isfinite().all(-1);                                 // [T, H, W]
        var n = scored.sum().item<long>();
        if (n == 0) return new Dictionary<string, double> { ["epe"] = 0, ["px1"] = 1, ["px3"] = 1 };

        var predSafe = pred.masked_fill(usable.logical_not().unsqueeze(-1), 0); // [T, H, W, 2]
        var gtSafe = gt.masked_fill(scored.logical_not().unsqueeze(-1), 0);     // [T, H, W, 2]
        var epe = (predSafe - gtSafe).square().sum(-1).sqrt();                   // [T, H, W]
        var counted = scored.logical_and(usable);                                // [T, H, W]
        return new Dictionary<string, double>
        {
            ["epe"] = epe.masked_fill(scored.logical_not(), 0).sum().item<double>() / n,
            ["px1"] = epe.lt(1).logical_and(counted).sum().item<long>() / (double)n,
            ["px3"] = epe.lt(3).logical_and(counted).sum().item<long>() / (double)n,
        };
    }
}

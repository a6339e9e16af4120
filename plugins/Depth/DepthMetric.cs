using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Plugins.Depth;

/// <summary>
/// Depth accuracy after per-clip alignment in disparity, on stored depth <c>[T, H, W]</c> (float16, float32 or
/// float64 metres), computed in float64.
/// <para>
/// Valid pixels: GT finite and &gt; 0. Usable predictions: finite and &gt; 0. Alignment (option <c>align</c>,
/// default <c>scale-shift</c>) fits one (s, t) per clip by least squares over every valid pixel with a usable
/// prediction: <c>scale-shift</c> minimises Σ (s·(1/pred) + t − 1/GT)²; <c>scale</c> fixes t = 0 and minimises
/// over s (s = Σxy / Σx²); <c>none</c> uses s = 1, t = 0. When the scale-shift system is singular (every usable
/// prediction equal) the scale fit is used, which reaches the same minimum; with nothing to fit, s = 1, t = 0.
/// Then pred' = 1 / max(s·(1/pred) + t, 1e-6).
/// </para>
/// <para>
/// <c>abs_rel</c> = mean over frames of (mean over valid pixels of |pred' − GT| / GT);
/// <c>delta1</c> = mean over frames of (fraction of valid pixels with max(pred'/GT, GT/pred') &lt; 1.25).
/// Frames without a valid pixel are left out of both means.
/// </para>
/// <para>
/// Degenerate inputs: a valid pixel whose prediction is not usable (NaN, ±∞, ≤ 0) is scored as pred' = 0, so
/// it adds 1 to abs_rel's sum and fails delta1. A clip with no valid pixel at all has nothing to score and
/// returns abs_rel = 0, delta1 = 1.
/// </para>
/// </summary>
public sealed class DepthMetric : IModalityMetric
{
    /// <summary>Name of the alignment option.</summary>
    public const string AlignOption = "align";

    /// <summary>No alignment: s = 1, t = 0.</summary>
    public const string AlignNone = "none";

    /// <summary>Least-squares scale in disparity, t = 0.</summary>
    public const string AlignScale = "scale";

    /// <summary>Least-squares scale and shift in disparity (the default).</summary>
    public const string AlignScaleShift = "scale-shift";

    /// <summary>Smallest aligned disparity, so pred' stays finite (at most 1e6 m).</summary>
    public const double MinDisparity = 1e-6;

    /// <summary>The ratio bound of <c>delta1</c>.</summary>
    public const double DeltaThreshold = 1.25;

    private static readonly string[] AlignValues = [AlignNone, AlignScale, AlignScaleShift];

    /// <inheritdoc />
    public string Modality => DepthModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = ["abs_rel", "delta1"];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        var align = ParseAlign(options);
        MetricInputs.CheckAligned(DepthModality.Name, prediction, reference, MetricInputs.Floats, MetricInputs.FloatsText, [-1, -1, -1], "[T, H, W]");

        using var scope = NewDisposeScope();
        var gt = reference.to(ScalarType.Float64);                            // [T, H, W]
        var pred = prediction.to(ScalarType.Float64).to(reference.device);   // [T, H, W]
        var valid = gt.isfinite().logical_and(gt.gt(0));                      // [T, H, W]
        var usable = pred.isfinite().logical_and(pred.gt(0));                 // [T, H, W]
        var fit = valid.logical_and(usable);                                  // [T, H, W]

        // Disparities; pixels outside the mask hold 0 so sums over them vanish.
        var x = pred.reciprocal().masked_fill(usable.logical_not(), 0);      // [T, H, W]
        var y = gt.reciprocal().masked_fill(valid.logical_not(), 0);         // [T, H, W]
        var xf = x.masked_fill(fit.logical_not(), 0);                         // [T, H, W]
        var yf = y.masked_fill(fit.logical_not(), 0);                         // [T, H, W]
        var (s, t) = Fit(align, fit, xf, yf);

        var aligned = (x * s + t).clamp_min(MinDisparity).reciprocal().masked_fill(usable.logical_not(), 0); // [T, H, W]
        var gtSafe = gt.masked_fill(valid.logical_not(), 1);                  // [T, H, W]
        var relErr = (aligned - gtSafe).abs().div(gtSafe).masked_fill(valid.logical_not(), 0); // [T, H, W]
        var ratio = torch.maximum(aligned.div(gtSafe), gtSafe.div(aligned));  // [T, H, W] (+∞ where pred' = 0)
        var inside = ratio.lt(DeltaThreshold).logical_and(valid);             // [T, H, W]

        var counts = valid.sum([1, 2]).to(ScalarType.Float64);                // [T]
        var framed = counts.gt(0);                                            // [T]
        var frames = framed.sum().item<long>();
        if (frames == 0) return new Dictionary<string, double> { ["abs_rel"] = 0, ["delta1"] = 1 };
        var denom = counts.clamp_min(1);                                      // [T]
        var absRel = relErr.sum([1, 2]).div(denom).masked_fill(framed.logical_not(), 0).sum().item<double>() / frames;
        var delta1 = inside.sum([1, 2]).to(ScalarType.Float64).div(denom).masked_fill(framed.logical_not(), 0).sum().item<double>() / frames;
        return new Dictionary<string, double> { ["abs_rel"] = absRel, ["delta1"] = delta1 };
    }

    /// <summary>Least-squares (s, t) over the fitted pixels; <paramref name="xf"/>, <paramref name="yf"/> are 0 elsewhere.</summary>
    private static (double Scale, double Shift) Fit(string align, Tensor fit, Tensor xf, Tensor yf)
    {
        var n = fit.sum().item<long>();
        var sxx = xf.square().sum().item<double>();
        if (align == AlignNone || n == 0 || sxx <= 0) return (1, 0);
        var scaleOnly = ((xf * yf).sum().item<double>() / sxx, 0.0);
        if (align == AlignScale) return scaleOnly;
        // Centred normal equations (two passes, for precision): s = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², t = ȳ − s·x̄.
        var mx = xf.sum().item<double>() / n;
        var my = yf.sum().item<double>() / n;
        var dx = (xf - mx).masked_fill(fit.logical_not(), 0);                 // [T, H, W]
        var dy = (yf - my).masked_fill(fit.logical_not(), 0);                 // [T, H, W]
        var varX = dx.square().sum().item<double>();
        if (varX <= 1e-12 * sxx) return scaleOnly;
        var s = (dx * dy).sum().item<double>() / varX;
        return (s, my - (s * mx));
    }

    private static string ParseAlign(IReadOnlyDictionary<string, string> options)
    {
        foreach (var key in options.Keys)
        {
            if (key != AlignOption)
                throw new ArgumentException($"depth metric: unknown option '{key}' (accepted: {AlignOption}).");
        }
        if (!options.TryGetValue(AlignOption, out var align)) return AlignScaleShift;
        return AlignValues.Contains(align, StringComparer.Ordinal) ? align
            : throw new ArgumentException($"depth metric: unknown {AlignOption} value '{align}' (allowed: {string.Join(", ", AlignValues)}).");
    }
}

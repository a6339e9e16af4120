using UnityVideo.Abstractions;
using UnityVideo.Plugins.Shared;
using static TorchSharp.torch;

namespace UnityVideo.Samples.Normals;

/// <summary>
/// The standard surface-normal scores on stored normals <c>[T, H, W, 3]</c> (float16, float32 or float64), computed
/// in float64 over every scored pixel of the clip at once.
/// <para>
/// Scored pixels: the reference is finite and a unit vector (|‖n‖ − 1| ≤ <see cref="UnitTolerance"/>, which float16
/// storage meets); pixels where no surface is hit (stored as 0) are left out. The prediction need not be unit
/// length: its direction is what counts. The angle of a pixel is acos(p·g / (‖p‖‖g‖)) in degrees.
/// </para>
/// <para>
/// <c>mean_angle</c> = mean angle over scored pixels (degrees, 0 … 180); <c>within_11_25</c> = percentage of scored
/// pixels whose angle is at most 11.25° (0 … 100).
/// </para>
/// <para>
/// Degenerate inputs: a scored pixel whose prediction has no direction (not finite, or ‖p‖ &lt; 1e-6) is scored as
/// 180°, so it counts fully against both numbers. A clip with no scored pixel has nothing to score and returns
/// mean_angle = 0, within_11_25 = 100.
/// </para>
/// </summary>
public sealed class NormalsMetric : IModalityMetric
{
    /// <summary>How far from 1 a reference vector's length may be and still be scored.</summary>
    public const double UnitTolerance = 0.05;

    /// <summary>The angle bound of <c>within_11_25</c>, in degrees.</summary>
    public const double WithinDegrees = 11.25;

    /// <summary>Shortest prediction with a direction.</summary>
    public const double MinLength = 1e-6;

    /// <inheritdoc />
    public string Modality => NormalsModality.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> MetricNames { get; } = ["mean_angle", "within_11_25"];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Score(Tensor prediction, Tensor reference, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count > 0)
            throw new ArgumentException($"normals metric: takes no options (got {string.Join(", ", options.Keys)}).");
        MetricInputs.CheckAligned(NormalsModality.Name, prediction, reference, MetricInputs.Floats, MetricInputs.FloatsText, [-1, -1, -1, 3], "[T, H, W, 3]");

        using var scope = NewDisposeScope();
        var gt = reference.to(ScalarType.Float64);                                         // [T, H, W, 3]
        var pred = prediction.to(ScalarType.Float64).to(reference.device);                // [T, H, W, 3]
        var gtFinite = gt.isfinite().all(-1);                                              // [T, H, W]
        var gtSafe = gt.masked_fill(gtFinite.logical_not().unsqueeze(-1), 0);              // [T, H, W, 3]
        var gtLength = gtSafe.square().sum(-1).sqrt();                                     // [T, H, W]
        var scored = gtFinite.logical_and((gtLength - 1).abs().le(UnitTolerance));        // [T, H, W]
        var n = scored.sum().item<long>();
        if (n == 0) return new Dictionary<string, double> { ["mean_angle"] = 0, ["within_11_25"] = 100 };

        var predFinite = pred.isfinite().all(-1);                                          // [T, H, W]
        var predSafe = pred.masked_fill(predFinite.logical_not().unsqueeze(-1), 0);        // [T, H, W, 3]
        var predLength = predSafe.square().sum(-1).sqrt();                                 // [T, H, W]
        var usable = predFinite.logical_and(predLength.ge(MinLength));                     // [T, H, W]
        var cosine = (predSafe * gtSafe).sum(-1) / (predLength * gtLength).clamp_min(MinLength * MinLength); // [T, H, W]
        var degrees = cosine.clamp(-1, 1).acos() * (180 / Math.PI);                        // [T, H, W]
        var angle = where(usable, degrees, full_like(degrees, 180.0)).masked_fill(scored.logical_not(), 0); // [T, H, W]
        return new Dictionary<string, double>
        {
            ["mean_angle"] = angle.sum().item<double>() / n,
            ["within_11_25"] = 100.0 * angle.le(WithinDegrees).logical_and(scored).sum().item<long>() / n,
        };
    }
}

using TorchSharp;
using UnityVideo.Tests.Plugins;

namespace UnityVideo.Tests.Metrics;

/// <summary>The normals sample's metric: mean angular error (degrees) and % of pixels within 11.25°, over surface pixels.</summary>
public sealed class NormalsMetricTests
{
    private static readonly Dictionary<string, string> NoOptions = [];

    /// <summary>Random unit normals [2, 4, 5, 3] (float64) with the first row of every frame "no surface" (0).</summary>
    private static torch.Tensor Reference(int seed = 1)
    {
        var g = new torch.Generator((ulong)seed);
        var n = torch.randn([2, 4, 5, 3], torch.float64, generator: g);
        n = n / n.square().sum(-1, keepdim: true).sqrt();
        n[.., 0] = torch.zeros([2, 5, 3], torch.float64);
        return n;
    }

    private static int SurfacePixels => 2 * 3 * 5;

    /// <summary>Every vector rotated by <paramref name="degrees"/> about an axis perpendicular to it (so the angle is exact).</summary>
    private static torch.Tensor Rotated(torch.Tensor n, double degrees)
    {
        var helper = torch.tensor(new double[] { 0.3, -0.5, 0.81 }, torch.float64).expand_as(n);
        var axis = torch.linalg.cross(n, helper);                            // [.., 3], perpendicular to n
        axis = axis / axis.square().sum(-1, keepdim: true).sqrt().clamp_min(1e-12);
        var r = degrees * Math.PI / 180;
        // Rodrigues with k ⊥ n: n' = n cos θ + (k × n) sin θ.
        return n * Math.Cos(r) + torch.linalg.cross(axis, n) * Math.Sin(r);
    }

    [Fact]
    public void A_perfect_prediction_scores_0_degrees_and_100_percent_and_its_length_does_not_matter()
    {
        var gt = Reference();
        Assert.Equal(["mean_angle", "within_11_25"], NormalsSample.Metric.MetricNames);

        var same = NormalsSample.Metric.Score(gt, gt, NoOptions);
        var shorter = NormalsSample.Metric.Score(gt * 0.3, gt.to(torch.float16), NoOptions);

        Assert.Equal(0, same["mean_angle"], 1e-5); // acos near 1 turns float64 rounding into ~1e-6°
        Assert.Equal(100, same["within_11_25"], 1e-9);
        Assert.Equal(0, shorter["mean_angle"], 0.1); // float16 reference: rounding only
        Assert.Equal(100, shorter["within_11_25"], 1e-9);
    }

    [Theory]
    [InlineData(5.0, 100.0)]
    [InlineData(20.0, 0.0)]
    [InlineData(90.0, 0.0)]
    [InlineData(180.0, 0.0)]
    public void A_known_rotation_gives_its_angle(double degrees, double within)
    {
        var gt = Reference();

        var scores = NormalsSample.Metric.Score(Rotated(gt, degrees), gt, NoOptions);

        Assert.Equal(degrees, scores["mean_angle"], 1e-5);
        Assert.Equal(within, scores["within_11_25"], 1e-9);
    }

    [Fact]
    public void Pixels_without_a_surface_are_not_scored_and_a_prediction_without_direction_counts_as_180_degrees()
    {
        var gt = Reference();
        var pred = Rotated(gt, 10).clone();
        pred[.., 0] = torch.full([2, 5, 3], 7.0, torch.float64);            // garbage where the reference has no surface
        var half = Rotated(gt, 30);
        pred[0] = half[0];                                                    // frame 0 at 30°, frame 1 at 10°

        var mixed = NormalsSample.Metric.Score(pred, gt, NoOptions);
        Assert.Equal(20, mixed["mean_angle"], 1e-5);
        Assert.Equal(50, mixed["within_11_25"], 1e-9);

        var broken = gt.clone();
        broken[0, 1, 0] = torch.tensor(new[] { double.NaN, 0, 0 }, torch.float64);
        broken[0, 1, 1] = torch.zeros([3], torch.float64);
        var scores = NormalsSample.Metric.Score(broken, gt, NoOptions);
        Assert.Equal(2 * 180.0 / SurfacePixels, scores["mean_angle"], 1e-5);
        Assert.Equal(100.0 * (SurfacePixels - 2) / SurfacePixels, scores["within_11_25"], 1e-9);
    }

    [Fact]
    public void A_clip_without_any_surface_has_nothing_to_score()
    {
        var empty = torch.zeros([2, 4, 5, 3], torch.float32);

        var scores = NormalsSample.Metric.Score(Reference().to(torch.float32), empty, NoOptions);

        Assert.Equal(0, scores["mean_angle"]);
        Assert.Equal(100, scores["within_11_25"]);
    }

    [Fact]
    public void Bad_shapes_dtypes_and_options_are_refused_with_a_message_naming_them()
    {
        var gt = Reference().to(torch.float32);
        string Fails(torch.Tensor pred, torch.Tensor reference, Dictionary<string, string>? options = null) =>
            Assert.Throws<ArgumentException>(() => NormalsSample.Metric.Score(pred, reference, options ?? NoOptions)).Message;

        Assert.Equal("normals metric: prediction shape [2, 4, 4, 3] differs from reference shape [2, 4, 5, 3].", Fails(gt[.., .., ..4], gt));
        Assert.StartsWith("normals metric: reference has shape [2, 4, 5, 2], expected [T, H, W, 3]", Fails(gt, gt[.., .., .., ..2]), StringComparison.Ordinal);
        Assert.StartsWith("normals metric: prediction dtype is Byte, expected Float16, Float32 or Float64", Fails(gt.to(torch.uint8), gt), StringComparison.Ordinal);
        Assert.Equal("normals metric: takes no options (got align).", Fails(gt, gt, new() { ["align"] = "none" }));
    }
}

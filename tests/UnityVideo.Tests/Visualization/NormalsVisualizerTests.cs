using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Tests.Plugins;

namespace UnityVideo.Tests.Visualization;

/// <summary>The normals sample's panels: RGB = (n + 1) / 2, black where there is no surface.</summary>
public sealed class NormalsVisualizerTests
{
    private static readonly ClipContext OnePixelRow = new() { Frames = 1, Height = 1, Width = 7 };

    [Fact]
    public void Each_axis_maps_to_its_colour_channel_and_no_surface_is_black()
    {
        double[] vectors =
        [
            1, 0, 0,                 // right → red
            0, -1, 0,                // up (y is down) → no green
            0, 0, -1,                // facing the camera → no blue
            0, 0, -0.8,              // short (float16 and model output are not unit length): its direction is drawn
            0, 0, 0,                 // no surface
            double.NaN, 0, 0,        // not a vector
            0.6, 0, 0.8,
        ];
        using var stored = torch.tensor(vectors, torch.float64).reshape(1, 1, 7, 3);

        using var rgb = NormalsSample.Visualizer.Render(stored.to(torch.float16), OnePixelRow);

        Assert.Equal(torch.ScalarType.Byte, rgb.dtype);
        Assert.Equal([1L, 1, 7, 3], rgb.shape);
        byte[] expected = [255, 128, 128, 128, 0, 128, 128, 128, 0, 128, 128, 0, 0, 0, 0, 0, 0, 0, 204, 128, 229];
        Assert.Equal(expected, rgb.data<byte>().ToArray());
    }

    [Fact]
    public void Reading_a_panel_back_gives_the_normals_within_a_degree()
    {
        var g = new torch.Generator(3);
        var n = torch.randn([2, 6, 6, 3], torch.float32, generator: g);
        n = n / n.square().sum(-1, keepdim: true).sqrt();
        n[.., 0] = torch.zeros([2, 6, 3]);
        var context = new ClipContext { Frames = 2, Height = 6, Width = 6 };
        var reader = Assert.IsAssignableFrom<IVisualizationReader>(NormalsSample.Visualizer);

        using var back = reader.Read(NormalsSample.Visualizer.Render(n, context), context);

        Assert.Equal(torch.ScalarType.Float16, back.dtype);
        var scores = NormalsSample.Metric.Score(back, n, new Dictionary<string, string>());
        Assert.True(scores["mean_angle"] < 1, $"mean angle after render and read: {scores["mean_angle"]:F3}°");
        Assert.Equal(0, back[.., 0].to(torch.float32).abs().sum().item<float>()); // black reads back as "no surface"
    }

    [Fact]
    public void A_tensor_of_another_layout_is_refused()
    {
        using var depthLike = torch.zeros([1, 4, 4]);

        var e = Assert.Throws<ArgumentException>(() => NormalsSample.Visualizer.Render(depthLike, OnePixelRow));

        Assert.StartsWith("normals must be [T, H, W, 3], got [1, 4, 4]", e.Message, StringComparison.Ordinal);
    }
}

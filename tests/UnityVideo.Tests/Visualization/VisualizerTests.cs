using TorchSharp;

namespace UnityVideo.Tests.Visualization;

public sealed class VisualizerTests
{
    private const int T = 2, H = 16, W = 24;

    [Theory]
    [InlineData("depth")]
    [InlineData("flow")]
    [InlineData("skeleton")]
    [InlineData("densepose")]
    [InlineData("segmentation")]
    public void Every_bundled_visualizer_renders_uint8_rgb_frames_of_the_clip_size(string modality)
    {
        using var scope = torch.NewDisposeScope();
        var stored = modality switch
        {
            "depth" => torch.rand(T, H, W).add(0.5).to(torch.float16),
            "flow" => torch.randn(T, H, W, 2).to(torch.float16),
            "skeleton" => torch.rand(T, 2, 17, 3).mul(torch.tensor(new float[] { W, H, 1 })),
            "densepose" => torch.randint(0, 15, [T, H, W, 3]).to(torch.uint8),
            _ => torch.randint(0, 4, [T, H, W]).to(torch.uint8),
        };

        var rgb = BundledModalities.Visualizer(modality).Render(stored, BundledModalities.Context(T, H, W));

        Assert.Equal(torch.uint8, rgb.dtype);
        Assert.Equal(new long[] { T, H, W, 3 }, rgb.shape);
    }

    [Fact]
    public void Depth_shows_nearer_surfaces_brighter_and_empty_sky_as_far()
    {
        using var scope = torch.NewDisposeScope();
        var depth = torch.full(1, H, W, 2f);              // [1, H, W] background wall at 2 m
        depth[0, .., ..4] = torch.tensor(0.5f);            // near strip
        depth[0, .., 4..8] = torch.tensor(8f);             // far strip
        depth[0, .., 8..10] = torch.tensor(float.PositiveInfinity); // nothing hit

        var rgb = BundledModalities.Visualizer("depth").Render(depth.to(torch.float16), BundledModalities.Context(1, H, W));

        double near = Luma(rgb, 5, 1), wall = Luma(rgb, 5, 20), far = Luma(rgb, 5, 5), sky = Luma(rgb, 5, 9);
        Assert.True(near > wall && wall > far, $"luma near {near:F0}, wall {wall:F0}, far {far:F0}");
        Assert.True(sky <= far, $"sky {sky:F0} should be at the far end ({far:F0})");
    }

    [Fact]
    public void Flow_uses_the_middlebury_wheel_red_for_rightward_and_white_for_no_motion()
    {
        using var scope = torch.NewDisposeScope();
        var flow = torch.zeros(1, H, W, 2);                // [1, H, W, 2]
        flow[0, 0, 0, 0] = torch.tensor(4f);               // rightward, the clip's largest motion
        flow[0, 0, 1, 0] = torch.tensor(2f);               // rightward, half as far
        flow[0, 0, 2, 0] = torch.tensor(-4f);              // leftward

        var rgb = BundledModalities.Visualizer("flow").Render(flow.to(torch.float16), BundledModalities.Context(1, H, W));

        // The wheel (Baker et al.) starts at pure red for direction 0; colour = 1 − r·(1 − wheel) fades to white.
        AssertPixel(rgb, 0, 0, 255, 0, 0, tolerance: 1);
        AssertPixel(rgb, 0, 1, 255, 127, 127, tolerance: 1);
        // Direction 180° is hue 27 of 55: the third of the 11 cyan→blue steps, G = 255 − ⌊255·2/11⌋ = 209.
        AssertPixel(rgb, 0, 2, 0, 209, 255, tolerance: 1);
        AssertPixel(rgb, 5, 5, 255, 255, 255, tolerance: 0);
    }

    [Fact]
    public void Segmentation_gives_each_instance_its_own_colour_and_background_black()
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.zeros(1, H, W, dtype: torch.uint8); // [1, H, W]
        for (var id = 1; id <= 8; id++) ids[0, 0, id] = torch.tensor((byte)id);

        var rgb = BundledModalities.Visualizer("segmentation").Render(ids, BundledModalities.Context(1, H, W));

        AssertPixel(rgb, 5, 5, 0, 0, 0, tolerance: 0);
        var colours = Enumerable.Range(1, 8).Select(x => Pixel(rgb, 0, x)).ToList();
        Assert.Equal(8, colours.Distinct().Count());
        Assert.DoesNotContain((0, 0, 0), colours);
    }

    [Fact]
    public void Skeleton_draws_limbs_between_visible_joints_of_every_person_and_nothing_for_hidden_joints()
    {
        using var scope = torch.NewDisposeScope();
        var joints = torch.zeros(1, 2, 17, 3);                 // [T, P, 17, 3], everything hidden
        SetJoint(joints, 0, 5, 2.5f, 3.5f, visible: true);     // left shoulder
        SetJoint(joints, 0, 7, 18.5f, 3.5f, visible: true);    // left elbow: limb 5–7 runs along row 3
        SetJoint(joints, 0, 9, 18.5f, 12.5f, visible: false);  // left wrist hidden: no limb 7–9, no dot
        SetJoint(joints, 1, 11, 3.5f, 14.5f, visible: true);   // second person's hips: limb 11–12 along row 14
        SetJoint(joints, 1, 12, 20.5f, 14.5f, visible: true);

        var rgb = BundledModalities.Visualizer("skeleton").Render(joints, BundledModalities.Context(1, H, W));

        for (var x = 2; x <= 18; x++) Assert.NotEqual((0, 0, 0), Pixel(rgb, 3, x));
        for (var x = 3; x <= 20; x++) Assert.NotEqual((0, 0, 0), Pixel(rgb, 14, x));
        for (var y = 5; y <= 12; y++) Assert.Equal((0, 0, 0), Pixel(rgb, y, 18)); // towards the hidden wrist
        var lit = rgb.to(torch.int32).sum(-1).gt(0).sum().item<long>();
        Assert.Equal(17 + 18, lit); // exactly the two limbs' pixels, nothing else
    }

    [Fact]
    public void A_clip_without_skeletons_renders_black_frames_of_the_clip_size()
    {
        using var joints = torch.zeros(T, 0, 17, 3, torch.float32);
        using var rgb = BundledModalities.Visualizer("skeleton").Render(joints, BundledModalities.Context(T, H, W));
        Assert.Equal([T, H, W, 3], rgb.shape);
        Assert.Equal(0, rgb.max().item<byte>());
    }

    [Fact]
    public void Densepose_colours_parts_apart_and_leaves_background_black()
    {
        using var scope = torch.NewDisposeScope();
        var iuv = torch.zeros(1, H, W, 3, dtype: torch.uint8); // [1, H, W, 3]
        for (var part = 1; part <= 14; part++)
        {
            iuv[0, 0, part, 0] = torch.tensor((byte)part);
            iuv[0, 0, part, 1] = torch.tensor((byte)200);      // same U, V for every part
            iuv[0, 0, part, 2] = torch.tensor((byte)200);
        }

        var rgb = BundledModalities.Visualizer("densepose").Render(iuv, BundledModalities.Context(1, H, W));

        AssertPixel(rgb, 5, 5, 0, 0, 0, tolerance: 0);
        var colours = Enumerable.Range(1, 14).Select(x => Pixel(rgb, 0, x)).ToList();
        Assert.Equal(14, colours.Distinct().Count());
        Assert.DoesNotContain((0, 0, 0), colours);
    }

    private static void SetJoint(torch.Tensor joints, int person, int joint, float x, float y, bool visible)
    {
        joints[0, person, joint, 0] = torch.tensor(x);
        joints[0, person, joint, 1] = torch.tensor(y);
        joints[0, person, joint, 2] = torch.tensor(visible ? 1f : 0f);
    }

    private static (int R, int G, int B) Pixel(torch.Tensor rgb, int y, int x) =>
        (rgb[0, y, x, 0].item<byte>(), rgb[0, y, x, 1].item<byte>(), rgb[0, y, x, 2].item<byte>());

    // Rec. 709 luma.
    private static double Luma(torch.Tensor rgb, int y, int x)
    {
        var (r, g, b) = Pixel(rgb, y, x);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static void AssertPixel(torch.Tensor rgb, int y, int x, int r, int g, int b, int tolerance)
    {
        var p = Pixel(rgb, y, x);
        Assert.True(Math.Abs(p.R - r) <= tolerance && Math.Abs(p.G - g) <= tolerance && Math.Abs(p.B - b) <= tolerance,
            $"pixel ({y}, {x}) is {p}, expected ({r}, {g}, {b}) ± {tolerance}");
    }
}

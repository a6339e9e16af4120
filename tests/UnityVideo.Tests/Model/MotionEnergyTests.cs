using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class MotionEnergyTests
{
    /// <summary>Two frames of a smooth grey pattern, the second moved by (u, v) pixels: RGB <c>[1, 3, 2, 32, 32]</c>.</summary>
    private static Tensor MovingPattern(double u, double v)
    {
        var y = arange(32, float64).view(32, 1);
        var x = arange(32, float64).view(1, 32);
        Tensor Frame(double dx, double dy) =>
            0.4 * sin(2 * Math.PI * (x - dx) / 17 + 0.3) + 0.3 * cos(2 * Math.PI * (y - dy) / 13) + 0.2 * sin(2 * Math.PI * ((x - dx) + (y - dy)) / 23); // [32, 32]
        var grey = stack([Frame(0, 0), Frame(u, v)]).to(float32);                                                                           // [2, 32, 32]
        return grey.unsqueeze(0).unsqueeze(0).expand(1, 3, 2, 32, 32).contiguous();                                                         // [1, 3, 2, 32, 32]
    }

    /// <summary>
    /// Zeroes the RGB patch embedding's weights for the RGB pixels, or for the motion-energy channels. A patch vector
    /// holds each pixel's channels together (<c>Patchify.ToPatches</c>): 3 RGB values, then the 5 energies.
    /// </summary>
    private static void ZeroColumns(UnityDiT model, bool rgbPixels)
    {
        using var scope = NewDisposeScope();
        var weight = model.state_dict()["patch_embeds.rgb.weight"];                         // [D, P·P·8]
        var isRgb = arange(weight.shape[1]).remainder(3 + MotionEnergy.Channels).lt(3);   // [P·P·8]
        using (no_grad()) weight.mul_((rgbPixels ? isRgb.logical_not() : isRgb).to(weight.dtype));
    }

    [Theory]
    [InlineData(0.3, -0.2)]
    [InlineData(-0.6, 0.45)]
    [InlineData(0.0, 0.0)]
    public void Summed_over_a_region_the_channels_solve_for_the_regions_motion(double u, double v)
    {
        using var scope = NewDisposeScope();
        var energy = MotionEnergy.Compute(MovingPattern(u, v));                                     // [1, 5, 2, 32, 32]
        Assert.Equal([1, MotionEnergy.Channels, 2, 32, 32], energy.shape);
        // Lucas–Kanade over the interior of frame 0: [Σgx² Σgxgy; Σgxgy Σgy²]·(u, v) = −(Σgxgt, Σgygt).
        var sums = energy[0, .., 0, 2..30, 2..30].sum([1, 2]).to(float64).data<double>().ToArray(); // [5]
        double xt = sums[0], yt = sums[1], xx = sums[2], yy = sums[3], xy = sums[4];
        var det = xx * yy - xy * xy;
        var uHat = -(yy * xt - xy * yt) / det;
        var vHat = -(xx * yt - xy * xt) / det;
        Assert.InRange(uHat, u - 0.1 * Math.Abs(u) - 0.02, u + 0.1 * Math.Abs(u) + 0.02);
        Assert.InRange(vHat, v - 0.1 * Math.Abs(v) - 0.02, v + 0.1 * Math.Abs(v) + 0.02);
        // The last frame has no successor: its temporal terms are zero.
        Assert.Equal(0.0, MaxAbs(energy[0, 0..2, 1]));
    }

    [Fact]
    public void The_channels_do_not_depend_on_the_clips_contrast()
    {
        using var scope = NewDisposeScope();
        var rgb = MovingPattern(0.4, 0.1) * 2;
        var full = MotionEnergy.Compute(rgb);
        var half = MotionEnergy.Compute(rgb * 0.5);
        // Equal up to the small floor added to the per-clip scale (0.4 % of it at half this contrast).
        Assert.True(MaxAbsDiff(full, half) < 0.01 * MaxAbs(full), $"{MaxAbsDiff(full, half)} of {MaxAbs(full)}");
    }

    [Fact]
    public void With_motion_energy_only_the_rgb_patch_embedding_reads_the_extra_channels_and_moving_the_rgb_changes_them()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        cfg.MotionEnergy = true;
        using var model = NewModel(cfg, Depth);
        var p2 = cfg.PatchSize * cfg.PatchSize;
        Assert.Equal((3 + MotionEnergy.Channels) * p2, model.state_dict()["patch_embeds.rgb.weight"].shape[1]);
        Assert.Equal(p2, model.state_dict()["patch_embeds.depth.weight"].shape[1]);

        // Keep the RGB's own pixels out of it (zero their weights): what is left of the RGB stream's input is the
        // motion energy, which changes when frame 1 moves against frame 0.
        Randomize(model, seed: 5);
        ZeroColumns(model, rgbPixels: true);
        var still = MovingPattern(0, 0).repeat(1, 1, 4, 1, 1);  // [1, 3, 8, 32, 32]
        var moving = still.clone();
        moving[.., .., 1] = MovingPattern(0.5, 0)[.., .., 1];
        var t = zeros(1);
        var a = model.forward([new DiTStream("rgb", still, t)])[0];
        var b = model.forward([new DiTStream("rgb", moving, t)])[0];
        Assert.True(MaxAbsDiff(a, b) > 1e-3, "the motion between frames 0 and 1 should reach the output");
    }

    [Fact]
    public void Only_a_given_rgb_video_is_measured_and_a_noised_one_gets_no_motion_energy()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        cfg.MotionEnergy = true;
        using var model = NewModel(cfg, Depth);
        Randomize(model, seed: 7);
        var clip = MovingPattern(0.5, 0).repeat(1, 1, 4, 1, 1);   // [1, 3, 8, 32, 32]
        Tensor Output(double t) => model.forward([new DiTStream("rgb", clip, full(1, t))])[0];
        var withEnergy = (Given: Output(0), Noised: Output(0.5));

        // Silence the motion-energy columns of the RGB patch embedding: the clean stream's output changes, the
        // noised one's does not, because no energy was fed for it.
        ZeroColumns(model, rgbPixels: false);
        Assert.True(MaxAbsDiff(withEnergy.Given, Output(0)) > 1e-3, "a given clip's motion energy should reach the output");
        var d = MaxAbsDiff(withEnergy.Noised, Output(0.5)); Assert.True(d < 1e-6, $"a clip being generated (t = 0.5) should get no motion energy ({d})");
    }
}

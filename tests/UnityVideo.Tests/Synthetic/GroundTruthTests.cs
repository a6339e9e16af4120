using UnityVideo.Synthetic;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Synthetic;

public sealed class GroundTruthTests(ITestOutputHelper output)
{
    private static IEnumerable<SyntheticClip> Clips(bool animals, int count = 10) =>
        new SyntheticWorld(new SyntheticOptions { Width = 64, Height = 64, Frames = 4, Seed = 21, WithAnimals = animals }).RenderBatch(0, count);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_visible_joint_lies_on_its_own_instance_mask(bool animals)
    {
        var visible = 0;
        foreach (var clip in Clips(animals))
        {
            var gt = clip.GroundTruth;
            var persons = gt.Skeletons.Count;
            for (var t = 0; t < gt.Frames; t++)
                for (var s = 0; s < persons; s++)
                    for (var j = 0; j < 17; j++)
                    {
                        var o = ((t * persons + s) * 17 + j) * 3;
                        if (gt.Joints[o + 2] == 0) continue;
                        visible++;
                        var x = (int)gt.Joints[o];
                        var y = (int)gt.Joints[o + 1];
                        Assert.InRange(x, 0, gt.Width - 1);
                        Assert.InRange(y, 0, gt.Height - 1);
                        Assert.Equal(gt.Skeletons[s].InstanceId, gt.InstanceIds[(t * gt.Height + y) * gt.Width + x]);
                    }
        }
        output.WriteLine($"{visible} visible joints checked");
        Assert.True(visible > 100, "the sample should show many joints");
    }

    [Fact]
    public void Body_parts_appear_only_inside_person_masks_and_cover_them()
    {
        long bodyPixels = 0;
        foreach (var clip in Clips(animals: true))
        {
            var gt = clip.GroundTruth;
            for (var p = 0; p < gt.InstanceIds.Length; p++)
            {
                var isPerson = gt.InstanceClasses[gt.InstanceIds[p]] == "person";
                var part = gt.Iuv[p * 3];
                Assert.Equal(isPerson, part != 0);
                Assert.InRange(part, 0, 14);
                if (part != 0) bodyPixels++;
            }
        }
        Assert.True(bodyPixels > 200);
    }

    [Fact]
    public void Instance_boundaries_and_depth_discontinuities_agree()
    {
        // Across an object's silhouette the depth jumps (except where it touches the ground or another object);
        // inside one object it never jumps by more than the object's own size. Measured: 89% of boundary pairs jump, at most 0.7 m inside.
        long boundaries = 0, withJump = 0;
        double worstInside = 0;
        foreach (var clip in Clips(animals: true))
        {
            var gt = clip.GroundTruth;
            int h = gt.Height, w = gt.Width;
            for (var t = 0; t < gt.Frames; t++)
                for (var y = 0; y < h; y++)
                    for (var x = 0; x < w; x++)
                        foreach (var (nx, ny) in new[] { (x + 1, y), (x, y + 1) })
                        {
                            if (nx >= w || ny >= h) continue;
                            int a = (t * h + y) * w + x, b = (t * h + ny) * w + nx;
                            if (gt.InstanceIds[a] == 0 && gt.InstanceIds[b] == 0) continue;
                            var jump = Math.Abs(gt.Depth[a] - gt.Depth[b]);
                            if (gt.InstanceIds[a] == gt.InstanceIds[b]) worstInside = Math.Max(worstInside, jump);
                            else
                            {
                                boundaries++;
                                if (jump > 0.05 * Math.Min(gt.Depth[a], gt.Depth[b])) withJump++;
                            }
                        }
        }
        output.WriteLine($"{withJump}/{boundaries} boundary pairs jump > 5% in depth; largest jump inside one instance {worstInside:F2} m");
        Assert.True(withJump > 0.8 * boundaries, $"{withJump}/{boundaries}");
        Assert.True(worstInside < 1.5, $"a {worstInside:F2} m jump inside one instance");
    }

    [Fact]
    public void Animals_appear_only_when_switched_on_with_quadruped_skeletons()
    {
        foreach (var clip in Clips(animals: false, count: 16))
        {
            Assert.DoesNotContain("animal", clip.GroundTruth.InstanceClasses);
            Assert.All(clip.GroundTruth.Skeletons, s => Assert.Equal("human", s.Kind));
            Assert.DoesNotContain("dog", clip.Caption, StringComparison.Ordinal);
        }
        foreach (var clip in Clips(animals: true, count: 16))
        {
            var gt = clip.GroundTruth;
            Assert.Contains("animal", gt.InstanceClasses);
            Assert.Contains(gt.Skeletons, s => s.Kind == "quadruped");
            Assert.All(gt.Skeletons, s => Assert.Equal(s.Kind == "quadruped" ? "animal" : "person", gt.InstanceClasses[s.InstanceId]));
            Assert.Contains("dog", clip.Caption, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Captions_name_what_the_scene_shows()
    {
        foreach (var clip in Clips(animals: false, count: 16))
        {
            output.WriteLine(clip.Caption);
            var classes = clip.GroundTruth.InstanceClasses;
            if (classes.Contains("person")) Assert.Contains("a person in ", clip.Caption, StringComparison.Ordinal);
            Assert.Contains("camera", clip.Caption, StringComparison.Ordinal);
            Assert.DoesNotContain("a orange", clip.Caption, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Captions_that_name_the_background_start_with_the_floor_and_wall_and_the_pixels_do_not_change()
    {
        var world = new SyntheticOptions { Width = 32, Height = 32, Frames = 3, Seed = 5 };
        var named = new SyntheticWorld(world with { CaptionsNameBackground = true }).RenderBatch(0, 6);
        var plain = new SyntheticWorld(world).RenderBatch(0, 6);
        var walls = new HashSet<string>();
        for (var i = 0; i < named.Length; i++)
        {
            output.WriteLine(named[i].Caption);
            Assert.Matches(@"^on an? (beige|olive|gray|brown|slate|tan) checkered floor before an? (beige|olive|gray|brown|slate|tan) (striped|mottled) wall, ", named[i].Caption);
            Assert.EndsWith(", " + plain[i].Caption, named[i].Caption, StringComparison.Ordinal);
            Assert.DoesNotContain("floor", plain[i].Caption, StringComparison.Ordinal);
            Assert.Equal(named[i].Rgb, plain[i].Rgb);
            Assert.Equal(named[i].GroundTruth.Depth, plain[i].GroundTruth.Depth);
            walls.Add(named[i].Caption[..named[i].Caption.IndexOf(',', StringComparison.Ordinal)]);
        }
        Assert.True(walls.Count > 1, "every clip got the same background phrase");
    }

    [Fact]
    public void Depth_is_positive_and_finite_and_flow_is_finite()
    {
        foreach (var clip in Clips(animals: true, count: 6))
        {
            Assert.All(clip.GroundTruth.Depth, d => Assert.True(d > 0 && float.IsFinite(d)));
            Assert.All(clip.GroundTruth.Flow, f => Assert.True(float.IsFinite(f)));
        }
    }
}

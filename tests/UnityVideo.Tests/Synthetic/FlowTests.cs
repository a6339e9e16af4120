using System.Numerics;
using UnityVideo.Synthetic;
using UnityVideo.Synthetic.Scene;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Synthetic;

public sealed class FlowTests(ITestOutputHelper output)
{
    [Fact]
    public void Warping_the_next_frame_back_by_the_flow_reproduces_the_frame()
    {
        // Metric: mean |RGB difference| (0..255) on pixels that stay visible. Measured at 128² for seed 11's first
        // 12 clips: flow-warped 0.2–2.5 per frame (the floor comes from point-sampled texture edges, the aliased
        // ground near the horizon and moving shadows); on frames with clear motion (zero-flow error > 3) the
        // warp removes about 45% of the error in aggregate (worst single frame 22%).
        var world = new SyntheticWorld(new SyntheticOptions { Width = 128, Height = 128, Frames = 3, Seed = 11 });
        double movingWarped = 0, movingIdentity = 0;
        for (var i = 0; i < 12; i++)
        {
            var clip = world.Render(i);
            for (var t = 0; t < clip.Frames - 1; t++)
            {
                var (warped, identity, pixels) = GroundTruthProbe.WarpError(clip, t);
                output.WriteLine($"clip {i} t {t}: warped {warped:F2}, zero flow {identity:F2}, {pixels} px");
                Assert.True(pixels > 128 * 128 / 2, "most pixels should stay visible");
                Assert.True(warped < 3.5, $"clip {i} frame {t}: warp error {warped:F2} of 255");
                if (identity > 3.0)
                {
                    movingWarped += warped;
                    movingIdentity += identity;
                }
            }
        }
        Assert.True(movingIdentity > 15, "the sample should contain clearly moving clips");
        Assert.True(movingWarped < 0.75 * movingIdentity, $"warping ({movingWarped:F1}) should clearly beat zero flow ({movingIdentity:F1})");
    }

    [Fact]
    public void At_low_resolution_averaging_rays_over_the_pixel_makes_the_frames_agree_with_the_flow()
    {
        // At 32² a pixel spans several texture cycles. One ray through its centre then picks an arbitrary colour
        // that changes at random under a sub-pixel move, so warping by the true flow explains little; averaging
        // 3 × 3 rays integrates the pixel as a sensor does, and the warp must explain clearly more.
        double Ratio(int supersampling)
        {
            var world = new SyntheticWorld(new SyntheticOptions { Width = 32, Height = 32, Frames = 4, Seed = 5, Supersampling = supersampling });
            double warpedSum = 0, identitySum = 0;
            for (var i = 0; i < 24; i++)
            {
                var clip = world.Render(i);
                for (var t = 0; t < clip.Frames - 1; t++)
                {
                    var (warped, identity, _) = GroundTruthProbe.WarpError(clip, t);
                    if (identity <= 3.0) continue; // frames with clear motion only
                    warpedSum += warped;
                    identitySum += identity;
                }
            }
            Assert.True(identitySum > 10, "the sample should contain clearly moving frames");
            return warpedSum / identitySum;
        }

        var point = Ratio(1);
        var averaged = Ratio(3);
        output.WriteLine($"warped / zero-flow error at 32²: one ray {point:F3}, 3×3 rays {averaged:F3}");
        Assert.True(averaged < 0.85 * point, $"3×3 rays ({averaged:F3}) should leave clearly less of the motion unexplained than one ray ({point:F3})");
    }

    [Fact]
    public void Supersampling_outside_1_to_8_is_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticOptions { Supersampling = 0 }.Validate());
        Assert.Equal("Supersampling", e.ParamName);
    }

    [Fact]
    public void Body_surface_coordinates_follow_the_flow()
    {
        // DensePose V is glued to each limb's surface, so it must be carried along exactly by the flow.
        var world = new SyntheticWorld(new SyntheticOptions { Width = 128, Height = 128, Frames = 3, Seed = 4 });
        double total = 0, totalZero = 0;
        var n = 0;
        for (var i = 0; i < 10; i++)
        {
            var gt = world.Render(i).GroundTruth;
            int h = gt.Height, w = gt.Width;
            for (var t = 0; t < gt.Frames - 1; t++)
                for (var y = 0; y < h; y++)
                    for (var x = 0; x < w; x++)
                    {
                        var p = (t * h + y) * w + x;
                        var part = gt.Iuv[p * 3];
                        if (part == 0) continue;
                        var sx = x + gt.Flow[p * 2];
                        var sy = y + gt.Flow[p * 2 + 1];
                        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                        if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
                        double fx = sx - x0, fy = sy - y0, v = 0;
                        var same = true;
                        for (var dy = 0; dy <= 1; dy++)
                            for (var dx = 0; dx <= 1; dx++)
                            {
                                var q = ((t + 1) * h + y0 + dy) * w + x0 + dx;
                                same &= gt.Iuv[q * 3] == part && gt.InstanceIds[q] == gt.InstanceIds[p];
                                v += (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * gt.Iuv[q * 3 + 2];
                            }
                        if (!same) continue;
                        total += Math.Abs(v - gt.Iuv[p * 3 + 2]);
                        totalZero += Math.Abs(gt.Iuv[(((t + 1) * h + y) * w + x) * 3 + 2] - gt.Iuv[p * 3 + 2]);
                        n++;
                    }
        }
        output.WriteLine($"{n} body pixels: mean |ΔV| {total / n:F2} with flow, {totalZero / n:F2} without");
        Assert.True(n > 500);
        Assert.True(total / n < 3.0, $"V drifts by {total / n:F2} of 255 along the flow");
    }

    [Fact]
    public void The_last_frame_has_forward_flow_too()
    {
        var shortClip = new SyntheticWorld(new SyntheticOptions { Width = 32, Height = 32, Frames = 3, Seed = 5 }).Render(2);
        var longClip = new SyntheticWorld(new SyntheticOptions { Width = 32, Height = 32, Frames = 4, Seed = 5 }).Render(2);
        var n = 32 * 32 * 2;
        var lastShort = shortClip.GroundTruth.Flow.AsSpan(2 * n, n).ToArray();
        var sameFrameLong = longClip.GroundTruth.Flow.AsSpan(2 * n, n).ToArray();
        Assert.Equal(sameFrameLong, lastShort);
        Assert.Contains(lastShort, v => Math.Abs(v) > 0.05f);
    }

    [Theory]
    [InlineData("Pan", 0.25f)]
    [InlineData("Dolly", 0.8f)]
    [InlineData("Dolly", -0.8f)]
    [InlineData("Orbit", -0.3f)]
    public void In_a_static_scene_flow_is_what_depth_intrinsics_and_camera_motion_predict(string move, float rate)
    {
        var motion = Enum.Parse<CameraMotion>(move);
        var options = new SyntheticOptions { Width = 48, Height = 40, Frames = 3, Fps = 10, MaxDegreeOfParallelism = 1 };
        var world = new SyntheticWorld(options);
        var scene = StaticScene(motion, rate);
        var clip = world.Render(scene, 0, 1);
        var gt = clip.GroundTruth;
        var k = gt.Intrinsics;
        double worst = 0;
        double meanMagnitude = 0;
        for (var t = 0; t < gt.Frames; t++)
        {
            for (var y = 0; y < gt.Height; y++)
            {
                for (var x = 0; x < gt.Width; x++)
                {
                    var p = (t * gt.Height + y) * gt.Width + x;
                    var z = gt.Depth[p];
                    // Back-project the pixel centre with its depth, move to the next camera, project again.
                    var cam = new Vector3((float)((x + 0.5 - k.Cx) / k.Fx * z), (float)((y + 0.5 - k.Cy) / k.Fy * z), z);
                    var world3 = clip.Cameras[t].ToWorld(cam);
                    var next = clip.Cameras[t + 1].ToCamera(world3);
                    var u = k.Fx * next.X / next.Z + k.Cx;
                    var v = k.Fy * next.Y / next.Z + k.Cy;
                    var ex = u - (x + 0.5) - gt.Flow[p * 2];
                    var ey = v - (y + 0.5) - gt.Flow[p * 2 + 1];
                    worst = Math.Max(worst, Math.Sqrt(ex * ex + ey * ey));
                    meanMagnitude += Math.Sqrt(gt.Flow[p * 2] * gt.Flow[p * 2] + gt.Flow[p * 2 + 1] * gt.Flow[p * 2 + 1]);
                }
            }
        }
        meanMagnitude /= gt.Frames * gt.Height * gt.Width;
        output.WriteLine($"{motion}: worst error {worst:E2} px, mean flow {meanMagnitude:F3} px");
        Assert.True(meanMagnitude > 0.2, "the camera should visibly move");
        Assert.True(worst < 0.01, $"flow deviates from the depth prediction by {worst} px");
    }

    /// <summary>The generator's scene for clip 0, with every actor replaced by still objects and the given camera move.</summary>
    internal static SceneSpec StaticScene(CameraMotion motion, float rate)
    {
        var baseScene = SceneGenerator.Generate(new ClipRandom(1, SyntheticSplit.Train, 0), withAnimals: false);
        var checker = new Material(new Vector3(0.8f, 0.2f, 0.2f), new Vector3(0.2f, 0.2f, 0.8f), TextureKind.Checker, 6, 0);
        var actors = new Actor[]
        {
            new RigidActor(1, PrimitiveKind.Box, new Vector3(0.4f, 0.4f, 0.4f), new Vector3(-0.8f, 0, 1.5f), 0.3f, RigidMotion.Still, Vector3.Zero, 0, 0, "red", checker),
            new RigidActor(2, PrimitiveKind.Sphere, new Vector3(0.45f, 0, 0), new Vector3(0.9f, 0, 1.0f), 0, RigidMotion.Still, Vector3.Zero, 0, 0, "red", checker),
        };
        return baseScene with
        {
            Actors = actors,
            Camera = new CameraRig(new Vector3(0.3f, 1.6f, -4f), new Vector3(0, 0.6f, 1.5f), motion, rate),
        };
    }
}

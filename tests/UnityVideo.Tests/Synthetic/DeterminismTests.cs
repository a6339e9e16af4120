using UnityVideo.Synthetic;

namespace UnityVideo.Tests.Synthetic;

public sealed class DeterminismTests
{
    [Fact]
    public void A_clip_is_the_same_bytes_whatever_the_thread_count_or_batch()
    {
        var one = new SyntheticWorld(new SyntheticOptions { Width = 32, Height = 24, Frames = 3, Seed = 9, WithAnimals = true, MaxDegreeOfParallelism = 1 });
        var two = new SyntheticWorld(one.Options with { MaxDegreeOfParallelism = 2 });
        var batch = two.RenderBatch(3, 4);
        for (var i = 0; i < 4; i++)
        {
            var a = one.Render(3 + i);
            var b = two.Render(3 + i);
            foreach (var c in new[] { b, batch[i] })
            {
                Assert.Equal(a.Rgb, c.Rgb);
                Assert.Equal(a.GroundTruth.Depth, c.GroundTruth.Depth);
                Assert.Equal(a.GroundTruth.Flow, c.GroundTruth.Flow);
                Assert.Equal(a.GroundTruth.InstanceIds, c.GroundTruth.InstanceIds);
                Assert.Equal(a.GroundTruth.Iuv, c.GroundTruth.Iuv);
                Assert.Equal(a.GroundTruth.Joints, c.GroundTruth.Joints);
                Assert.Equal(a.Caption, c.Caption);
            }
        }
    }

    [Fact]
    public void Train_and_test_splits_never_share_a_clip()
    {
        var train = new SyntheticWorld(new SyntheticOptions { Width = 16, Height = 16, Frames = 2, Seed = 1 }).RenderBatch(0, 12);
        var test = new SyntheticWorld(new SyntheticOptions { Width = 16, Height = 16, Frames = 2, Seed = 1, Split = SyntheticSplit.Test }).RenderBatch(0, 12);
        foreach (var a in train)
            foreach (var b in test)
                Assert.False(a.Rgb.AsSpan().SequenceEqual(b.Rgb), $"train {a.Index} equals test {b.Index}");
        Assert.Equal(SyntheticSplit.Test, test[0].Split);
    }

    [Fact]
    public void The_held_out_world_renders_test_clips_of_the_same_kind_that_no_training_clip_equals()
    {
        var world = new SyntheticOptions { Width = 16, Height = 24, Frames = 2, Fps = 4, Seed = 1, WithAnimals = true };
        var heldOut = world.HeldOut();
        Assert.Equal(world with { Seed = heldOut.Seed, Split = SyntheticSplit.Test }, heldOut);   // size, rate, content kept
        Assert.NotEqual(world.Seed, heldOut.Seed);
        var train = new SyntheticWorld(world).RenderBatch(0, 8);
        var test = new SyntheticWorld(heldOut).RenderBatch(0, 8);
        foreach (var a in train)
            foreach (var b in test)
                Assert.False(a.Rgb.AsSpan().SequenceEqual(b.Rgb), $"train {a.Index} equals held-out {b.Index}");
    }

    [Fact]
    public void Different_seeds_give_different_clips_and_the_same_seed_the_same()
    {
        var options = new SyntheticOptions { Width = 16, Height = 16, Frames = 2, Seed = 1 };
        var a = new SyntheticWorld(options).Render(0);
        var again = new SyntheticWorld(options).Render(0);
        var other = new SyntheticWorld(options with { Seed = 2 }).Render(0);
        Assert.Equal(a.Rgb, again.Rgb);
        Assert.NotEqual(a.Rgb, other.Rgb);
    }
}

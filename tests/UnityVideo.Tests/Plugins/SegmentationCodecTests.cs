using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Synthetic;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

public sealed class SegmentationCodecTests
{
    // The left-to-right slot code (Plugins:Settings:Segmentation:Colours=slots); the default class code has its own tests.
    private static readonly IModalityCodec Codec =
        HostFactory.Start(null, "Plugins:Settings:Segmentation:Colours=slots").Catalog.All.Get("segmentation").Codec!;

    /// <summary>Decoded slot ids for the clip under <paramref name="prompt"/>, with the stored ids.</summary>
    private static (double[] Ids, double[] Slots, double[] Encoded) RoundTrip(SyntheticClip clip, string? prompt)
    {
        using var sample = CodecTestKit.Stored(clip);
        var stored = sample.Get("instances")!;
        var context = CodecTestKit.Context(clip, prompt);
        using var encoded = Codec.Encode(stored, context);
        using var decoded = Codec.Decode(encoded, context);
        Assert.Equal(new long[] { 3, clip.Frames, clip.Height, clip.Width }, encoded.shape);
        Assert.Equal(torch.ScalarType.Byte, decoded.dtype);
        Assert.Equal(stored.shape, decoded.shape);
        return (CodecTestKit.Values(stored), CodecTestKit.Values(decoded), CodecTestKit.Values(encoded));
    }

    /// <summary>Asserts that <paramref name="b"/> is <paramref name="a"/> relabelled one-to-one (0 kept as 0).</summary>
    private static void SamePartition(int[] a, double[] b)
    {
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = (int)b[i];
            Assert.Equal(x == 0, y == 0);
            Assert.Equal(forward.GetValueOrDefault(x, y), y);
            Assert.Equal(backward.GetValueOrDefault(y, x), x);
            forward[x] = y;
            backward[y] = x;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("segmentation mask")]
    [InlineData("Instance segmentation.")]
    public void The_all_instances_prompt_recovers_the_ground_truth_partition(string? prompt)
    {
        foreach (var clip in CodecTestKit.Clips(32, 4, animals: true))
        {
            var (ids, slots, encoded) = RoundTrip(clip, prompt);
            Assert.All(encoded, v => Assert.InRange(v, -1, 1));
            SamePartition(ids.Select(v => (int)v).ToArray(), slots);
            // Slots are numbered 1…K from left to right: the mean column of slot k's pixels grows with k.
            var meanColumn = Enumerable.Range(0, ids.Length).Where(i => slots[i] > 0)
                .GroupBy(i => (int)slots[i], i => (double)(i % clip.Width)).OrderBy(g => g.Key).Select(g => g.Average()).ToList();
            Assert.Equal(Enumerable.Range(1, meanColumn.Count), Enumerable.Range(0, ids.Length).Where(i => slots[i] > 0).Select(i => (int)slots[i]).Distinct().Order());
            for (var k = 1; k < meanColumn.Count; k++) Assert.True(meanColumn[k - 1] <= meanColumn[k], $"slot {k} lies right of slot {k + 1}");
        }
    }

    [Theory]
    [InlineData("segment the persons", "person")]
    [InlineData("Segment the person.", "person")]
    [InlineData("segment the people", "person")]
    [InlineData("segment the animals", "animal")]
    [InlineData("segment the spheres", "sphere")]
    public void A_class_prompt_keeps_exactly_the_instances_of_that_class(string prompt, string className)
    {
        var shown = 0;
        foreach (var clip in CodecTestKit.Clips(32, 6, animals: true))
        {
            var classes = clip.GroundTruth.InstanceClasses;
            var (ids, slots, _) = RoundTrip(clip, prompt);
            var kept = ids.Select(v => classes[(int)v] == className ? (int)v : 0).ToArray();
            shown += kept.Count(v => v != 0);
            SamePartition(kept, slots);
        }
        Assert.True(shown > 0, $"the clips should show some {className}");
    }

    [Fact]
    public void A_class_the_clip_lacks_gives_an_empty_target()
    {
        var clip = CodecTestKit.Clips(32, 1)[0]; // no animals in this world
        Assert.DoesNotContain("animal", clip.GroundTruth.InstanceClasses);

        var (_, slots, encoded) = RoundTrip(clip, "segment the animals");

        Assert.All(slots, v => Assert.Equal(0, v));
        Assert.All(encoded, v => Assert.Equal(-1, v));
    }

    [Fact]
    public void An_unreadable_prompt_is_an_error_naming_it()
    {
        var clip = CodecTestKit.Clips(32, 1)[0];
        using var sample = CodecTestKit.Stored(clip);

        var e = Assert.Throws<ArgumentException>(() => Codec.Encode(sample.Get("instances")!, CodecTestKit.Context(clip, "draw a cat")));

        Assert.Contains("segmentation", e.Message, StringComparison.Ordinal);
        Assert.Contains("'draw a cat'", e.Message, StringComparison.Ordinal);
        Assert.Contains("segment the <class>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_snaps_near_palette_colours_and_rejects_far_ones()
    {
        var context = new ClipContext { Frames = 1, Height = 1, Width = 4 };
        // Pixel colours (r, g, b): close to slot 1's colour, close to slot 4's, between four colours, near background.
        using var clean = Codec.Encode(torch.tensor(new byte[] { 1, 2, 3, 4 }, [1, 1, 4]), context);
        var c = CodecTestKit.Values(clean); // [3, 1, 1, 4] channel-major
        float[] noisy =
        [
            (float)c[0] + 0.2f, (float)c[3] - 0.2f, 0f, -0.9f,
            (float)c[4] - 0.1f, (float)c[7] + 0.1f, 0.5f, -0.8f,
            (float)c[8] + 0.1f, (float)c[11], 0.5f, -0.9f,
        ];

        var slots = CodecTestKit.Values(Codec.Decode(torch.tensor(noisy, [3, 1, 1, 4]), context));

        Assert.Equal(new double[] { 1, 4, 0, 0 }, slots);
    }
}

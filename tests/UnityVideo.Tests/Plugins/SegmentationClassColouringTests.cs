using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Host.Plugins;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

/// <summary>The segmentation code under <c>Plugins:Settings:Segmentation:Colours=classes</c>, the default.</summary>
public sealed class SegmentationClassColouringTests
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => HostFactory.Start().Catalog);

    private static IModalityCodec ClassCodec => Catalog.Value.All.Get("segmentation").Codec!;

    /// <summary>The (r, g, b) each of <paramref name="classes"/> is painted, from a one-row clip with one pixel per class.</summary>
    private static float[][] ColoursOf(params string[] classes)
    {
        var context = new ClipContext { Frames = 1, Height = 1, Width = classes.Length, Classes = ["background", .. classes] };
        var ids = Enumerable.Range(1, classes.Length).Select(i => (byte)i).ToArray();
        using var encoded = ClassCodec.Encode(torch.tensor(ids, [1, 1, classes.Length]), context);
        var v = CodecTestKit.Values(encoded); // [3, 1, 1, N] channel-major
        return Enumerable.Range(0, classes.Length).Select(x => new[] { (float)v[x], (float)v[classes.Length + x], (float)v[(2 * classes.Length) + x] }).ToArray();
    }

    private static double[] Decode(float[][] pixels, int frames, int width)
    {
        var planar = new float[3 * pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
            for (var c = 0; c < 3; c++) planar[(c * pixels.Length) + i] = pixels[i][c];
        var context = new ClipContext { Frames = frames, Height = 1, Width = width };
        using var decoded = ClassCodec.Decode(torch.tensor(planar, [3, frames, 1, width]), context);
        return CodecTestKit.Values(decoded);
    }

    [Fact]
    public void Every_instance_is_painted_its_class_colour_whatever_else_the_clip_holds()
    {
        var colourOfClass = new Dictionary<string, string>();
        foreach (var clip in CodecTestKit.Clips(32, 8, animals: true))
        {
            using var sample = CodecTestKit.Stored(clip);
            var ids = CodecTestKit.Values(sample.Get("instances")!);
            using var encoded = ClassCodec.Encode(sample.Get("instances")!, CodecTestKit.Context(clip));
            var colours = CodecTestKit.Values(encoded); // [3, T, H, W] channel-major
            for (var i = 0; i < ids.Length; i++)
            {
                var colour = string.Join(",", Enumerable.Range(0, 3).Select(c => colours[(c * ids.Length) + i]));
                var name = ids[i] == 0 ? "background" : clip.GroundTruth.InstanceClasses[(int)ids[i]];
                Assert.Equal(colourOfClass.GetValueOrDefault(name, colour), colour);
                colourOfClass[name] = colour;
            }
        }
        Assert.Equal("-1,-1,-1", colourOfClass["background"]);
        Assert.True(colourOfClass.Count >= 4, $"the clips should show several classes, got {string.Join(", ", colourOfClass.Keys)}");
        Assert.Equal(colourOfClass.Count, colourOfClass.Values.Distinct().Count());
    }

    [Fact]
    public void The_world_classes_take_far_apart_colours_and_other_names_a_stable_one()
    {
        var world = ColoursOf("person", "box", "sphere", "cylinder", "capsule", "animal");
        for (var a = 0; a < world.Length; a++)
            for (var b = a + 1; b < world.Length; b++)
                Assert.True(world[a].Zip(world[b], (x, y) => (x - y) * (x - y)).Sum() >= 4, $"classes {a} and {b} are too close");

        var bicycle = ColoursOf("bicycle", "Bicycle ")[0..2];
        Assert.Equal(bicycle[0], bicycle[1]);
        Assert.NotEqual(new float[] { -1, -1, -1 }, bicycle[0]);
    }

    [Fact]
    public void A_round_trip_of_the_synthetic_world_keeps_nearly_every_instance_apart()
    {
        // Instances of one class that touch come back as one; in this world that costs little.
        var metric = Catalog.Value.All.MetricsFor("segmentation").Single();
        var scores = new List<double>();
        foreach (var clip in CodecTestKit.Clips(32, 24, frames: 8, seed: 11))
        {
            using var sample = CodecTestKit.Stored(clip);
            var stored = sample.Get("instances")!;
            var context = CodecTestKit.Context(clip);
            using var encoded = ClassCodec.Encode(stored, context);
            using var decoded = ClassCodec.Decode(encoded, context);
            scores.Add(metric.Score(decoded, stored, new Dictionary<string, string>())["miou"]);
        }

        Assert.InRange(scores.Average(), 0.9, 1.0);
    }

    [Fact]
    public void Decode_numbers_separate_pieces_of_one_colour_as_separate_instances()
    {
        var colours = ColoursOf("person", "box");
        float[] none = [-1, -1, -1];
        var ids = Decode([colours[0], none, colours[0], colours[0], none, colours[1], none], frames: 1, width: 7);

        Assert.Equal(0, ids[1]);
        Assert.Equal(0, ids[4]);
        Assert.Equal(ids[2], ids[3]);
        Assert.Equal(3, new[] { ids[0], ids[2], ids[5] }.Distinct().Count());
        Assert.DoesNotContain(0.0, new[] { ids[0], ids[2], ids[5] });
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    public void A_piece_that_moves_up_to_a_sixteenth_of_the_width_a_frame_stays_one_instance(int step, int expectedInstances)
    {
        // One person pixel at x = 0, step, 2·step in three frames of a 1 × 32 strip.
        const int width = 32;
        float[] none = [-1, -1, -1];
        var person = ColoursOf("person")[0];
        var pixels = Enumerable.Range(0, 3 * width).Select(i => i % width == (i / width) * step ? person : none).ToArray();

        var ids = Decode(pixels, frames: 3, width);

        Assert.Equal(expectedInstances, ids.Where(v => v != 0).Distinct().Count());
    }

    [Fact]
    public void An_unknown_colouring_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(null, "Plugins:Settings:Segmentation:Colours=rainbow"));

        Assert.Contains("Plugins:Settings:Segmentation:Colours", e.Message, StringComparison.Ordinal);
        Assert.Contains("rainbow", e.Message, StringComparison.Ordinal);
    }
}

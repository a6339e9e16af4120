using TorchSharp;
using UnityVideo.Abstractions;
using Xunit.Abstractions;

namespace UnityVideo.Tests.Plugins;

public sealed class SkeletonCodecTests(ITestOutputHelper output)
{
    private const int MaxPersons = 4; // documented capacity of the representation

    private static readonly IModalityCodec Codec = CodecTestKit.Codec("skeleton");

    /// <summary>Fraction of ground-truth-visible joints (first four skeletons) decoded visible within α·max(H, W) pixels.</summary>
    private static (double Pck05, double Pck10) RoundTripPck(int size, int clips)
    {
        int total = 0, hit05 = 0, hit10 = 0;
        foreach (var clip in CodecTestKit.Clips(size, clips, frames: 4, animals: true))
        {
            using var sample = CodecTestKit.Stored(clip);
            var joints = sample.Get("joints")!;
            var context = CodecTestKit.Context(clip);
            using var encoded = Codec.Encode(joints, context);
            using var decoded = Codec.Decode(encoded, context);
            Assert.Equal(new long[] { clip.Frames, MaxPersons, 17, 3 }, decoded.shape);
            var g = CodecTestKit.Values(joints);
            var d = CodecTestKit.Values(decoded);
            var persons = (int)joints.shape[1];
            for (var t = 0; t < clip.Frames; t++)
                for (var p = 0; p < Math.Min(persons, MaxPersons); p++)
                    for (var j = 0; j < 17; j++)
                    {
                        var go = ((t * persons + p) * 17 + j) * 3;
                        if (g[go + 2] == 0) continue;
                        total++;
                        var o = ((t * MaxPersons + p) * 17 + j) * 3;
                        if (d[o + 2] == 0) continue;
                        var error = Math.Sqrt(Math.Pow(d[o] - g[go], 2) + Math.Pow(d[o + 1] - g[go + 1], 2));
                        if (error <= 0.05 * size) hit05++;
                        if (error <= 0.1 * size) hit10++;
                    }
        }
        Assert.True(total > 200, "the clips should show many joints");
        return ((double)hit05 / total, (double)hit10 / total);
    }

    [Fact]
    public void Joints_read_back_from_the_encoding_score_high_PCK_at_32_and_64()
    {
        var (small05, small10) = RoundTripPck(32, 12);
        var (large05, large10) = RoundTripPck(64, 6);
        output.WriteLine($"32²: PCK@0.05 {small05:F4}, PCK@0.1 {small10:F4}; 64²: PCK@0.05 {large05:F4}, PCK@0.1 {large10:F4}");

        // Measured on 48 clips × 8 frames: 0.967 / 0.970 at 32², 0.996 / 0.996 at 64². Nearly every miss is a joint
        // less than a pixel from a stronger one (face joints at 32²) that loses all its pixels; found joints are
        // within 1.6 px. The bounds leave room for the smaller sample here.
        Assert.True(small10 >= 0.94, $"PCK@0.1 at 32² is {small10:F4}");
        Assert.True(small05 >= 0.93, $"PCK@0.05 at 32² is {small05:F4}");
        Assert.True(large10 >= 0.98, $"PCK@0.1 at 64² is {large10:F4}");
    }

    [Fact]
    public void An_isolated_joint_decodes_at_its_sub_pixel_position_in_its_own_slot()
    {
        var context = new ClipContext { Frames = 2, Height = 32, Width = 32 };
        var joints = new float[2 * 3 * 17 * 3];
        void Set(int t, int p, int j, float x, float y) { var o = ((t * 3 + p) * 17 + j) * 3; joints[o] = x; joints[o + 1] = y; joints[o + 2] = 1; }
        Set(0, 2, 9, 10.3f, 17.8f);  // frame 0: skeleton 2's left wrist
        Set(1, 0, 0, 25.6f, 4.1f);   // frame 1: skeleton 0's nose
        Set(1, 1, 16, 5.5f, 26.2f);  // frame 1: skeleton 1's right ankle
        using var stored = torch.tensor(joints, [2, 3, 17, 3]);

        using var encoded = Codec.Encode(stored, context);
        var d = CodecTestKit.Values(Codec.Decode(encoded, context));

        var visible = new List<(int T, int P, int J)>();
        for (var t = 0; t < 2; t++)
            for (var p = 0; p < MaxPersons; p++)
                for (var j = 0; j < 17; j++)
                    if (d[((t * MaxPersons + p) * 17 + j) * 3 + 2] == 1) visible.Add((t, p, j));
        Assert.Equal([(0, 2, 9), (1, 0, 0), (1, 1, 16)], visible);
        void Near(int t, int p, int j, double x, double y)
        {
            var o = ((t * MaxPersons + p) * 17 + j) * 3;
            Assert.InRange(Math.Abs(d[o] - x), 0, 0.05);
            Assert.InRange(Math.Abs(d[o + 1] - y), 0, 0.05);
        }
        Near(0, 2, 9, 10.3, 17.8);
        Near(1, 0, 0, 25.6, 4.1);
        Near(1, 1, 16, 5.5, 26.2);
    }

    [Fact]
    public void The_encoding_stays_in_range_and_shows_the_background_where_no_joint_is()
    {
        var clip = CodecTestKit.Clips(32, 1, animals: true)[0];
        using var sample = CodecTestKit.Stored(clip);
        using var encoded = Codec.Encode(sample.Get("joints")!, CodecTestKit.Context(clip));
        var n = CodecTestKit.Values(encoded);
        Assert.All(n, v => Assert.InRange(v, -1, 1));

        using var none = torch.zeros([clip.Frames, 0, 17, 3]);
        var empty = CodecTestKit.Values(Codec.Encode(none, CodecTestKit.Context(clip)));
        var plane = empty.Length / 3;
        Assert.All(empty[..(2 * plane)], v => Assert.Equal(0, v));
        Assert.All(empty[(2 * plane)..], v => Assert.Equal(-1, v));
    }
}

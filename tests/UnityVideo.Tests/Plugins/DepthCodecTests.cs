using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Tests.Plugins;

public sealed class DepthCodecTests
{
    private static readonly IModalityCodec Codec = CodecTestKit.Codec("depth");

    [Fact]
    public void Decoded_depth_matches_ground_truth_disparity_after_an_affine_fit()
    {
        foreach (var clip in CodecTestKit.Clips(32, 3))
        {
            using var sample = CodecTestKit.Stored(clip);
            var stored = sample.Get("depth")!;
            var context = CodecTestKit.Context(clip);
            using var encoded = Codec.Encode(stored, context);
            using var decoded = Codec.Decode(encoded, context);
            Assert.Equal(new long[] { 1, clip.Frames, 32, 32 }, encoded.shape);
            Assert.Equal(torch.ScalarType.Float16, decoded.dtype);
            Assert.Equal(stored.shape, decoded.shape);

            var gt = CodecTestKit.Values(stored);
            var n = CodecTestKit.Values(encoded);
            var q = CodecTestKit.Values(decoded).Select(d => 1 / d).ToArray();
            var valid = Enumerable.Range(0, gt.Length).Where(i => double.IsFinite(gt[i]) && gt[i] > 0).ToArray();
            Assert.NotEmpty(valid);

            // Least-squares fit gtDisparity ≈ a·q + b on valid pixels, by the normal equations.
            double sq = 0, sd = 0, sqq = 0, sqd = 0;
            foreach (var i in valid) { var d = 1 / gt[i]; sq += q[i]; sd += d; sqq += q[i] * q[i]; sqd += q[i] * d; }
            double m = valid.Length, a = (m * sqd - sq * sd) / (m * sqq - sq * sq), b = (sd - a * sq) / m;
            var disparities = valid.Select(i => 1 / gt[i]).ToArray();
            var span = disparities.Max() - disparities.Min();
            // Decode ends in float16 (relative error 2^-11 on q); allow twice that over the disparity range.
            foreach (var i in valid) Assert.InRange(Math.Abs(a * q[i] + b - 1 / gt[i]), 0, 2e-3 * span);

            // Nearest valid pixel is +1, farthest is -1, sky is -1.
            var nearest = valid.MinBy(i => gt[i]);
            var farthest = valid.MaxBy(i => gt[i]);
            Assert.Equal(1, n[nearest], 5);
            Assert.Equal(-1, n[farthest], 5);
            Assert.All(Enumerable.Range(0, gt.Length).Where(i => double.IsPositiveInfinity(gt[i])), i => Assert.Equal(-1, n[i]));
            Assert.All(n, v => Assert.InRange(v, -1, 1));
        }
    }

    [Theory]
    [InlineData(2.5f, 2.5f)]                                           // one constant depth
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]       // nothing hit at all
    [InlineData(3f, float.PositiveInfinity)]                           // constant depth plus sky
    [InlineData(0f, float.NaN)]                                        // only invalid values
    public void Degenerate_clips_encode_and_decode_without_NaN(float first, float second)
    {
        var context = new ClipContext { Frames = 2, Height = 4, Width = 4 };
        var values = Enumerable.Range(0, 32).Select(i => i % 2 == 0 ? first : second).ToArray();
        using var stored = torch.tensor(values, [2, 4, 4]).to(torch.ScalarType.Float16);
        using var encoded = Codec.Encode(stored, context);
        using var decoded = Codec.Decode(encoded, context);

        var n = CodecTestKit.Values(encoded);
        Assert.All(n, v => Assert.InRange(v, -1, 1));
        Assert.All(CodecTestKit.Values(decoded), v => Assert.True(double.IsFinite(v) && v > 0, $"decoded depth {v}"));
        for (var i = 0; i < values.Length; i++)
        {
            var valid = float.IsFinite(values[i]) && values[i] > 0;
            Assert.Equal(valid ? 0 : -1, n[i]); // a constant clip has no near or far: its valid pixels sit mid-range
        }
    }
}

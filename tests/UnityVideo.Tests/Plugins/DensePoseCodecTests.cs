using TorchSharp;
using UnityVideo.Abstractions;

namespace UnityVideo.Tests.Plugins;

public sealed class DensePoseCodecTests
{
    private static readonly IModalityCodec Codec = CodecTestKit.Codec("densepose");

    [Fact]
    public void Part_index_and_UV_survive_the_round_trip()
    {
        var bodyPixels = 0;
        foreach (var clip in CodecTestKit.Clips(32, 4))
        {
            using var sample = CodecTestKit.Stored(clip);
            var stored = sample.Get("iuv")!;
            var context = CodecTestKit.Context(clip);
            using var encoded = Codec.Encode(stored, context);
            using var fromFloat = Codec.Encode(stored.to(torch.ScalarType.Float32), context);
            using var decoded = Codec.Decode(encoded, context);
            Assert.Equal(new long[] { 3, clip.Frames, 32, 32 }, encoded.shape);
            Assert.Equal(torch.ScalarType.Byte, decoded.dtype);
            Assert.True(encoded.eq(fromFloat).all().item<bool>(), "float32 input encodes like uint8");

            var iuv = CodecTestKit.Values(stored);
            var back = CodecTestKit.Values(decoded);
            var n = CodecTestKit.Values(encoded);
            var pixels = iuv.Length / 3;
            Assert.All(n, v => Assert.InRange(v, -1, 1));
            for (var p = 0; p < pixels; p++)
            {
                var part = iuv[p * 3];
                Assert.Equal(part, back[p * 3]);
                Assert.Equal(-1 + 2 * part / 14, n[p], 5); // channel-major [3, T, H, W]: channel 0 starts at 0
                if (part == 0)
                {
                    Assert.Equal(0, n[pixels + p]);
                    Assert.Equal(0, n[2 * pixels + p]);
                    continue;
                }
                bodyPixels++;
                Assert.InRange(Math.Abs(back[p * 3 + 1] - iuv[p * 3 + 1]), 0, 1);
                Assert.InRange(Math.Abs(back[p * 3 + 2] - iuv[p * 3 + 2]), 0, 1);
            }
        }
        Assert.True(bodyPixels > 50, "the clips should show people");
    }

    [Fact]
    public void Decode_rounds_and_clamps_model_outputs_and_clears_UV_off_the_body()
    {
        var context = new ClipContext { Frames = 1, Height = 1, Width = 3 };
        // Pixels: part ≈ 3 (slightly off), part below the range, part above the range.
        float[] channels = [-1 + 2 * 3.2f / 14, -1.7f, 1.4f, 0.5f, 0.5f, 2f, -0.3f, -0.3f, -3f];
        using var normalized = torch.tensor(channels, [3, 1, 1, 3]);

        var iuv = CodecTestKit.Values(Codec.Decode(normalized, context));

        Assert.Equal(new double[] { 3, 191, 89, 0, 0, 0, 14, 255, 0 }, iuv);
    }
}

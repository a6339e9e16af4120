using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Host.Plugins;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

public sealed class FlowCodecTests
{
    [Fact]
    public void Flow_round_trips_within_half_precision_and_is_clipped_beyond_the_scale()
    {
        var codec = CodecTestKit.Codec("flow");
        var clip = CodecTestKit.Clips(32, 1)[0];
        var context = CodecTestKit.Context(clip);
        const double limit = 0.05 * 32; // the default scale is 0.05 of the frame width, in pixels
        using var sample = CodecTestKit.Stored(clip);
        // Real flow plus the same flow ×6, so both the linear range and the clipped range are exercised.
        foreach (var gain in new[] { 1.0, 6.0 })
        {
            using var stored = (sample.Get("flow")!.to(torch.ScalarType.Float32) * gain).to(torch.ScalarType.Float16);
            using var encoded = codec.Encode(stored, context);
            using var decoded = codec.Decode(encoded, context);
            Assert.Equal(new long[] { 2, clip.Frames, 32, 32 }, encoded.shape);
            Assert.Equal(stored.shape, decoded.shape);
            Assert.Equal(torch.ScalarType.Float16, decoded.dtype);

            var f = CodecTestKit.Values(stored);
            var d = CodecTestKit.Values(decoded);
            var n = CodecTestKit.Values(encoded);
            Assert.All(n, v => Assert.InRange(v, -1, 1));
            var clipped = 0;
            for (var i = 0; i < f.Length; i++)
            {
                var expected = Math.Clamp(f[i], -limit, limit);
                if (expected != f[i]) clipped++;
                Assert.InRange(Math.Abs(d[i] - expected), 0, 1e-3 * Math.Abs(expected) + 1e-4);
            }
            if (gain > 1) Assert.True(clipped > 0, "the amplified flow should exceed the scale somewhere");
        }
    }

    [Fact]
    public void The_scale_comes_from_the_plugin_configuration()
    {
        var codec = HostFactory.Start(null, "Plugins:Settings:Flow:Scale=0.25").Catalog.All.Get("flow").Codec!;
        var context = new ClipContext { Frames = 1, Height = 2, Width = 16 };
        using var stored = torch.full([1, 2, 16, 2], 2f).to(torch.ScalarType.Float16);

        using var encoded = codec.Encode(stored, context);

        // 2 px / (0.25 × 16 px) = 0.5
        Assert.All(CodecTestKit.Values(encoded), v => Assert.Equal(0.5, v, 6));
    }

    [Fact]
    public void A_bad_scale_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(null, "Plugins:Settings:Flow:Scale=zero"));
        Assert.Contains("Plugins:Settings:Flow:Scale", e.Message, StringComparison.Ordinal);
        Assert.Contains("'zero'", e.Message, StringComparison.Ordinal);
    }
}

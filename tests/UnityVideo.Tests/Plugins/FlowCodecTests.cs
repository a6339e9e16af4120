using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Host.Plugins;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Plugins;

public sealed class FlowCodecTests
{
    private const double DefaultLimit = 0.05 * 32; // the default scale is 0.05 of the frame width: 1.6 px at 32²

    private static IModalityCodec CodecWith(string encoding) =>
        HostFactory.Start(null, $"Plugins:Settings:Flow:Encoding={encoding}").Catalog.All.Get("flow").Codec!;

    /// <summary>One frame, one row of 32 pixels: 1.6 px maps to ±1 at the default scale.</summary>
    private static ClipContext Row32 { get; } = new() { Frames = 1, Height = 1, Width = 32 };

    /// <summary>Flow along one row of 32 pixels, <c>[1, 1, 32, 2]</c> float16, both components equal, zero after <paramref name="values"/>.</summary>
    private static torch.Tensor RowOfFlow(params float[] values) =>
        torch.tensor(values.Concat(new float[32 - values.Length]).SelectMany(v => new[] { v, v }).ToArray(), [1, 1, 32, 2]).to(torch.ScalarType.Float16);

    /// <summary>Encoded values along one row of 32 pixels, <c>[2, 1, 1, 32]</c> float32, both channels equal, zero after <paramref name="values"/>.</summary>
    private static torch.Tensor RowOfEncoded(params float[] values)
    {
        var row = values.Concat(new float[32 - values.Length]).ToArray();
        return torch.tensor(row.Concat(row).ToArray(), [2, 1, 1, 32]);
    }

    [Theory]
    [InlineData("sqrt")]
    [InlineData("linear")]
    public void Flow_round_trips_within_half_precision_and_is_clipped_beyond_the_scale(string encoding)
    {
        var codec = CodecWith(encoding);
        var clip = CodecTestKit.Clips(32, 1)[0];
        var context = CodecTestKit.Context(clip);
        using var sample = CodecTestKit.Stored(clip);
        // Real flow plus the same flow ×6, so both the range inside the scale and the clipped range are exercised.
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
                var expected = Math.Clamp(f[i], -DefaultLimit, DefaultLimit);
                if (expected != f[i]) clipped++;
                Assert.InRange(Math.Abs(d[i] - expected), 0, 1e-3 * Math.Abs(expected) + 1e-4);
            }
            if (gain > 1) Assert.True(clipped > 0, "the amplified flow should exceed the scale somewhere");
        }
    }

    [Fact]
    public void Sqrt_is_the_default_and_encodes_the_square_root_of_the_fraction_of_the_scale()
    {
        var codec = CodecTestKit.Codec("flow"); // no Encoding setting
        using var stored = RowOfFlow(0.4f, -0.4f, 0.1f, 1.6f, 3.2f, -5f, float.NaN);

        using var encoded = codec.Encode(stored, Row32);
        using var decoded = codec.Decode(encoded, Row32);

        // 0.4 px / 1.6 px = 0.25 of the scale → √0.25 = 0.5 (linear would give 0.25); 0.1 px → √0.0625 = 0.25;
        // 1.6 px and beyond → ±1 (clipped); NaN reads as no flow.
        var expectedEncoded = new[] { 0.5, -0.5, 0.25, 1.0, 1.0, -1.0, 0.0, 0.0 };
        var expectedDecoded = new[] { 0.4, -0.4, 0.1, 1.6, 1.6, -1.6, 0.0, 0.0 };
        var n = CodecTestKit.Values(encoded); // [2, 1, 1, 32]
        var d = CodecTestKit.Values(decoded); // [1, 1, 32, 2]
        for (var i = 0; i < expectedEncoded.Length; i++)
        {
            Assert.Equal(expectedEncoded[i], n[i], 3);
            Assert.Equal(expectedEncoded[i], n[32 + i], 3);
            Assert.Equal(expectedDecoded[i], d[2 * i], 3);
            Assert.Equal(expectedDecoded[i], d[2 * i + 1], 3);
        }
    }

    [Fact]
    public void Sqrt_decodes_small_noise_to_quadratically_small_flow()
    {
        var sqrt = CodecTestKit.Codec("flow");
        var linear = CodecWith("linear");
        float[] noise = [0.05f, 0.1f, -0.1f, 0.2f, -0.3f];
        using var encoded = RowOfEncoded(noise);

        using var fromSqrt = sqrt.Decode(encoded, Row32);
        using var fromLinear = linear.Decode(encoded, Row32);

        var s = CodecTestKit.Values(fromSqrt);   // [1, 1, 32, 2]
        var l = CodecTestKit.Values(fromLinear); // [1, 1, 32, 2]
        for (var i = 0; i < noise.Length; i++)
        {
            var u = (double)noise[i];
            Assert.Equal(Math.Sign(u) * u * u * DefaultLimit, s[2 * i], 4); // u = 0.1 → 0.016 px
            Assert.Equal(u * DefaultLimit, l[2 * i], 3);                     // u = 0.1 → 0.16 px
        }
    }

    [Fact]
    public void Linear_keeps_the_proportional_encoding()
    {
        var codec = CodecWith("LINEAR"); // names are case-insensitive
        using var stored = RowOfFlow(0.4f, -0.8f, 1.6f, 2.4f, -4f, float.NaN, 0.1f);

        using var encoded = codec.Encode(stored, Row32);
        using var decoded = codec.Decode(encoded, Row32);

        // f / 1.6 px, clipped to ±1
        var expectedEncoded = new[] { 0.25, -0.5, 1.0, 1.0, -1.0, 0.0, 0.0625, 0.0 };
        var expectedDecoded = new[] { 0.4, -0.8, 1.6, 1.6, -1.6, 0.0, 0.1, 0.0 };
        var n = CodecTestKit.Values(encoded);
        var d = CodecTestKit.Values(decoded);
        for (var i = 0; i < expectedEncoded.Length; i++)
        {
            Assert.Equal(expectedEncoded[i], n[i], 3);
            Assert.Equal(expectedDecoded[i], d[2 * i], 3);
            Assert.Equal(expectedDecoded[i], d[2 * i + 1], 3);
        }
    }

    [Theory]
    [InlineData("linear", 0.5)]
    [InlineData("sqrt", 0.70710678)]
    public void The_scale_comes_from_the_plugin_configuration(string encoding, double expected)
    {
        var codec = HostFactory.Start(null, "Plugins:Settings:Flow:Scale=0.25", $"Plugins:Settings:Flow:Encoding={encoding}").Catalog.All.Get("flow").Codec!;
        var context = new ClipContext { Frames = 1, Height = 2, Width = 16 };
        using var stored = torch.full([1, 2, 16, 2], 2f).to(torch.ScalarType.Float16);

        using var encoded = codec.Encode(stored, context);

        // 2 px / (0.25 × 16 px) = 0.5 of the scale; √0.5 with the sqrt encoding
        Assert.All(CodecTestKit.Values(encoded), v => Assert.Equal(expected, v, 6));
    }

    [Fact]
    public void A_bad_scale_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(null, "Plugins:Settings:Flow:Scale=zero"));
        Assert.Contains("Plugins:Settings:Flow:Scale", e.Message, StringComparison.Ordinal);
        Assert.Contains("'zero'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cubic")]
    [InlineData("1")] // an enum number is not a name
    public void A_bad_encoding_is_an_error_naming_the_key(string value)
    {
        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(null, $"Plugins:Settings:Flow:Encoding={value}"));
        Assert.Contains("Plugins:Settings:Flow:Encoding", e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
    }
}

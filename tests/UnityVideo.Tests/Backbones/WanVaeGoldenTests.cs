using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.Backbones;

/// <summary>The VAE port against the official implementation run on the same tiny random weights (fp32).</summary>
public sealed class WanVaeGoldenTests
{
    private const double Tolerance = 1e-4;

    // bfloat16 keeps 8 significant bits. The official vae.py run wholly in bfloat16 on the golden weights and latent
    // is off its own fp32 output by max 0.090, mean 0.011 (decode.safetensors metadata reference_bf16_*); the port, norms in
    // float32, by max 0.124, mean 0.0088. The bounds leave headroom over both without hiding a wrong layer.
    private const double Bf16MaxTolerance = 0.15;
    private const double Bf16MeanTolerance = 0.02;

    [Fact]
    public void Encode_matches_the_reference_over_the_first_and_later_chunks()
    {
        using var vae = WanVaeFixtures.LoadGoldenVae();
        using var video = WanVaeFixtures.Read("encode", "video");                     // [1, 3, 9, 16, 24]
        using var expected = WanVaeFixtures.Read("encode", "latent");                 // [1, 16, 3, 2, 3]

        using var latent = vae.Encode(video);

        Assert.Equal(new long[] { 1, 16, 3, 2, 3 }, latent.shape);
        Assert.True(WanVaeFixtures.MaxAbsDiff(latent, expected) <= Tolerance,
            $"max |Δ| = {WanVaeFixtures.MaxAbsDiff(latent, expected):g3}");
    }

    [Fact]
    public void Decode_matches_the_reference_one_latent_frame_at_a_time()
    {
        using var vae = WanVaeFixtures.LoadGoldenVae();
        using var latent = WanVaeFixtures.Read("decode", "latent");                   // [1, 16, 3, 2, 3]
        using var expected = WanVaeFixtures.Read("decode", "video");                  // [1, 3, 9, 16, 24]

        using var video = vae.Decode(latent, clamp: false);

        Assert.Equal(new long[] { 1, 3, 9, 16, 24 }, video.shape);
        Assert.True(WanVaeFixtures.MaxAbsDiff(video, expected) <= Tolerance,
            $"max |Δ| = {WanVaeFixtures.MaxAbsDiff(video, expected):g3}");
    }

    [Fact]
    public void Decode_clamps_to_the_pixel_range_by_default_as_the_reference_pipeline_does()
    {
        using var vae = WanVaeFixtures.LoadGoldenVae();
        using var latent = WanVaeFixtures.Read("decode", "latent");
        using var expected = WanVaeFixtures.Read("decode", "video");
        Assert.True(expected.abs().max().item<float>() > 1, "the golden decode should leave the pixel range somewhere");

        using var video = vae.Decode(latent);

        Assert.True(WanVaeFixtures.MaxAbsDiff(video, expected.clamp(-1, 1)) <= Tolerance);
    }

    [Fact]
    public void Golden_weights_imply_the_configuration_they_were_made_with()
    {
        using var reader = SafetensorsReader.Open(WanVaeFixtures.Weights);
        var config = WanVaeWeights.InferConfig(reader);

        Assert.Equal(int.Parse(reader.Metadata["dim"], System.Globalization.CultureInfo.InvariantCulture), config.Dim);
        Assert.Equal(16, config.ZDim);
        Assert.Equal(new[] { 1, 2, 4, 4 }, config.DimMult);
        Assert.Equal(2, config.NumResBlocks);
        Assert.Equal(new[] { false, true, true }, config.TemporalDownsample);
        Assert.Matches("^[0-9a-f]{40}$", reader.Metadata["reference_commit"]);
    }

    [Fact]
    public void A_clip_whose_length_is_not_one_plus_four_k_is_refused_with_the_rule()
    {
        using var vae = new WanVae(WanVaeConfig.Tiny);
        using var clip = torch.zeros([1, 3, 8, 16, 16]);

        var e = Assert.Throws<ArgumentException>(() => vae.Encode(clip));
        Assert.Contains("1 + 4k", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bf16_decode_stays_within_its_stated_tolerance_of_the_fp32_reference()
    {
        using var vae = WanVaeFixtures.LoadGoldenVae();
        vae.to(torch.bfloat16);
        using var latent = WanVaeFixtures.Read("decode", "latent");
        using var expected = WanVaeFixtures.Read("decode", "video");

        using var video = vae.Decode(latent, clamp: false);

        Assert.Equal(torch.float32, video.dtype);
        var error = WanVaeFixtures.MaxAbsDiff(video, expected);
        var mean = (video - expected).abs().mean().item<float>();
        Assert.True(error is > 0 and <= Bf16MaxTolerance && mean <= Bf16MeanTolerance, $"max |Δ| = {error:g3}, mean |Δ| = {mean:g3}");
    }
}

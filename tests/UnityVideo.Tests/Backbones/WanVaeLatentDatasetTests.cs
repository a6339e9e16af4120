using System.Globalization;
using ImageMagick;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Tests.Cli;

namespace UnityVideo.Tests.Backbones;

/// <summary><c>data encode</c> / <c>data decode</c> with the tiny golden VAE on synthetic clips.</summary>
public sealed class WanVaeLatentDatasetTests
{
    private static readonly string[] Streams = ["rgb", "depth", "flow", "skeleton", "densepose", "segmentation"];

    [Fact]
    public void Data_encode_writes_latents_of_every_stream_and_decode_gives_back_the_clip_s_frames()
    {
        using var dir = new TempDir();
        var data = Synth(dir, size: 16, frames: 8);
        var latents = dir.File("latents");

        var r = CliRunner.Run("data", "encode", "--data", data, "--vae", WanVaeFixtures.Weights, "--out", latents);

        Assert.True(r.ExitCode == 0, r.Stderr);
        var manifest = DatasetManifest.Read(Path.Combine(latents, DatasetManifest.FileName));
        Assert.Equal(2, manifest.Count);
        foreach (var entry in manifest)
        {
            Assert.Equal((8, 16, 16), (entry.Frames, entry.Height, entry.Width));
            Assert.Equal(Streams[1..], entry.Modalities);
            using var reader = SafetensorsReader.Open(Path.Combine(latents, entry.File));
            Assert.Equal(Streams, reader.Tensors.Keys);
            // 8 frames are padded to 9 = 1 + 4·2 → 3 latent frames; 16 px / 8 → 2.
            foreach (var info in reader.Tensors.Values)
            {
                Assert.Equal(SafetensorsDType.F32, info.DType);
                Assert.Equal(new long[] { 16, 3, 2, 2 }, info.Shape);
            }
        }

        var gif = dir.File("clip1.gif");
        var d = CliRunner.Run("data", "decode", "--latents", latents, "--vae", WanVaeFixtures.Weights, "--clip", "1", "--out", gif, "--scale", "2");

        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Contains(string.Join(" | ", Streams), d.Stdout, StringComparison.Ordinal);
        using var frames = new MagickImageCollection(gif);
        Assert.Equal(8, frames.Count);                                  // trimmed back to the clip's 8 frames
        Assert.Equal((uint)(6 * 32 + 5 * 2), frames[0].Width);          // six 16-px panels ×2, 2-px separators
    }

    [Fact]
    public void Decoding_an_encoded_clip_in_process_restores_its_frame_count_and_size_per_stream()
    {
        using var dir = new TempDir();
        var data = Synth(dir, size: 16, frames: 6);
        using var vae = WanVaeFixtures.LoadGoldenVae();
        var dataset = ClipDataset.Open(data);
        using var clip = dataset.Read(0);
        var request = new LatentDatasetRequest
        {
            DataDirectory = data, OutputDirectory = dir.File("unused"), Vae = vae, VaeFile = WanVaeFixtures.Weights,
            Registry = Host.HostFactory.Start().Modalities,
        };

        using var latent = LatentDatasetBuilder.Encode(request, clip, dataset.PathOf(0));
        var decoded = LatentDatasetBuilder.Decode(vae, latent, "clip");

        Assert.Equal(Streams, latent.Latents.Keys);
        Assert.All(latent.Latents.Values, l => Assert.Equal(new long[] { 16, 3, 2, 2 }, l.shape)); // 6 → 9 frames → 3 latents
        Assert.Equal(Streams, decoded.Select(s => s.Stream));
        Assert.All(decoded, s => Assert.Equal(new long[] { 6, 16, 16, 3 }, s.Frames.shape));
        Assert.All(decoded, s => Assert.Equal(torch.uint8, s.Frames.dtype));
    }

    [Fact]
    public void Frames_are_padded_to_one_plus_four_k_by_repeating_the_last_frame()
    {
        Assert.Equal([1, 5, 5, 9, 9, 9, 9, 13], new[] { 1, 2, 5, 6, 7, 8, 9, 10 }.Select(t => VaeFrames.PaddedLength(t)));
        using var rgb = torch.arange(6 * 2 * 2 * 3).reshape(6, 2, 2, 3).to(torch.uint8);

        using var x = VaeFrames.ToVaeInput(rgb);

        Assert.Equal(new long[] { 1, 3, 9, 2, 2 }, x.shape);
        for (var t = 5; t < 9; t++) Assert.True(x[0, .., t].eq(x[0, .., 5]).all().item<bool>());
        using var back = VaeFrames.ToRgb(x, 6);
        Assert.True(back.eq(rgb).all().item<bool>());
    }

    [Fact]
    public void A_clip_whose_size_the_vae_cannot_halve_three_times_is_refused_by_name_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var data = Synth(dir, size: 12, frames: 5);
        var latents = dir.File("latents");

        var r = CliRunner.Run("data", "encode", "--data", data, "--vae", WanVaeFixtures.Weights, "--out", latents);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("clip_000000.safetensors", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("divisible by 8", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(latents) && Directory.EnumerateFileSystemEntries(latents).Any());
    }

    private static string Synth(TempDir dir, int size, int frames)
    {
        var data = Path.Combine(dir.Path, "data");
        var r = CliRunner.Run("data", "synth", "--out", data, "--clips", "2",
            "--size", size.ToString(CultureInfo.InvariantCulture), "--frames", frames.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, r.ExitCode);
        return data;
    }
}

using System.Text.Json;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.IO;

namespace UnityVideo.Tests.Backbones;

/// <summary>Loading Wan2.1 VAE weights: official names, diffusers names, and files that do not fit.</summary>
public sealed class WanVaeLoadingTests
{
    [Fact]
    public void Full_size_parameter_names_and_shapes_equal_the_official_checkpoint()
    {
        // official_keys.json: the reference's state dict for the released configuration (tools/wan_goldens/vae_goldens.py).
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(WanVaeFixtures.Folder, "official_keys.json")));
        var official = doc.RootElement.GetProperty("keys").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetInt64()).ToArray());

        using var vae = new WanVae(WanVaeConfig.Official);
        var ours = vae.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(official.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in official) Assert.True(shape.SequenceEqual(ours[key]), $"{key}: [{string.Join(", ", ours[key])}] vs [{string.Join(", ", shape)}]");
        Assert.Equal(doc.RootElement.GetProperty("parameters").GetInt64(), ours.Values.Sum(s => s.Aggregate(1L, (a, b) => a * b)));
    }

    [Fact]
    public void Diffusers_names_of_the_full_size_vae_are_the_converter_s()
    {
        // Names diffusers' AutoencoderKLWan holds for the released VAE (scripts/convert_wan_to_diffusers.py).
        var map = WanVaeDiffusersKeys.OriginalToDiffusers(WanVaeConfig.Official);

        Assert.Equal("quant_conv.weight", map["conv1.weight"]);
        Assert.Equal("post_quant_conv.bias", map["conv2.bias"]);
        Assert.Equal("encoder.conv_in.weight", map["encoder.conv1.weight"]);
        Assert.Equal("encoder.down_blocks.2.resample.1.weight", map["encoder.downsamples.2.resample.1.weight"]);
        Assert.Equal("encoder.down_blocks.3.conv_shortcut.weight", map["encoder.downsamples.3.shortcut.weight"]);
        Assert.Equal("encoder.mid_block.attentions.0.to_qkv.weight", map["encoder.middle.1.to_qkv.weight"]);
        Assert.Equal("decoder.mid_block.resnets.1.norm2.gamma", map["decoder.middle.2.residual.3.gamma"]);
        Assert.Equal("decoder.up_blocks.0.upsamplers.0.time_conv.weight", map["decoder.upsamples.3.time_conv.weight"]);
        Assert.Equal("decoder.up_blocks.1.resnets.0.conv_shortcut.weight", map["decoder.upsamples.4.shortcut.weight"]);
        Assert.Equal("decoder.up_blocks.2.upsamplers.0.resample.1.bias", map["decoder.upsamples.11.resample.1.bias"]);
        Assert.Equal("decoder.up_blocks.3.resnets.2.conv2.weight", map["decoder.upsamples.14.residual.6.weight"]);
        Assert.Equal("decoder.norm_out.gamma", map["decoder.head.0.gamma"]);
        // One diffusers name per parameter: the renaming loses nothing.
        using var vae = new WanVae(WanVaeConfig.Official);
        var names = vae.named_parameters().Select(p => map[p.name]).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_diffusers_named_copy_of_the_golden_weights_loads_and_encodes_the_same()
    {
        using var dir = new TempDir();
        var diffusersFile = dir.File("diffusion_pytorch_model.safetensors");
        using (var reader = SafetensorsReader.Open(WanVaeFixtures.Weights))
        {
            var map = WanVaeDiffusersKeys.OriginalToDiffusers(WanVaeWeights.InferConfig(reader));
            var writer = new SafetensorsWriter();
            foreach (var key in reader.Tensors.Keys)
            {
                using var t = reader.ReadTensor(key);
                writer.Add(map[key], t);
            }
            writer.Save(diffusersFile);
        }
        using var video = WanVaeFixtures.Read("encode", "video");
        using var expected = WanVaeFixtures.Read("encode", "latent");

        using var vae = WanVaeWeights.Load(diffusersFile);
        using var latent = vae.Encode(video);

        using (var reader = SafetensorsReader.Open(diffusersFile)) Assert.Equal(WanVaeKeyFormat.Diffusers, WanVaeWeights.DetectFormat(reader));
        Assert.True(WanVaeFixtures.MaxAbsDiff(latent, expected) <= 1e-4);
    }

    [Fact]
    public void Bf16_weights_load_widened_and_stay_close_to_the_reference()
    {
        using var dir = new TempDir();
        var file = dir.File("vae-bf16.safetensors");
        CopyGolden(file, (key, t) => (key, t.to(torch.bfloat16)));
        using var video = WanVaeFixtures.Read("encode", "video");
        using var expected = WanVaeFixtures.Read("encode", "latent");

        using var vae = WanVaeWeights.Load(file);
        using var latent = vae.Encode(video);

        var error = WanVaeFixtures.MaxAbsDiff(latent, expected);
        Assert.True(error is > 0 and < 0.1, $"max |Δ| = {error:g3}");
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        using var dir = new TempDir();
        var file = dir.File("vae.safetensors");
        CopyGolden(file, (key, t) => key == "decoder.middle.1.proj.bias" ? null : (key, t));

        var e = Assert.Throws<SafetensorsFormatException>(() => WanVaeWeights.Load(file));
        Assert.Contains("missing key 'decoder.middle.1.proj.bias'", e.Message, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_key_is_named()
    {
        using var dir = new TempDir();
        var file = dir.File("vae.safetensors");
        CopyGolden(file, (key, t) => (key == "conv2.bias" ? "conv3.bias" : key, t));

        var e = Assert.Throws<SafetensorsFormatException>(() => WanVaeWeights.Load(file));
        Assert.Contains("missing key 'conv2.bias'", e.Message, StringComparison.Ordinal);
        Assert.Contains("unexpected key 'conv3.bias'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mis_shaped_key_is_named_with_both_shapes()
    {
        using var dir = new TempDir();
        var file = dir.File("vae.safetensors");
        CopyGolden(file, (key, t) => (key, key == "decoder.head.2.bias" ? torch.zeros(4) : t));

        using var vae = new WanVae(WanVaeConfig.Tiny);
        var e = Assert.Throws<SafetensorsFormatException>(() => WanVaeWeights.LoadInto(vae, file));
        Assert.Contains("'decoder.head.2.bias' is [4], the model needs [3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_wan_vae_is_refused_by_name()
    {
        using var dir = new TempDir();
        var file = dir.File("other.safetensors");
        new SafetensorsWriter().Add("blocks.0.weight", torch.zeros(2)).Save(file);

        var e = Assert.Throws<SafetensorsFormatException>(() => WanVaeWeights.Load(file));
        Assert.Contains("not a Wan2.1 VAE", e.Message, StringComparison.Ordinal);
    }

    // Writes the golden weights to path, each entry passed through edit (null drops it).
    private static void CopyGolden(string path, Func<string, torch.Tensor, (string Key, torch.Tensor Tensor)?> edit)
    {
        using var reader = SafetensorsReader.Open(WanVaeFixtures.Weights);
        var writer = new SafetensorsWriter();
        foreach (var key in reader.Tensors.Keys)
        {
            using var t = reader.ReadTensor(key);
            if (edit(key, t) is { } e) writer.Add(e.Key, e.Tensor);
        }
        writer.Save(path);
    }
}

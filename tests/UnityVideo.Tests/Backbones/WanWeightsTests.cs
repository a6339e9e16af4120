using TorchSharp;
using System.Text.Json;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// Loading published Wan DiT weights: the official names, the diffusers names (single file and sharded folder), and
/// the errors a user gets for a file that does not fit.
/// </summary>
public sealed class WanWeightsTests
{
    [Theory]
    [InlineData("patch_embedding.weight", "patch_embedding.weight")]
    [InlineData("text_embedding.0.weight", "condition_embedder.text_embedder.linear_1.weight")]
    [InlineData("time_embedding.2.bias", "condition_embedder.time_embedder.linear_2.bias")]
    [InlineData("time_projection.1.weight", "condition_embedder.time_proj.weight")]
    [InlineData("blocks.12.self_attn.o.bias", "blocks.12.attn1.to_out.0.bias")]
    [InlineData("blocks.0.cross_attn.norm_k.weight", "blocks.0.attn2.norm_k.weight")]
    [InlineData("blocks.3.norm3.weight", "blocks.3.norm2.weight")]
    [InlineData("blocks.29.ffn.0.weight", "blocks.29.ffn.net.0.proj.weight")]
    [InlineData("blocks.29.ffn.2.bias", "blocks.29.ffn.net.2.bias")]
    [InlineData("blocks.7.modulation", "blocks.7.scale_shift_table")]
    [InlineData("head.modulation", "scale_shift_table")]
    [InlineData("head.head.weight", "proj_out.weight")]
    public void Official_keys_map_to_the_diffusers_names(string official, string diffusers) =>
        Assert.Equal(diffusers, WanKeyMap.ToDiffusers(official));

    [Fact]
    public void Every_1_3B_key_has_a_distinct_diffusers_name()
    {
        using var model = new WanDiT(WanDiTConfig.T2V1_3B, device: new Device(DeviceType.META));
        var names = model.named_parameters().Select(p => WanKeyMap.ToDiffusers(p.name)).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Diffusers_named_single_file_and_sharded_folder_give_the_official_output()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var tmp = new TempDir();
        var keys = golden.WeightKeys.ToList();

        // One diffusers-named file
        var single = new SafetensorsWriter();
        foreach (var k in keys) using (var t = golden.Read(k)) single.Add(WanKeyMap.ToDiffusers(k), t);
        var file = tmp.File(WanWeights.SingleFileName);
        single.Save(file);

        // The same weights in two shards with an index, in a transformer/ folder
        var folder = Path.Combine(tmp.Path, "transformer");
        Directory.CreateDirectory(folder);
        var map = new Dictionary<string, string>();
        var shards = new[] { new SafetensorsWriter(), new SafetensorsWriter() };
        for (var i = 0; i < keys.Count; i++)
        {
            var shard = $"diffusion_pytorch_model-0000{i % 2 + 1}-of-00002.safetensors";
            var name = WanKeyMap.ToDiffusers(keys[i]);
            using (var t = golden.Read(keys[i])) shards[i % 2].Add(name, t);
            map[name] = shard;
        }
        shards[0].Save(Path.Combine(folder, "diffusion_pytorch_model-00001-of-00002.safetensors"));
        shards[1].Save(Path.Combine(folder, "diffusion_pytorch_model-00002-of-00002.safetensors"));
        File.WriteAllText(Path.Combine(folder, WanWeights.IndexFileName), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = map }));

        using var x = golden.Read("input.x");
        using var t0 = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var expected = golden.Read("output");
        using var _ = no_grad();
        foreach (var source in new[] { file, folder })
        {
            using var model = new WanDiT(golden.Config);
            var report = WanWeights.Load(model, source);
            Assert.Equal(WanKeyNaming.Diffusers, report.Naming);
            Assert.Equal(keys.Count, report.Loaded);
            Assert.Equal(source == folder ? 2 : 1, report.Files.Count);
            using var actual = model.forward(x, t0, context);
            Assert.True(WanDiTGolden.MaxAbsDiff(actual, expected) <= 1e-4, $"{source}: output differs from the reference");
        }
    }

    [Fact]
    public void Official_file_loads_with_its_own_names_and_reports_them()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var tmp = new TempDir();
        var w = new SafetensorsWriter();
        foreach (var k in golden.WeightKeys) using (var t = golden.Read(k)) w.Add(k, t);
        w.Save(tmp.File(WanWeights.SingleFileName));
        using var model = new WanDiT(golden.Config);

        var report = WanWeights.Load(model, tmp.Path); // the folder finds diffusion_pytorch_model.safetensors

        Assert.Equal(WanKeyNaming.Official, report.Naming);
        Assert.Empty(report.Unexpected);
        Assert.Equal(golden.WeightKeys.Count(), report.Loaded);
    }

    [Fact]
    public void A_file_with_other_tensors_is_refused_unless_allowed()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var model = new WanDiT(golden.Config);

        var e = Assert.Throws<WanWeightsException>(() => WanWeights.Load(model, golden.Path));

        Assert.Contains("tiny.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("input.context", e.Message, StringComparison.Ordinal);
        var report = WanWeights.Load(model, golden.Path, allowUnexpected: true);
        Assert.Contains("output", report.Unexpected);
    }

    [Fact]
    public void A_missing_weight_is_named_and_leaves_the_model_untouched()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var tmp = new TempDir();
        var w = new SafetensorsWriter();
        foreach (var k in golden.WeightKeys.Where(k => k != "blocks.1.ffn.2.bias")) using (var t = golden.Read(k)) w.Add(k, t);
        var path = tmp.File("partial.safetensors");
        w.Save(path);
        using var model = new WanDiT(golden.Config);
        var before = model.state_dict()["patch_embedding.weight"].clone();

        var e = Assert.Throws<WanWeightsException>(() => WanWeights.Load(model, path));

        Assert.Contains("blocks.1.ffn.2.bias", e.Message, StringComparison.Ordinal);
        Assert.Contains("partial.safetensors", e.Message, StringComparison.Ordinal);
        Assert.True(before.eq(model.state_dict()["patch_embedding.weight"]).all().item<bool>());
    }

    [Fact]
    public void Weights_of_another_size_are_refused_with_the_shapes()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var other = new WanDiT(golden.Config with { Dim = 48, FfnDim = 64 });

        var e = Assert.Throws<WanWeightsException>(() => WanWeights.Load(other, golden.Path, allowUnexpected: true));

        Assert.Contains("patch_embedding.weight", e.Message, StringComparison.Ordinal);
        Assert.Contains("[48, 4, 1, 2, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_naming_a_missing_shard_is_refused()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File(WanWeights.IndexFileName),
            """{"weight_map": {"proj_out.weight": "diffusion_pytorch_model-00001-of-00002.safetensors"}}""");
        using var model = new WanDiT(new WanDiTConfig(Dim: 32, FfnDim: 48, Heads: 2, Layers: 1, FreqDim: 16, TextDim: 24, TextLen: 8, InChannels: 4, OutChannels: 4));

        var e = Assert.Throws<WanWeightsException>(() => WanWeights.Load(model, tmp.Path));

        Assert.Contains("diffusion_pytorch_model-00001-of-00002.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_weights_is_refused()
    {
        using var tmp = new TempDir();
        using var model = new WanDiT(new WanDiTConfig(Dim: 32, FfnDim: 48, Heads: 2, Layers: 1, FreqDim: 16, TextDim: 24, TextLen: 8, InChannels: 4, OutChannels: 4));

        var e = Assert.Throws<WanWeightsException>(() => WanWeights.Load(model, tmp.Path));

        Assert.Contains(WanWeights.SingleFileName, e.Message, StringComparison.Ordinal);
    }
}

using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.IO;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>LoRA-only checkpoints: PEFT names, rank/alpha/targets in the metadata, and clear errors for files that do not fit.</summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanLoraFileTests
{
    private static WanLoraAdapter Trained(WanDiT model, WanLoraConfig config)
    {
        var adapter = WanLoraAdapter.Attach(model, config);
        manual_seed(3);
        using (no_grad())
        {
            foreach (var p in adapter.parameters()) p.copy_(randn(p.shape) * 0.1);
        }
        return adapter;
    }

    [Fact]
    public void Save_writes_only_A_and_B_under_PEFT_names_with_rank_alpha_and_targets()
    {
        using var dir = new TempDir();
        using var model = WanLoraTiny.Model(1);
        using var adapter = Trained(model, new WanLoraConfig(Rank: 4, Alpha: 16, Targets: ["self_attn.q", "ffn.*"]));
        var file = dir.File("lora.safetensors");

        WanLoraFile.Save(adapter, file);

        using var reader = SafetensorsReader.Open(file);
        Assert.Equal(
            new[] { "blocks.0.ffn.0", "blocks.0.ffn.2", "blocks.0.self_attn.q", "blocks.1.ffn.0", "blocks.1.ffn.2", "blocks.1.self_attn.q" }
                .SelectMany(m => new[] { m + ".lora_A.weight", m + ".lora_B.weight" }).Order(StringComparer.Ordinal),
            reader.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("4", reader.Metadata["rank"]);
        Assert.Equal("16", reader.Metadata["alpha"]);
        Assert.Equal("[\"self_attn.q\",\"ffn.*\"]", reader.Metadata["targets"]);
        using var a = reader.ReadTensor("blocks.1.ffn.2.lora_A.weight");
        Assert.True(WanLoraTiny.Same(a, adapter["blocks.1.ffn.2"].A));
    }

    [Fact]
    public void Load_restores_the_adapter_onto_a_fresh_base_model()
    {
        using var dir = new TempDir();
        var file = dir.File("lora.safetensors");
        var (x, t, context) = WanLoraTiny.Inputs(5);
        Tensor expected;
        using (var model = WanLoraTiny.Model(1))
        using (var adapter = Trained(model, new WanLoraConfig(Rank: 4, Alpha: 16, Targets: ["cross_attn.*", "ffn.2"])))
        {
            WanLoraFile.Save(adapter, file);
            using var _ = no_grad();
            expected = model.forward(x, t, context);
        }

        using var fresh = WanLoraTiny.Model(1);
        using var loaded = WanLoraFile.Load(fresh, file);
        using var __ = no_grad();
        using var actual = fresh.forward(x, t, context);

        Assert.Equal(4, loaded.Config.Rank);
        Assert.Equal(16, loaded.Config.Alpha);
        Assert.Equal(["cross_attn.*", "ffn.2"], loaded.Config.EffectiveTargets);
        Assert.Equal(2 * 5, loaded.ModuleNames.Count);
        Assert.True(WanLoraTiny.Same(actual, expected), "the loaded adapter must compute exactly what the saved one did");
        Assert.All(fresh.parameters(), p => Assert.False(p.requires_grad));
        expected.Dispose();
    }

    [Fact]
    public void An_existing_file_is_replaced_only_when_asked()
    {
        using var dir = new TempDir();
        using var model = WanLoraTiny.Model(1);
        using var adapter = Trained(model, new WanLoraConfig(Rank: 2, Alpha: 2));
        var file = dir.File("lora.safetensors");
        File.WriteAllText(file, "mine");

        var error = Assert.Throws<OutputExistsException>(() => WanLoraFile.Save(adapter, file));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
        WanLoraFile.Save(adapter, file, overwrite: true);
        using var reader = SafetensorsReader.Open(file);
        Assert.Equal(2 * 2 * 10, reader.Tensors.Count);
    }

    [Fact]
    public void A_file_for_a_wider_model_is_refused_naming_the_key_and_the_model_stays_untouched()
    {
        using var dir = new TempDir();
        var file = dir.File("wide.safetensors");
        using (var wide = WanLoraTiny.Model(1, WanLoraTiny.Config with { Dim = 48, Heads = 4 }))
        using (var adapter = Trained(wide, new WanLoraConfig(Rank: 2, Alpha: 2, Targets: ["self_attn.q"])))
            WanLoraFile.Save(adapter, file);

        using var model = WanLoraTiny.Model(1);
        var error = Assert.Throws<WanWeightsException>(() => WanLoraFile.Load(model, file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("'blocks.0.self_attn.q.lora_A.weight'", error.Message, StringComparison.Ordinal);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        using var again = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 2, Alpha: 2)); // nothing was attached
    }

    [Fact]
    public void A_file_for_a_deeper_model_is_refused_naming_the_missing_layer()
    {
        using var dir = new TempDir();
        var file = dir.File("deep.safetensors");
        using (var deep = WanLoraTiny.Model(1, WanLoraTiny.Config with { Layers = 3 }))
        using (var adapter = Trained(deep, new WanLoraConfig(Rank: 2, Alpha: 2, Targets: ["ffn.0"])))
            WanLoraFile.Save(adapter, file);

        using var model = WanLoraTiny.Model(1);
        var error = Assert.Throws<WanWeightsException>(() => WanLoraFile.Load(model, file));
        Assert.Contains("'blocks.2.ffn.0.lora_A.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diffusers_names_with_a_prefix_load_onto_the_matching_linears_and_alpha_can_come_from_the_caller()
    {
        using var dir = new TempDir();
        var file = dir.File("diffusers.safetensors");
        manual_seed(9);
        using var a = randn(3L, 32);
        using var b = randn(32L, 3);
        var writer = new SafetensorsWriter();
        writer.Add("transformer.blocks.1.attn2.to_out.0.lora_A.weight", a);
        writer.Add("transformer.blocks.1.attn2.to_out.0.lora_B.weight", b);
        writer.Save(file);

        using var model = WanLoraTiny.Model(1);
        var missing = Assert.Throws<WanWeightsException>(() => WanLoraFile.Load(model, file));
        Assert.Contains("alpha", missing.Message, StringComparison.Ordinal);
        using var adapter = WanLoraFile.Load(model, file, alpha: 6);

        Assert.Equal(["blocks.1.cross_attn.o"], adapter.ModuleNames);
        Assert.Equal(2.0, adapter.Config.Scale);
        Assert.True(WanLoraTiny.Same(adapter["blocks.1.cross_attn.o"].A, a));
        Assert.True(WanLoraTiny.Same(adapter["blocks.1.cross_attn.o"].B, b));
    }

    [Fact]
    public void A_key_that_is_not_a_LoRA_tensor_is_named()
    {
        using var dir = new TempDir();
        var file = dir.File("full.safetensors");
        using var w = zeros(32L, 32);
        new SafetensorsWriter().Add("blocks.0.self_attn.q.weight", w).Save(file);
        using var model = WanLoraTiny.Model(1);
        var error = Assert.Throws<WanWeightsException>(() => WanLoraFile.Load(model, file, alpha: 1));
        Assert.Contains("'blocks.0.self_attn.q.weight' is not a LoRA tensor", error.Message, StringComparison.Ordinal);
    }
}

using TorchSharp;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.IO;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class CheckpointTests
{
    [Fact]
    public void A_saved_model_loads_back_exactly_with_its_config_in_the_metadata()
    {
        using var dir = new TempDir();
        var path = dir.File("model.safetensors");
        var cfg = TestConfig();
        using var a = NewModel(cfg, Depth);
        Randomize(a, 1);
        ModelCheckpoint.Save(path, a, new Dictionary<string, string> { ["step"] = "1200" });

        var info = ModelCheckpoint.ReadInfo(path);
        using var b = new UnityDiT(info.Config, [Depth]);
        var report = ModelCheckpoint.Load(path, b);

        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(cfg.HiddenSize, info.Config.HiddenSize);
        Assert.Equal(new Dictionary<string, int> { ["rgb"] = 3, ["depth"] = 1 }, info.StreamChannels);
        Assert.Equal("1200", info.Metadata["step"]);
        var pb = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in a.named_parameters())
            Assert.True(p.equal(pb[name]).all().item<bool>(), name);
        using var reader = SafetensorsReader.Open(path);
        Assert.Contains("blocks.1.attn.qkv.weight", reader.Tensors.Keys);
        Assert.Contains("switcher.depth", reader.Tensors.Keys);
    }

    [Fact]
    public void A_checkpoint_loads_into_a_model_with_an_extra_modality_and_reports_the_new_slot()
    {
        using var dir = new TempDir();
        var path = dir.File("old.safetensors");
        var cfg = TestConfig();
        using var old = NewModel(cfg, Depth);
        Randomize(old, 2);
        ModelCheckpoint.Save(path, old);

        using var grown = NewModel(cfg, Depth, Flow);
        var report = ModelCheckpoint.Load(path, grown);

        Assert.True(report.IsCompatible, report.ToString());
        Assert.False(report.IsExact);
        Assert.Equal(["flow"], report.NewSwitcherSlots);
        Assert.Equal(["flow"], report.NewModalities);
        Assert.Equal(["patch_embeds.flow.weight", "patch_embeds.flow.bias", "switcher.flow", "heads.flow.weight", "heads.flow.bias"], report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Equal(0.0, MaxAbs(grown.Switcher.Slot("flow")));
        var oldParams = old.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in grown.named_parameters().Where(p => !report.Missing.Contains(p.name)))
            Assert.True(p.equal(oldParams[name]).all().item<bool>(), name);
    }

    [Fact]
    public void Unexpected_and_mismatched_tensors_are_reported_not_loaded()
    {
        using var dir = new TempDir();
        var path = dir.File("other.safetensors");
        using var wide = NewModel(TestConfig(), Depth, Flow);
        Randomize(wide, 3);
        ModelCheckpoint.Save(path, wide);
        var cfg = TestConfig();
        cfg.MaxPromptTokens = 12; // text positions differ
        using var model = NewModel(cfg, Depth);
        using var before = model.named_parameters().Single(p => p.name == "text_encoder.pos_embed").parameter.clone();

        var report = ModelCheckpoint.Load(path, model);

        Assert.False(report.IsCompatible);
        Assert.Contains("switcher.flow", report.Unexpected);
        var mismatch = Assert.Single(report.ShapeMismatches);
        Assert.Equal("text_encoder.pos_embed", mismatch.Key);
        Assert.Equal([12L, cfg.TextDim], mismatch.Expected);
        Assert.Equal([8L, cfg.TextDim], mismatch.Found);
        Assert.True(before.equal(model.named_parameters().Single(p => p.name == "text_encoder.pos_embed").parameter).all().item<bool>());
    }
}

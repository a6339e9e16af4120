using System.Text.Json;
using TorchSharp;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.IO;
using UnityVideo.Host.Benchmarks;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Demo;
using UnityVideo.Host.Training;
using UnityVideo.Tests.Cli;
using UnityVideo.Tests.Host;

namespace UnityVideo.Tests.Backbones;

/// <summary><c>Model:Backbone</c> and <c>Model:Wan</c>: validation, the DI API, and the verbs.</summary>
public sealed class WanBackboneConfigurationTests
{
    private static readonly string[] TinyWan =
    [
        "Model:Backbone=wan", "Model:Wan:Size=custom", "Model:Wan:Dim=32", "Model:Wan:FfnDim=48", "Model:Wan:Heads=2", "Model:Wan:Layers=2",
        "Model:Wan:FreqDim=16", "Model:Wan:TextDim=24", "Model:Wan:TextLen=8", "Model:Wan:LatentChannels=16", "Model:Wan:LoraRank=2",
    ];

    [Theory]
    [InlineData("Model:Wan:Heads=5", "Model:Wan:Heads")]
    [InlineData("Model:Wan:Size=t2v-2b", "Model:Wan:Size")]
    [InlineData("Model:Wan:LoraRank=-1", "Model:Wan:LoraRank")]
    [InlineData("Model:Wan:LoraDropout=1", "Model:Wan:LoraDropout")]
    [InlineData("Model:Wan:NewModulesLearningRateScale=-1", "Model:Wan:NewModulesLearningRateScale")]
    [InlineData("Model:Backbone=unet", "Model:Backbone")]
    public void A_bad_backbone_value_is_one_error_naming_its_key(string bad, string key)
    {
        var e = Assert.Throws<UnityVideoConfigurationException>(() => HostFactory.Start(null, [.. TinyWan, bad]));

        var error = Assert.Single(e.Errors);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void The_DI_trainer_runs_over_the_configured_backbone()
    {
        HostFactory.Start(null, out var wanServices, TinyWan);
        HostFactory.Start(null, out var ditServices);
        using var wan = wanServices.BuildServiceProvider();
        using var dit = ditServices.BuildServiceProvider();

        Assert.Equal("wan", wan.GetRequiredService<TrainingService>().CreateTrainer().Backbone);
        Assert.Equal("dit", dit.GetRequiredService<TrainingService>().CreateTrainer().Backbone);
    }

    [Fact]
    public void DI_services_that_need_the_pixel_DiT_refuse_the_Wan_backbone_with_one_message()
    {
        HostFactory.Start(null, out var services, TinyWan);
        using var provider = services.BuildServiceProvider();

        var demo = Assert.Throws<UnsupportedBackboneException>(() => provider.GetRequiredService<DemoRunner>().Run(new DemoRequest { OutputDirectory = "unused" }));
        var bench = Assert.Throws<UnsupportedBackboneException>(() => provider.GetRequiredService<BenchmarkService>().Train());
        Assert.Contains("Model:Backbone=dit", demo.Message, StringComparison.Ordinal);
        Assert.Contains("The model benchmarks", bench.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verb_that_needs_the_pixel_DiT_refuses_the_Wan_backbone_with_one_message()
    {
        var r = CliRunner.Run(["bench", "train", .. TinyWan.SelectMany(s => new[] { "--set", s })]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'unityvideo bench' works with the pixel DiT backbone only", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_summary_counts_the_Wan_model_the_configuration_builds_trunk_LoRA_new_modules_and_what_trains()
    {
        var r = CliRunner.Run(["model", "summary", "--json", .. TinyWan.SelectMany(s => new[] { "--set", s }), "--set", "Modalities:Enabled:0=depth"]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("component").GetString()!, c => c.GetProperty("parameters").GetInt64());
        torch.manual_seed(0);
        using var trunk = new WanDiT(WanUnityConfig.FromJson(doc.RootElement.GetProperty("config").GetRawText()).Trunk());
        Assert.Equal(trunk.parameters().Sum(p => p.numel()), rows["trunk (Wan2.1)"]);
        Assert.Equal(2 * 2 * 10 * (32 + 32) + 2 * 2 * 2 * (48 - 32), rows["LoRA adapters"]); // rank 2 on 10 linears per block, 2 blocks (ffn.0: 32→48, ffn.2: 48→32)
        Assert.True(rows["modality patch embeds"] > 0 && rows["modality heads"] > 0);
        Assert.Equal(rows.Values.Sum(), doc.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(rows.Where(p => p.Key != "trunk (Wan2.1)").Sum(p => p.Value), doc.RootElement.GetProperty("trainable").GetInt64()); // LoRA freezes the trunk
    }

    [Fact]
    public void A_Wan_model_file_given_to_a_pixel_DiT_reader_is_one_error_naming_its_backbone()
    {
        using var dir = new TempDir();
        var path = dir.File("wan.safetensors");
        using (var model = UnityWanTiny.Model(1)) ModelCheckpoint.Save(path, model);

        var e = Assert.Throws<SafetensorsFormatException>(() => ModelCheckpoint.ReadInfo(path));
        Assert.Contains("'wan' backbone", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        using var reader = SafetensorsReader.Open(path);
        Assert.Equal("wan", reader.Metadata[CheckpointFormat.BackboneKey]);
    }

    [Fact]
    public void Train_on_the_Wan_backbone_from_the_command_line_writes_a_wan_model_and_its_configuration()
    {
        using var dir = new TempDir();
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        using var vae = UnityWanData.RandomTinyVae();
        var latents = UnityWanData.Latents(dir, registry, vae, textDim: 24);
        var run = dir.File("run");

        // LoRA on two kinds of linear only; the new modules held at their zero start by a learning-rate multiplier of 0
        string[] settings = [.. TinyWan, "Modalities:Enabled:0=depth", "Training:BatchSize=2", "Model:Wan:LoraTargets:0=self_attn.q", "Model:Wan:LoraTargets:1=ffn.0",
            "Model:Wan:LoraDropout=0.1", "Model:Wan:NewModulesLearningRateScale=0"];
        var r = CliRunner.Run(["train", "--data", latents, "--out", run, "--steps", "2", .. settings.SelectMany(s => new[] { "--set", s })]);

        Assert.True(r.ExitCode == 0, r.Stderr);
        var info = SafetensorsReader.Open(Path.Combine(run, "model.safetensors"));
        using (info)
        {
            Assert.Equal("wan", info.Metadata[CheckpointFormat.BackboneKey]);
            Assert.Equal(WanUnityConfig.Custom, WanUnityConfig.FromJson(info.Metadata[CheckpointFormat.ConfigKey]).Size);
            Assert.Contains("patch_embeds.depth.weight", info.Tensors.Keys);
            var adapters = info.Tensors.Keys.Where(k => k.StartsWith("lora.", StringComparison.Ordinal) && k.EndsWith(".lora_B.weight", StringComparison.Ordinal)).ToList();
            Assert.Equal(["lora.blocks_0_ffn_0.lora_B.weight", "lora.blocks_0_self_attn_q.lora_B.weight", "lora.blocks_1_ffn_0.lora_B.weight", "lora.blocks_1_self_attn_q.lora_B.weight"],
                adapters.Order(StringComparer.Ordinal));
            Assert.True(adapters.Any(k => info.ReadTensor(k).abs().max().item<float>() > 0), "the adapters trained");
            Assert.Equal(0f, info.ReadTensor("patch_embeds.depth.weight").abs().max().item<float>());
            Assert.Equal(0f, info.ReadTensor("joint_gates").abs().max().item<float>());
        }
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.Equal("wan", config.RootElement.GetProperty("Model").GetProperty("backbone").GetString());
    }
}

using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Checkpoints;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Tests.Host;
using UnityVideo.Tests.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// UnityVideo on a tiny Wan trunk, end to end on the CPU through the real trainer: synthetic clips → a random tiny
/// VAE → latent dataset (+ precomputed text embeddings) → LoRA training with the dynamic-noising task router →
/// checkpoint → resume → the model file → depth estimated from an RGB latent with the Euler sampler → decoded.
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class UnityWanTrainingSmokeTests
{
    private static WanUnityConfig Config() => new()
    {
        Size = WanUnityConfig.Custom, Dim = 32, FfnDim = 48, Heads = 2, Layers = 2, FreqDim = 16, TextDim = 24, TextLen = 8,
        LatentChannels = 16, LoraRank = 2, LoraAlpha = 2,
    };

    [Fact]
    public void Tiny_Wan_model_trains_with_LoRA_resumes_bit_for_bit_and_estimates_depth_that_decodes_to_a_clip()
    {
        using var dir = new TempDir();
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        using var vae = UnityWanData.RandomTinyVae();
        var latents = UnityWanData.Latents(dir, registry, vae, Config().TextDim);
        var backbone = new WanTrainingBackbone(Config());
        Trainer Wan() => new(backbone, registry, Options(4, checkpointEvery: 2), cacheBytes: 0);

        // 1. Four steps straight; two, stopped, then resumed for two more
        var straight = Wan().Run(Request(latents, dir.File("straight")));
        using var cts = new CancellationTokenSource();
        var stopped = Wan().Run(Request(latents, dir.File("split")), new SyncProgress(p => { if (p.Note is null && p.Step == 2) cts.Cancel(); }), cts.Token);
        var resumed = Wan().Run(Request(latents, dir.File("split"), resume: true));

        Assert.True(straight.Completed);
        Assert.Equal(2, stopped.Step);
        Assert.Equal(2, resumed.ResumedFrom);
        var metrics = TrainerTests.ReadMetrics(straight.MetricsPath);
        Assert.Equal(4, metrics.Count);
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.Loss) && m.Loss > 0, $"step {m.Step} loss {m.Loss}"));
        static string Line(TrainingMetric m) => $"{m.Step} {m.Task} {m.Modality} {m.Loss:R} {m.GradNorm:R}";
        Assert.Equal(metrics.Select(Line), TrainerTests.ReadMetrics(resumed.MetricsPath).Select(Line));
        using (var a = SafetensorsReader.Open(straight.Checkpoint!))
        using (var b = SafetensorsReader.Open(resumed.Checkpoint!))
        {
            Assert.Equal("wan", a.Metadata[CheckpointFormat.BackboneKey]);
            Assert.Contains("lora.blocks_1_ffn_2.lora_B.weight", a.Tensors.Keys);
            foreach (var name in a.Tensors.Keys) Assert.True(a.ReadBytes(name).AsSpan().SequenceEqual(b.ReadBytes(name)), $"tensor {name} differs");
        }

        // 2. LoRA kept the trunk as it was built; the adapters and the new stream parameters moved
        torch.manual_seed(Options(4).Seed);
        var prompts = backbone.OpenPrompts(latents);
        using var data = backbone.OpenData(latents, registry, 0, 0);
        using var model = (UnityWan)backbone.Build(registry, prompts, data, freshStart: true);
        var fresh = ModelCheckpoint.ModelTensors(model).ToDictionary(p => p.Name, p => p.Tensor.detach().clone());
        ModelCheckpoint.LoadExact(straight.ModelPath!, model);
        var trained = ModelCheckpoint.ModelTensors(model).ToDictionary(p => p.Name, p => p.Tensor);
        Assert.True(WanLoraTiny.Same(fresh["base.blocks.0.self_attn.q.weight"], trained["base.blocks.0.self_attn.q.weight"]));
        Assert.False(WanLoraTiny.Same(fresh["lora.blocks_0_self_attn_q.lora_B.weight"], trained["lora.blocks_0_self_attn_q.lora_B.weight"]));
        Assert.False(WanLoraTiny.Same(fresh["patch_embeds.depth.weight"], trained["patch_embeds.depth.weight"]));

        // 3. Estimation: depth latents from an RGB latent, Euler from t = 1, decoded by the VAE
        model.eval();
        var clip = LatentClip.Load(Path.Combine(latents, DatasetManifest.Read(Path.Combine(latents, DatasetManifest.FileName))[0].File));
        var rgb = clip.Latents["rgb"].unsqueeze(0);                                                   // [1, 16, 2, 4, 4]
        var depthPrompt = registry.Get("depth").Prompts[0];
        var sampled = FlowSampler.Sample(model, [
            SampleStream.Given("rgb", rgb, prompts.Encode([clip.Caption])),
            SampleStream.Generate("depth", rgb.shape, prompts.Encode([depthPrompt])),
        ], new SamplerOptions { Steps = 2, EstimationSteps = 2 }, seed: 1);
        var depth = sampled[1];
        var frames = VaeFrames.ToRgb(vae.Decode(depth), clip.Frames);                                  // [5, 32, 32, 3]

        Assert.True(WanLoraTiny.Same(rgb, sampled[0]), "the given RGB stays as given");
        Assert.Equal(rgb.shape, depth.shape);
        Assert.True(depth.isfinite().all().item<bool>());
        Assert.Equal([5L, 32, 32, 3], frames.shape);
        Assert.Equal(uint8, frames.dtype);
    }

    [Fact]
    public void A_fresh_run_starts_from_the_trunk_weights_named_in_the_configuration_and_a_missing_file_is_named()
    {
        using var dir = new TempDir();
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        using var vae = UnityWanData.RandomTinyVae();
        var latents = UnityWanData.Latents(dir, registry, vae, Config().TextDim);
        var trunkFile = WriteTrunk(dir.File("trunk.safetensors"), seed: 42);
        var config = Config();
        config.Weights = trunkFile;

        var result = new Trainer(new WanTrainingBackbone(config), registry, Options(1), cacheBytes: 0).Run(Request(latents, dir.File("run")));
        config.Weights = dir.File("moved.safetensors");
        var missing = Assert.Throws<TrainingException>(() =>
            new Trainer(new WanTrainingBackbone(config), registry, Options(1), cacheBytes: 0).Run(Request(latents, dir.File("other"))));

        using var model = BuildUntrained(registry, latents, Config());
        ModelCheckpoint.LoadExact(result.ModelPath!, model);
        using var file = SafetensorsReader.Open(trunkFile);
        var live = ModelCheckpoint.ModelTensors(model).ToDictionary(p => p.Name, p => p.Tensor);
        foreach (var name in file.Tensors.Keys)
            Assert.True(WanLoraTiny.Same(file.ReadTensor(name), live["base." + name]), $"base.{name} is not the file's (LoRA keeps the trunk frozen)");
        Assert.Contains("Model:Wan:Weights", missing.Message, StringComparison.Ordinal);
        Assert.Contains("moved.safetensors", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoRA_checkpoints_leave_the_frozen_trunk_in_its_file_resume_from_a_moved_copy_and_refuse_other_weights()
    {
        using var dir = new TempDir();
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        using var vae = UnityWanData.RandomTinyVae();
        var latents = UnityWanData.Latents(dir, registry, vae, Config().TextDim);
        var trunkFile = WriteTrunk(dir.File("trunk.safetensors"), seed: 42);
        var config = Config();
        config.Weights = trunkFile;
        Trainer Wan(WanUnityConfig c) => new(new WanTrainingBackbone(c), registry, Options(4, checkpointEvery: 2), cacheBytes: 0);

        // 1. Four steps straight; two, stopped, the trunk moved, resumed for two more from the moved copy
        var straight = Wan(config).Run(Request(latents, dir.File("straight")));
        using var cts = new CancellationTokenSource();
        var stopped = Wan(config).Run(Request(latents, dir.File("split")), new SyncProgress(p => { if (p.Note is null && p.Step == 2) cts.Cancel(); }), cts.Token);
        var moved = dir.File("moved.safetensors");
        File.Move(trunkFile, moved);
        var resumedConfig = Config();
        resumedConfig.Weights = moved;
        var resumed = Wan(resumedConfig).Run(Request(latents, dir.File("split"), resume: true));

        Assert.Equal(2, stopped.Step);
        Assert.Equal(2, resumed.ResumedFrom);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(moved)));
        foreach (var path in new[] { straight.Checkpoint!, straight.ModelPath!, resumed.Checkpoint! })
        {
            using var reader = SafetensorsReader.Open(path);
            Assert.DoesNotContain(reader.Tensors.Keys, k => k.StartsWith("base.", StringComparison.Ordinal));
            Assert.Contains("lora.blocks_1_ffn_2.lora_B.weight", reader.Tensors.Keys);
            Assert.Contains(sha, reader.Metadata[BaseWeights.MetadataKey], StringComparison.Ordinal);
        }
        using (var a = SafetensorsReader.Open(straight.Checkpoint!))
        using (var b = SafetensorsReader.Open(resumed.Checkpoint!))
            foreach (var name in a.Tensors.Keys) Assert.True(a.ReadBytes(name).AsSpan().SequenceEqual(b.ReadBytes(name)), $"tensor {name} differs after resuming from the moved trunk");

        // 2. The model file, with the trunk where the run left it named by the configuration; other weights there are refused
        using var model = BuildUntrained(registry, latents, resumedConfig);
        ModelCheckpoint.LoadExact(straight.ModelPath!, model);
        using (var trunk = SafetensorsReader.Open(moved))
            Assert.True(WanLoraTiny.Same(trunk.ReadTensor("blocks.0.self_attn.q.weight"), ModelCheckpoint.ModelTensors(model).First(p => p.Name == "base.blocks.0.self_attn.q.weight").Tensor));
        WriteTrunk(moved, seed: 43);
        var changed = Assert.Throws<SafetensorsFormatException>(() => ModelCheckpoint.LoadExact(straight.ModelPath!, model));
        Assert.Contains(moved, changed.Message, StringComparison.Ordinal);
        Assert.Contains("Model:Wan:Weights", changed.Message, StringComparison.Ordinal);
        using var unconfigured = BuildUntrained(registry, latents, Config());
        var gone = Assert.Throws<SafetensorsFormatException>(() => ModelCheckpoint.LoadExact(straight.ModelPath!, unconfigured));
        Assert.Contains(trunkFile, gone.Message, StringComparison.Ordinal); // the recorded place, which no longer holds it
        Assert.Contains("does not exist", gone.Message, StringComparison.Ordinal);
    }

    private static string WriteTrunk(string path, int seed) => UnityWanData.WriteTrunk(path, Config().Trunk(), seed);

    // The model a run with this configuration trains (LoRA attached), its trunk not loaded from any file.
    private static UnityWan BuildUntrained(ModalityRegistry registry, string latents, WanUnityConfig config)
    {
        var backbone = new WanTrainingBackbone(config);
        var prompts = backbone.OpenPrompts(latents);
        using var data = backbone.OpenData(latents, registry, 0, 0);
        return (UnityWan)backbone.Build(registry, prompts, data, freshStart: false);
    }

    [Fact]
    public void A_prompt_without_a_precomputed_embedding_is_one_error_quoting_it()
    {
        using var dir = new TempDir();
        var path = dir.File(WanTextEmbeddings.FileName);
        WanTextEmbeddings.Write(path, new Dictionary<string, Tensor> { [""] = torch.zeros(1, 24), ["depth map"] = torch.ones(3, 24) }, "test");
        var store = WanTextEmbeddings.Open(path);

        var e = Assert.Throws<DatasetFormatException>(() => store.Encode(["depth map", "a red box rolls left"]));
        Assert.Contains("\"a red box rolls left\"", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        var ok = store.Encode(["depth map", ""]);
        Assert.Equal([2L, 3, 24], ok.Embeddings!.shape);
        Assert.Equal(new[] { true, true, true, true, false, false }, ok.Mask.data<bool>().ToArray());
    }

    [Fact]
    public void Training_on_pixel_clips_with_the_Wan_backbone_says_the_data_must_be_latents()
    {
        using var dir = new TempDir();
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        var pixels = Dataset(dir.File("clips"), clips: 1, size: 16, frames: 4);
        var trainer = new Trainer(new WanTrainingBackbone(Config()), registry, Options(1), cacheBytes: 0);

        var e = Assert.Throws<DatasetFormatException>(() => trainer.Run(Request(pixels, dir.File("run"))));
        Assert.Contains("not a latent clip", e.Message, StringComparison.Ordinal);
    }
}

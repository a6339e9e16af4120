using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Data;
using UnityVideo.Core.Inference;
using UnityVideo.Core.IO;
using UnityVideo.Core.Training;
using UnityVideo.Host;
using UnityVideo.Host.Inference;
using UnityVideo.Tests.Cli;
using UnityVideo.Tests.Host;
using UnityVideo.Tests.Web;
using static TorchSharp.torch;
using static UnityVideo.Tests.Training.TrainingTestKit;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// A UnityVideo-on-Wan model trained by the real trainer (tiny trunk, LoRA, random tiny VAE), then used as a user would:
/// through the DI pipeline and the CLI verbs, on pixel clips, with the VAE and the text embeddings named in configuration.
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanInferenceTests
{
    private static WanUnityConfig Config(string trunk) => new()
    {
        Size = WanUnityConfig.Custom, Dim = 32, FfnDim = 48, Heads = 2, Layers = 2, FreqDim = 16, TextDim = 24, TextLen = 8,
        LatentChannels = 16, LoraRank = 2, LoraAlpha = 2, Weights = trunk,
    };

    private sealed record Trained(string Clips, string Model, string Vae, string Texts, string Trunk);

    // Trains 2 LoRA steps on the latents of three 5-frame 32² clips; the VAE is saved where a user's would be.
    private static Trained Train(TempDir dir)
    {
        var registry = HostFactory.Start().Catalog.All.Subset(["depth"]);
        using var vae = UnityWanData.RandomTinyVae();
        var latents = UnityWanData.Latents(dir, registry, vae, textDim: 24);
        var vaeFile = dir.File("vae.safetensors");
        var writer = new SafetensorsWriter();
        foreach (var (name, p) in vae.named_parameters()) writer.Add(name, p);
        writer.Save(vaeFile);
        var trunk = UnityWanData.WriteTrunk(dir.File("trunk.safetensors"), Config("").Trunk(), seed: 42);
        var result = new Trainer(new WanTrainingBackbone(Config(trunk)), registry, Options(2), cacheBytes: 0).Run(Request(latents, dir.File("run")));
        return new Trained(dir.File("clips"), result.ModelPath!, vaeFile, Path.Combine(latents, WanTextEmbeddings.FileName), trunk);
    }

    private static ServiceProvider Provider(Trained t, string? vae = null) => new ServiceCollection()
        .AddUnityVideo(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Model:Wan:Vae"] = vae ?? t.Vae, ["Model:Wan:TextEmbeddings"] = t.Texts,
            ["Sampling:Steps"] = "2", ["Sampling:EstimationSteps"] = "1", ["Sampling:CfgScale"] = "2",
        }).Build())
        .BuildServiceProvider();

    [Fact]
    public async Task A_Wan_model_estimates_generates_under_control_and_is_evaluated_on_pixel_clips_through_the_pipeline()
    {
        using var dir = new TempDir();
        var t = Train(dir);
        using var provider = Provider(t);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        var clip = Path.Combine(t.Clips, DatasetManifest.Read(Path.Combine(t.Clips, DatasetManifest.FileName))[0].File);
        using var stored = ClipFile.Read(clip);

        // Estimation: depth of a clip's RGB, in the depth plugin's stored form at the clip's size
        using var estimated = await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = t.Model, Input = clip, Modalities = ["depth"] });
        Assert.Contains("Wan", estimated.Model, StringComparison.Ordinal);
        Assert.Equal(stored.Get("depth")!.shape, estimated.Modalities["depth"].shape);
        Assert.True(estimated.Modalities["depth"].isfinite().all().item<bool>());

        // A whole video, longer than the model's 5 frames: estimated in overlapping windows, every frame kept
        var video = dir.File("walk.mp4");
        using (var frames = torch.cat([stored.Rgb, stored.Rgb.flip(0)], 0)) Core.Video.Mp4Writer.Write(video, frames, 8); // [10, 32, 32, 3]
        using var fromVideo = await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = t.Model, Input = video, Modalities = ["depth"] });
        Assert.Equal([10L, 32, 32], fromVideo.Modalities["depth"].shape);

        // Controllable generation from the clip itself (its depth), and joint generation from its caption
        using var controlled = await pipeline.GenerateAsync(new GenerationRequest { Checkpoint = t.Model, Prompt = stored.Metadata.Caption, Control = clip, Modalities = ["depth"] });
        Assert.Equal(stored.Rgb.shape, controlled.Rgb.shape);
        Assert.Equal(uint8, controlled.Rgb.dtype);
        Assert.True(WanLoraTiny.Same(stored.Get("depth")!, controlled.Modalities["depth"]), "the control comes back as given");
        using var joint = await pipeline.GenerateAsync(new GenerationRequest { Checkpoint = t.Model, Prompt = stored.Metadata.Caption });
        Assert.Equal(stored.Rgb.shape, joint.Rgb.shape);
        Assert.Equal(stored.Get("depth")!.shape, joint.Modalities["depth"].shape);

        // A caption nobody precomputed is one error quoting it
        var unknown = await Assert.ThrowsAsync<InferenceException>(() => pipeline.GenerateAsync(new GenerationRequest { Checkpoint = t.Model, Prompt = "a purple giraffe" }));
        Assert.Contains("\"a purple giraffe\"", unknown.Message, StringComparison.Ordinal);

        // UniBench on the pixel clips: estimation, control, joint and the other-clip baseline all measured
        var report = pipeline.Evaluate(t.Model, t.Clips, dir.File("eval"), clips: 2, videoPanels: false);
        Assert.Equal(2, report.Clips);
        Assert.True(double.IsFinite(report.Estimation["depth"]["abs_rel"]));
        Assert.True(double.IsFinite(report.Control["depth"]["abs_rel"]));
        Assert.True(double.IsFinite(report.Joint["depth"]["abs_rel"]));
        Assert.Contains("depth", report.Baselines.Keys);
        Assert.True(File.Exists(Path.Combine(dir.File("eval"), "report.md")));
    }

    [Fact]
    public void The_web_page_serves_a_Wan_model_an_estimate_of_a_sample_clip_as_an_MP4()
    {
        using var dir = new TempDir();
        var t = Train(dir);
        using var serve = new ServeProcess(t.Model, dir.File("work"), "--samples", t.Clips, "--vae", t.Vae, "--text-embeddings", t.Texts, "--set", "Sampling:EstimationSteps=1");
        using var http = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromMinutes(2) };

        var info = ServeHttp.Get(http, "/api/info");
        var job = ServeHttp.Finished(http, ServeHttp.Post(http, "/api/estimate", ("sample", "0"), ("modalities", "depth")));

        Assert.Equal(5, info.GetProperty("frames").GetInt32());
        Assert.Contains("Wan", info.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.File("work"), "jobs", job, "estimate.depth.mp4")), serve.Output);
    }

    [Fact]
    public void The_CLI_estimates_with_a_Wan_model_given_its_VAE_and_text_embeddings_and_names_a_missing_one()
    {
        using var dir = new TempDir();
        var t = Train(dir);
        var clip = Path.Combine(t.Clips, DatasetManifest.Read(Path.Combine(t.Clips, DatasetManifest.FileName))[0].File);
        var outDir = dir.File("out");

        var r = CliRunner.Run("estimate", "--checkpoint", t.Model, "--input", clip, "--modality", "depth", "--out", outDir, "--format", "safetensors", "gif",
            "--vae", t.Vae, "--text-embeddings", t.Texts, "--steps", "1");
        var noVae = CliRunner.Run("estimate", "--checkpoint", t.Model, "--input", clip, "--modality", "depth", "--out", dir.File("out2"), "--format", "gif",
            "--text-embeddings", t.Texts);

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("(Wan, step 2, ema weights)", r.Stdout, StringComparison.Ordinal);
        var name = Path.GetFileNameWithoutExtension(clip);
        Assert.True(File.Exists(Path.Combine(outDir, $"{name}.depth.safetensors")));
        Assert.True(File.Exists(Path.Combine(outDir, $"{name}.depth.gif")));
        Assert.Equal(1, noVae.ExitCode);
        Assert.Contains("--vae", noVae.Stderr, StringComparison.Ordinal);
        Assert.Contains("Model:Wan:Vae", noVae.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out2")) && Directory.EnumerateFileSystemEntries(dir.File("out2")).Any(), "nothing written on error");
    }
}

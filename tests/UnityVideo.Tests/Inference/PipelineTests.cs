using UnityVideo.Core.Diffusion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UnityVideo.Core.Inference;
using UnityVideo.Host;
using UnityVideo.Host.Inference;

namespace UnityVideo.Tests.Inference;

public sealed class PipelineTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    private static ServiceProvider Provider(int steps) => new ServiceCollection()
        .AddUnityVideo(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MyApp:Name"] = "host",
            ["Sampling:Steps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sampling:EstimationSteps"] = steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build())
        .BuildServiceProvider();

    [Fact]
    public async Task A_hosting_app_estimates_and_generates_through_DI_with_the_configured_steps_and_progress()
    {
        using var provider = Provider(steps: 3);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        var reports = new List<InferenceProgress>();
        var progress = new Sync(reports.Add);

        using var estimated = await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.StepCheckpoint, Input = fixture.Clip(0), Modalities = ["depth", "flow"] }, progress);
        Assert.Equal([4L, 16, 16], estimated.Modalities["depth"].shape);
        Assert.Equal([4L, 16, 16, 2], estimated.Modalities["flow"].shape);
        Assert.Contains("ema weights", estimated.Model, StringComparison.Ordinal);
        Assert.Equal(["estimate depth", "estimate depth", "estimate depth", "estimate flow", "estimate flow", "estimate flow"], reports.Select(r => r.Stage));
        Assert.Equal([1, 2, 3, 1, 2, 3], reports.Select(r => r.Step));

        using var generated = await pipeline.GenerateAsync(new GenerationRequest { Checkpoint = fixture.ModelPath, Prompt = "a person waves", Modalities = ["flow"] });
        Assert.Equal([4L, 16, 16, 3], generated.Rgb.shape);
        Assert.Equal(["flow"], generated.Modalities.Keys);
    }

    [Fact]
    public async Task Steps_asked_for_with_an_estimate_replace_the_configured_estimation_steps()
    {
        using var provider = new ServiceCollection().AddUnityVideo(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sampling:Steps"] = "5", ["Sampling:EstimationSteps"] = "1",
        }).Build()).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        var reports = new List<InferenceProgress>();

        using (await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = fixture.Clip(0), Modalities = ["depth"] }, new Sync(reports.Add))) { }
        Assert.Equal([1], reports.Select(r => r.Step));                     // the configured estimation steps, not Sampling:Steps

        reports.Clear();
        using (await pipeline.EstimateAsync(new EstimationRequest
        {
            Checkpoint = fixture.ModelPath, Input = fixture.Clip(0), Modalities = ["depth"], Sampling = new SamplingOverrides { Steps = 2 },
        }, new Sync(reports.Add))) { }
        Assert.Equal([1, 2], reports.Select(r => r.Step));                  // estimate --steps 2
    }

    [Fact]
    public async Task A_modality_with_its_own_estimation_steps_takes_them_and_steps_asked_for_replace_them_all()
    {
        using var provider = new ServiceCollection().AddUnityVideo(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sampling:Steps"] = "5", ["Sampling:EstimationSteps"] = "1", ["Sampling:EstimationStepsByModality:flow"] = "3",
        }).Build()).BuildServiceProvider();
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        var reports = new List<InferenceProgress>();

        using (await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = fixture.Clip(0), Modalities = ["depth", "flow"] }, new Sync(reports.Add))) { }
        Assert.Equal(["estimate depth:1", "estimate flow:1", "estimate flow:2", "estimate flow:3"], reports.Select(r => $"{r.Stage}:{r.Step}"));

        reports.Clear();
        using (await pipeline.EstimateAsync(new EstimationRequest
        {
            Checkpoint = fixture.ModelPath, Input = fixture.Clip(0), Modalities = ["depth", "flow"], Sampling = new SamplingOverrides { Steps = 2 },
        }, new Sync(reports.Add))) { }
        Assert.Equal(["estimate depth:1", "estimate depth:2", "estimate flow:1", "estimate flow:2"], reports.Select(r => $"{r.Stage}:{r.Step}"));
    }

    [Fact]
    public void Sampling_settings_with_the_same_steps_per_modality_are_equal_and_with_other_steps_are_not()
    {
        var a = new SamplerOptions { EstimationStepsByModality = new(StringComparer.OrdinalIgnoreCase) { ["segmentation"] = 10 } };
        var b = new SamplerOptions { EstimationStepsByModality = new(StringComparer.OrdinalIgnoreCase) { ["Segmentation"] = 10 } };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { EstimationStepsByModality = new() { ["segmentation"] = 5 } });
        Assert.NotEqual(a, new SamplerOptions());
    }

    [Fact]
    public void Negative_estimation_steps_of_a_modality_are_an_error_naming_it()
    {
        var errors = new SamplerOptions { EstimationStepsByModality = new() { ["skeleton"] = -2 } }.Validate();

        Assert.Contains(errors, e => e.Contains("EstimationStepsByModality:skeleton", StringComparison.Ordinal) && e.Contains("-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_stops_the_sampling_run()
    {
        using var provider = Provider(steps: 50);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        using var cts = new CancellationTokenSource();
        var last = 0;
        var progress = new Sync(p => { last = p.Step; if (p.Step == 2) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = fixture.Clip(0), Modalities = ["depth"] }, progress, cts.Token));
        Assert.Equal(2, last);
    }

    [Fact]
    public async Task A_video_input_is_estimated_whole_each_frame_resized_and_centre_cropped()
    {
        using var dir = new TempDir();
        var video = VideoFiles.VideoFixtures.Write(dir.File("walk.avi"), count: 6, fps: 10, height: 24, width: 32);
        using var provider = Provider(steps: 1);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();

        using var result = await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = video, Modalities = ["depth"] });

        Assert.Equal([6L, 16, 16, 3], result.Rgb.shape); // every frame, not only the model's T = 4
        Assert.Equal([0, 1, 2, 3, 4, 5], VideoFiles.VideoFixtures.SourceFrames(result.Rgb));
        Assert.Equal(10, result.Fps, 6);
        Assert.Equal([6L, 16, 16], result.Modalities["depth"].shape);
    }

    [Fact]
    public async Task A_video_longer_than_the_cap_or_shorter_than_the_model_is_handled()
    {
        using var dir = new TempDir();
        var longer = VideoFiles.VideoFixtures.Write(dir.File("long.avi"), count: 9, fps: 10);
        var shorter = VideoFiles.VideoFixtures.Write(dir.File("short.avi"), count: 2, fps: 10);
        using var provider = Provider(steps: 1);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();

        var e = await Assert.ThrowsAsync<Core.Video.VideoFormatException>(() =>
            pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = longer, Modalities = ["depth"], MaxFrames = 8 }));
        Assert.Contains("long.avi: is too long: more than 8 frames", e.Message, StringComparison.Ordinal);

        // Shorter than the model's T = 4: padded with its last frame for the model, trimmed back.
        using var result = await pipeline.EstimateAsync(new EstimationRequest { Checkpoint = fixture.ModelPath, Input = shorter, Modalities = ["depth"] });
        Assert.Equal([2L, 16, 16], result.Modalities["depth"].shape);
    }

    [Fact]
    public async Task A_control_file_without_the_modality_is_refused_by_name()
    {
        using var dir = new TempDir();
        using var provider = Provider(steps: 1);
        var pipeline = provider.GetRequiredService<UnityVideoPipeline>();
        var control = dir.File("rgb-only.safetensors");
        var writer = new Core.IO.SafetensorsWriter();
        writer.Add("rgb", Core.IO.SafetensorsDType.U8, [4, 16, 16, 3], new byte[4 * 16 * 16 * 3]);
        writer.Save(control);

        var e = await Assert.ThrowsAsync<InferenceException>(() =>
            pipeline.GenerateAsync(new GenerationRequest { Checkpoint = fixture.ModelPath, Prompt = "x", Modalities = ["depth"], Control = control }));
        Assert.Contains("rgb-only.safetensors' has no tensor 'depth'", e.Message, StringComparison.Ordinal);
        Assert.Contains("it holds: rgb", e.Message, StringComparison.Ordinal);
    }

    private sealed class Sync(Action<InferenceProgress> report) : IProgress<InferenceProgress>
    {
        public void Report(InferenceProgress value) => report(value);
    }
}

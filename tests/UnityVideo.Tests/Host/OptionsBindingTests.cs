using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Benchmarks;
using UnityVideo.Host.Training;

namespace UnityVideo.Tests.Host;

/// <summary>Every settings section binds straight to the Core type that uses it, and every entry point reads the same.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void The_bench_harness_and_unityvideo_bench_build_the_same_model()
    {
        var (harness, harnessTraining, harnessSampling) = BenchmarkSetup.FromDefaults("tiny", torch.CPU, batch: 8, repeats: 5);
        HostFactory.Start(null, out var services);
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<BenchmarkService>();
        var cli = service.Setup(batch: 8, repeats: 5);

        using var a = new UnityDiT(harness.Config, [harness.Modality]);
        using var b = new UnityDiT(cli.Config, [cli.Modality]);
        Assert.Equal(Parameters(b), Parameters(a));            // same names and shapes
        Assert.Equal(cli.Config.ToJson(), harness.Config.ToJson()); // same flags (patch frames, fusion, motion energy, prediction, …)
        Assert.Equal((2, true, true), (harness.Config.PatchFrames, harness.Config.AlignedFusion, harness.Config.MotionEnergy)); // the configured defaults
        Assert.Equal(JsonSerializer.Serialize(provider.GetRequiredService<IOptions<TrainerOptions>>().Value), JsonSerializer.Serialize(harnessTraining));
        Assert.Equal(provider.GetRequiredService<IOptions<SamplerOptions>>().Value, harnessSampling);
    }

    [Fact]
    public void A_hosting_app_changes_a_setting_after_AddUnityVideo_and_the_services_read_it()
    {
        HostFactory.Start(null, out var services);
        services.Configure<TrainerOptions>(o => o.BatchSize = 3);
        services.Configure<DiTConfig>(o => o.Depth = 2);
        using var provider = services.BuildServiceProvider();

        var trainer = provider.GetRequiredService<TrainingService>().CreateTrainer();
        Assert.Equal(3, trainer.Options.BatchSize);
        Assert.Equal(2, trainer.ModelConfig!.Depth);

        // Core's own rules validate what the app sets, with the setting named.
        services.Configure<SamplerOptions>(o => o.Steps = 0);
        using var bad = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<SamplerOptions>>().Value);
        Assert.Contains("Steps must be at least 1 (got 0)", e.Message, StringComparison.Ordinal);
    }

    private static List<string> Parameters(UnityDiT model) =>
        model.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}] {p.parameter.requires_grad}").ToList();
}

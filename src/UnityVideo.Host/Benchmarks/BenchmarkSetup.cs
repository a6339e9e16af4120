using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Benchmarks;

/// <summary>What a model benchmark (training step, sampling) runs: model sizes, the modality beside RGB, device, batch and repeats.</summary>
public sealed record BenchmarkSetup
{
    /// <summary>Name of the preset <see cref="Config"/> came from (reported only).</summary>
    public required string Preset { get; init; }

    /// <summary>Model sizes and clip shape.</summary>
    public required DiTConfig Config { get; init; }

    /// <summary>The one modality stream beside RGB.</summary>
    public required ModalityDescriptor Modality { get; init; }

    /// <summary>Where the model and tensors live.</summary>
    public required torch.Device Device { get; init; }

    /// <summary>Clips per batch.</summary>
    public required int Batch { get; init; }

    /// <summary>Timed repeats (the median is reported).</summary>
    public required int Repeats { get; init; }

    /// <summary>
    /// What the benchmark harness (<c>bench/UnityVideo.Bench</c>, which runs without the plugin host) measures: the
    /// model, training and sampling settings of the built-in defaults with <c>Model:Preset</c> = <paramref name="preset"/>,
    /// the same configuration <c>unityvideo bench</c> reads, beside a depth stream described as the depth plugin does.
    /// </summary>
    /// <exception cref="UnityVideoConfigurationException">The preset is unknown.</exception>
    public static (BenchmarkSetup Setup, TrainerOptions Training, SamplerOptions Sampling) FromDefaults(string preset, torch.Device device, int batch, int repeats)
    {
        var layered = UnityVideoConfiguration.Build(new ConfigurationSources
        {
            Overrides = [$"{ModelPresets.SectionName}:{nameof(ModelPresets.Preset)}={preset}"], IncludeEnvironment = false, AppSettingsDirectory = null,
        });
        var settings = UnityVideoSettings.Load(layered.Configuration, layered.SourceOf);
        var setup = new BenchmarkSetup { Preset = preset, Config = settings.ModelConfig, Modality = HarnessDepth, Device = device, Batch = batch, Repeats = repeats };
        return (setup, settings.Training, settings.Sampling);
    }

    // The harness loads no plugin; the model needs only the stream's name, channels and prompt (as the depth plugin registers them).
    private static readonly ModalityDescriptor HarnessDepth = new()
    {
        Name = "depth", Channels = 1, IsPixelAligned = true, Prompts = ["depth map"], StorageKey = "depth",
    };

    /// <summary>Throws when <see cref="Batch"/> or <see cref="Repeats"/> is below 1.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Batch, 1, nameof(Batch));
        ArgumentOutOfRangeException.ThrowIfLessThan(Repeats, 1, nameof(Repeats));
    }
}

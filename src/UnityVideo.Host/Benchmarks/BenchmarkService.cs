using Microsoft.Extensions.Options;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Backbones;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Inference;
using UnityVideo.Host.Options;
using UnityVideo.Host.Training;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// The benchmarks as a service (registered by <c>AddUnityVideo</c>): runs <see cref="TrainStepBenchmark"/>,
/// <see cref="SamplingBenchmark"/> and <see cref="SynthBenchmark"/> with the validated settings — model preset,
/// the enabled modalities (depth when enabled, else the first), <c>Training</c> and <c>Sampling</c> sections,
/// <c>Runtime:Device</c> and <c>Runtime:Threads</c>.
/// </summary>
public sealed class BenchmarkService(IOptions<ModelPresets> presets, IOptions<DiTConfig> model, ModalityRegistry enabled, IOptions<TrainerOptions> training,
    IOptions<RuntimeOptions> runtime, UnityVideoPipeline pipeline)
{
    /// <summary>Default timed training steps.</summary>
    public const int DefaultTrainRepeats = 5;

    /// <summary>Default timed sampling runs per figure.</summary>
    public const int DefaultSampleRepeats = 3;

    /// <summary>Default timed synthetic batches per size.</summary>
    public const int DefaultSynthRepeats = 3;

    /// <summary>Modality preferred beside RGB: pixel-aligned, one channel, the paper's first.</summary>
    public const string PreferredModality = "depth";

    /// <summary>Training step throughput; <paramref name="batch"/> defaults to <c>Training:BatchSize</c>.</summary>
    /// <exception cref="UnityVideoConfigurationException">No modality is enabled.</exception>
    /// <exception cref="TrainingException">The configured device is not available.</exception>
    public TrainBenchmarkResult Train(int? batch = null, int? repeats = null) =>
        TrainStepBenchmark.Run(Setup(batch ?? training.Value.BatchSize, repeats ?? DefaultTrainRepeats), training.Value);

    /// <summary>Sampling seconds per clip; <paramref name="batch"/> (clips sampled together) defaults to 1.</summary>
    /// <exception cref="UnityVideoConfigurationException">No modality is enabled.</exception>
    /// <exception cref="TrainingException">The configured device is not available.</exception>
    public SamplingBenchmarkResult Sample(int? batch = null, int? repeats = null) =>
        SamplingBenchmark.Run(Setup(batch ?? 1, repeats ?? DefaultSampleRepeats), pipeline.Sampler(new SamplingOverrides()).Options);

    /// <summary>Synthetic clips per second; <paramref name="clips"/> per timed batch defaults per size (64 and 4).</summary>
    public SynthBenchmarkResult Synth(int? clips = null, int? repeats = null)
    {
        var threads = runtime.Value.Threads > 0 ? runtime.Value.Threads : Environment.ProcessorCount;
        return SynthBenchmark.Run(clips, repeats ?? DefaultSynthRepeats, threads);
    }

    /// <summary>What the model benchmarks run: the configured model, the modality beside RGB, device, batch and repeats.</summary>
    /// <exception cref="UnityVideoConfigurationException">No modality is enabled.</exception>
    /// <exception cref="TrainingException">The configured device is not available.</exception>
    /// <exception cref="UnsupportedBackboneException">Model:Backbone is not the pixel DiT.</exception>
    public BenchmarkSetup Setup(int batch, int repeats)
    {
        if (presets.Value.Backbone != BackboneNames.DiT) throw BackboneNames.NotYetForWan("The model benchmarks");
        var modality = PickModality();
        if (runtime.Value.Threads > 0) torch.set_num_threads(runtime.Value.Threads);
        var setup = new BenchmarkSetup
        {
            Preset = presets.Value.Preset, Config = model.Value, Modality = modality, Device = TrainingService.ResolveDevice(runtime.Value.Device),
            Batch = batch, Repeats = repeats,
        };
        setup.Validate();
        return setup;
    }

    private ModalityDescriptor PickModality()
    {
        if (enabled.Contains(PreferredModality)) return enabled.Get(PreferredModality);
        return enabled.Modalities.FirstOrDefault()
            ?? throw new UnityVideoConfigurationException("the model benchmarks need one modality beside RGB, but none is enabled (Modalities:Enabled) or no modality plugin is loaded.");
    }
}

using System.Globalization;
using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// Sampling speed: seconds per clip of the preset's size at 10 and 20 solver steps, for joint generation of RGB +
/// one modality (both streams from noise, caption on RGB) and for estimation of the modality from a given RGB clip.
/// The weights are freshly initialised: the cost of a step does not depend on them.
/// </summary>
public static class SamplingBenchmark
{
    /// <summary>Solver step counts reported (the fields <c>s_per_clip_10</c> and <c>s_per_clip_20</c>).</summary>
    public static IReadOnlyList<int> StepCounts { get; } = [10, 20];

    /// <summary>Measures both tasks at every step count of <see cref="StepCounts"/>.</summary>
    /// <param name="setup">Model, modality, device, clips per run (batch) and timed repeats.</param>
    /// <param name="sampler">Solver, shift and guidance (the <c>Sampling</c> section); its step count is replaced.</param>
    public static SamplingBenchmarkResult Run(BenchmarkSetup setup, SamplerOptions sampler)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(sampler);
        setup.Validate();
        var (cfg, device, batch) = (setup.Config, setup.Device, setup.Batch);

        torch.manual_seed(0);
        using var model = new UnityDiT(cfg, [setup.Modality]);
        model.to(device);
        model.eval();

        using var scope = NewDisposeScope();
        var tokenizer = new PromptTokenizer(cfg.MaxPromptTokens);
        var caption = tokenizer.Encode(TrainStepBenchmark.Caption, batch, device);                      // [B, L]
        var prompt = tokenizer.Encode(setup.Modality.Prompts[0], batch, device);                         // [B, L]
        long[] modalityShape = [batch, setup.Modality.Channels, cfg.Frames, cfg.Height, cfg.Width];
        using var generator = new Generator(0, CPU);
        var rgb = FlowMatching.Randn([batch, 3, cfg.Frames, cfg.Height, cfg.Width], device, generator).clamp(-1, 1); // [B, 3, T, H, W]

        SampleStream[] joint =
        [
            SampleStream.Generate(ModalityRegistry.Rgb, rgb.shape, caption),
            SampleStream.Generate(setup.Modality.Name, modalityShape, prompt),
        ];
        SampleStream[] estimation =
        [
            SampleStream.Given(ModalityRegistry.Rgb, rgb),                                              // no caption, as in training
            SampleStream.Generate(setup.Modality.Name, modalityShape, prompt),
        ];

        double SecondsPerClip(IReadOnlyList<SampleStream> streams, int steps)
        {
            var options = sampler with { Steps = steps, EstimationSteps = 0, EstimationStepsByModality = [] }; // the figures time exactly `steps` solver steps, estimation too
            var timing = BenchmarkTimer.Measure(() =>
            {
                using var runScope = NewDisposeScope();
                FlowSampler.Sample(model, streams, options, generator);
                DeviceSync.Wait(device);
            }, warmups: 0, setup.Repeats);
            return Figures.Significant(timing.MedianSeconds / batch);
        }

        // One short untimed run per task: allocations and lazy initialisation
        foreach (var streams in new[] { joint, estimation })
        {
            using var warmScope = NewDisposeScope();
            FlowSampler.Sample(model, streams, sampler with { Steps = 2, EstimationSteps = 0, EstimationStepsByModality = [] }, generator);
            DeviceSync.Wait(device);
        }

        return new SamplingBenchmarkResult
        {
            Preset = setup.Preset, Device = device.ToString(), Threads = torch.get_num_threads(), Batch = batch, Modality = setup.Modality.Name,
            Clip = string.Create(CultureInfo.InvariantCulture, $"{cfg.Frames}x{cfg.Height}x{cfg.Width}"),
            Sampler = sampler.Sampler.ToString().ToLowerInvariant(), CfgScale = sampler.CfgScale, Repeats = setup.Repeats,
            SecondsPerClip10 = SecondsPerClip(joint, StepCounts[0]),
            SecondsPerClip20 = SecondsPerClip(joint, StepCounts[1]),
            EstimationSecondsPerClip10 = SecondsPerClip(estimation, StepCounts[0]),
            EstimationSecondsPerClip20 = SecondsPerClip(estimation, StepCounts[1]),
            PeakRssMegabytes = Figures.Significant(PeakMemory.ResidentMegabytes()),
        };
    }
}

using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// The trainer's own <see cref="TrainingStep"/> (flow-matching loss, backward, clipping, AdamW, EMA) over a fresh model
/// built as the trainer builds it, on joint generation of RGB + one modality (the task with the most noised streams),
/// with one batch of random clips already on the device: data loading is left out.
/// </summary>
public sealed class BenchmarkTrainingStep : IDisposable
{
    private readonly UnityDiT model;
    private readonly TrainingStep trainingStep;
    private readonly Generator generator;
    private readonly DisposeScope scope;
    private readonly TrainerOptions options;
    private readonly Device device;
    private readonly Func<int, IReadOnlyList<TrainingStream>> microBatch;

    /// <summary>Builds the model of <paramref name="config"/> (seeded by <see cref="TrainerOptions.Seed"/>) and its batch.</summary>
    public BenchmarkTrainingStep(BenchmarkSetup setup, DiTConfig config, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(config);
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        device = setup.Device;
        torch.manual_seed(options.Seed);
        model = new UnityDiT(config, [setup.Modality]); // outside any dispose scope, as the trainer builds it
        model.to(device);
        model.train();
        trainingStep = new TrainingStep(model, options);
        generator = new Generator((ulong)options.Seed, CPU);
        Parameters = ModelSummary.Of(model).Total;

        scope = NewDisposeScope();
        var batch = setup.Batch;
        var tokenizer = new PromptTokenizer(config.MaxPromptTokens);
        var caption = tokenizer.Encode(TrainStepBenchmark.Caption, batch, device);                                    // [B, L]
        var prompt = tokenizer.Encode(setup.Modality.Prompts[0], batch, device);                                      // [B, L]
        var rgb = FlowMatching.Randn([batch, 3, config.Frames, config.Height, config.Width], device, generator).clamp(-1, 1); // [B, 3, T, H, W]
        var modality = FlowMatching.Randn([batch, setup.Modality.Channels, config.Frames, config.Height, config.Width], device, generator).clamp(-1, 1); // [B, C, T, H, W]
        var name = setup.Modality.Name;
        microBatch = _ => FlowMatching.TaskStreams(DiffusionTask.JointGeneration, rgb, caption, [(name, modality, prompt)]);
    }

    /// <summary>Micro-batches a step runs.</summary>
    public int Accumulation => trainingStep.Accumulation;

    /// <summary>The model's parameter count.</summary>
    public long Parameters { get; }

    /// <summary>One training step, waited for on the device.</summary>
    public void Step()
    {
        trainingStep.Run(microBatch, options.LearningRate, generator);
        DeviceSync.Wait(device);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        scope.Dispose();
        generator.Dispose();
        trainingStep.Dispose();
        model.Dispose();
    }
}

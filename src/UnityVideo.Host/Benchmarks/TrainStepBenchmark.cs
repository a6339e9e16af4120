using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// Training throughput: the trainer's own <see cref="TrainingStep"/> — flow-matching loss, backward, gradient-norm
/// clipping, AdamW, EMA — on joint generation of RGB + one modality (the task with the most noised streams), with
/// random clips already on the device, so data loading is left out. Achieved GFLOP/s use the analytic count of <see cref="ModelFlops"/>;
/// MFU divides them by the device's fp32 matmul GFLOP/s measured in the same run.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>Untimed steps first: allocations and the optimiser's moment tensors.</summary>
    public const int WarmupSteps = 1;

    /// <summary>Caption of every clip (its length only matters up to the prompt's fixed token count).</summary>
    public const string Caption = "a person walks left past a red box";

    /// <summary>Measures <see cref="BenchmarkSetup.Repeats"/> steps of batch <see cref="BenchmarkSetup.Batch"/> after a warm-up.</summary>
    /// <param name="setup">Model, modality, device, batch, repeats.</param>
    /// <param name="options">Optimiser, EMA, clipping and flow-matching settings (the <c>Training</c> section).</param>
    public static TrainBenchmarkResult Run(BenchmarkSetup setup, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        setup.Validate();
        var (cfg, device, batch) = (setup.Config, setup.Device, setup.Batch);

        // 1. Model, then the trainer's step (AdamW, EMA) over it, built as the trainer builds them (outside any dispose scope)
        torch.manual_seed(options.Seed);
        using var model = new UnityDiT(cfg, [setup.Modality]);
        model.to(device);
        model.train();
        using var trainingStep = new TrainingStep(model, options);
        using var generator = new Generator((ulong)options.Seed, CPU);

        // 2. One batch of random clips in [-1, 1], reused by every micro-batch of every step
        using var scope = NewDisposeScope();
        var tokenizer = new PromptTokenizer(cfg.MaxPromptTokens);
        var caption = tokenizer.Encode(Caption, batch, device);                                                  // [B, L]
        var prompt = tokenizer.Encode(setup.Modality.Prompts[0], batch, device);                                 // [B, L]
        var rgb = FlowMatching.Randn([batch, 3, cfg.Frames, cfg.Height, cfg.Width], device, generator).clamp(-1, 1); // [B, 3, T, H, W]
        var modality = FlowMatching.Randn([batch, setup.Modality.Channels, cfg.Frames, cfg.Height, cfg.Width], device, generator).clamp(-1, 1); // [B, C, T, H, W]
        IReadOnlyList<TrainingStream> MicroBatch(int micro) =>
            FlowMatching.TaskStreams(DiffusionTask.JointGeneration, rgb, caption, [(setup.Modality.Name, modality, prompt)]);

        void Step()
        {
            trainingStep.Run(MicroBatch, options.LearningRate, generator);
            DeviceSync.Wait(device);
        }

        // 3. Time the steps, then the device's matmul yardstick
        var timing = BenchmarkTimer.Measure(Step, WarmupSteps, setup.Repeats);
        var matmul = MatmulThroughput.Peak(device);

        // A step runs one pass per accumulated micro-batch.
        var tokensPerStep = (long)trainingStep.Accumulation * batch * 2 * cfg.Frames * (cfg.Height / cfg.PatchSize) * (cfg.Width / cfg.PatchSize);
        var flops = trainingStep.Accumulation * ModelFlops.TrainingStep(cfg, [3, setup.Modality.Channels], batch, cfg.Frames, cfg.Height, cfg.Width, cfg.MaxPromptTokens);
        var gflops = Figures.Significant(flops / timing.MedianSeconds / 1e9);
        var matmulGflops = Figures.Significant(matmul);
        return new TrainBenchmarkResult
        {
            Preset = setup.Preset, Device = device.ToString(), Threads = torch.get_num_threads(), Batch = batch, Modality = setup.Modality.Name,
            Parameters = ModelSummary.Of(model).Total, Repeats = timing.Repeats, TokensPerStep = tokensPerStep,
            GflopPerStep = Figures.Significant(flops / 1e9),
            MsPerStep = Figures.Significant(timing.MedianSeconds * 1000), MsPerStepMin = Figures.Significant(timing.MinSeconds * 1000),
            TokensPerSecond = Figures.Significant(tokensPerStep / timing.MedianSeconds),
            Gflops = gflops, MatmulGflops = matmulGflops, Mfu = Figures.Significant(gflops / matmulGflops, 3),
            PeakRssMegabytes = Figures.Significant(PeakMemory.ResidentMegabytes()),
        };
    }
}

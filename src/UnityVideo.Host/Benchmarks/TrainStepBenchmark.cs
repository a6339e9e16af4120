using TorchSharp;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;

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

        // 1. The trainer's step over a fresh model and one batch of random clips
        using var bench = new BenchmarkTrainingStep(setup, cfg, options);

        // 2. Time the steps, then the device's matmul yardstick
        var timing = BenchmarkTimer.Measure(bench.Step, WarmupSteps, setup.Repeats);
        var matmul = MatmulThroughput.Peak(device);

        // A step runs one pass per accumulated micro-batch.
        var tokensPerStep = (long)bench.Accumulation * batch * 2 * cfg.TokensPerStream(cfg.Frames, cfg.Height, cfg.Width);
        var flops = bench.Accumulation * ModelFlops.TrainingStep(cfg, [3, setup.Modality.Channels], batch, cfg.Frames, cfg.Height, cfg.Width, cfg.MaxPromptTokens);
        var gflops = Figures.Significant(flops / timing.MedianSeconds / 1e9);
        var matmulGflops = Figures.Significant(matmul);
        return new TrainBenchmarkResult
        {
            Preset = setup.Preset, Device = device.ToString(), Threads = torch.get_num_threads(), Batch = batch, Modality = setup.Modality.Name,
            Parameters = bench.Parameters, Repeats = timing.Repeats, TokensPerStep = tokensPerStep,
            GflopPerStep = Figures.Significant(flops / 1e9),
            MsPerStep = Figures.Significant(timing.MedianSeconds * 1000), MsPerStepMin = Figures.Significant(timing.MinSeconds * 1000),
            TokensPerSecond = Figures.Significant(tokensPerStep / timing.MedianSeconds),
            Gflops = gflops, MatmulGflops = matmulGflops, Mfu = Figures.Significant(gflops / matmulGflops, 3),
            PeakRssMegabytes = Figures.Significant(PeakMemory.ResidentMegabytes()),
        };
    }
}

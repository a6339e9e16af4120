using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// Training throughput: the trainer's step — joint generation of RGB + one modality (the task with the most
/// noised streams), flow-matching loss, backward, gradient-norm clipping, AdamW, EMA — on random clips already on
/// the device, so data loading is left out. Achieved GFLOP/s use the analytic count of <see cref="ModelFlops"/>;
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

        // 1. Model, optimiser and EMA, built as the trainer builds them (outside any dispose scope)
        torch.manual_seed(options.Seed);
        using var model = new UnityDiT(cfg, [setup.Modality]);
        model.to(device);
        model.train();
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var parameters = named.Select(p => p.parameter).ToList();
        using var optimizer = new AdamW(named.Select(p => (p.name, p.parameter, p.parameter.dim() >= 2)), options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        using var ema = options.EmaDecay > 0 ? new EmaWeights(named.Select(p => (p.name, (Tensor)p.parameter)), options.EmaDecay) : null;
        var flow = new FlowMatching(options.FlowMatching());
        using var generator = new Generator((ulong)options.Seed, CPU);

        // 2. One batch of random clips in [-1, 1], reused by every step
        using var scope = NewDisposeScope();
        var tokenizer = new PromptTokenizer(cfg.MaxPromptTokens);
        var caption = tokenizer.Encode(Caption, batch, device);                                                  // [B, L]
        var prompt = tokenizer.Encode(setup.Modality.Prompts[0], batch, device);                                 // [B, L]
        var rgb = FlowMatching.Randn([batch, 3, cfg.Frames, cfg.Height, cfg.Width], device, generator).clamp(-1, 1); // [B, 3, T, H, W]
        var modality = FlowMatching.Randn([batch, setup.Modality.Channels, cfg.Frames, cfg.Height, cfg.Width], device, generator).clamp(-1, 1); // [B, C, T, H, W]

        void Step()
        {
            using var stepScope = NewDisposeScope();
            optimizer.ZeroGrad();
            var streams = FlowMatching.TaskStreams(DiffusionTask.JointGeneration, rgb, caption, [(setup.Modality.Name, modality, prompt)]);
            flow.Loss(model, streams, generator).Loss.backward();
            ClipGradients(parameters, options.GradClip);
            optimizer.Step(options.LearningRate);
            ema?.Update(optimizer.StepCount);
            DeviceSync.Wait(device);
        }

        // 3. Time the steps, then the device's matmul yardstick
        var timing = BenchmarkTimer.Measure(Step, WarmupSteps, setup.Repeats);
        var matmul = MatmulThroughput.Peak(device);

        var tokensPerStep = (long)batch * 2 * cfg.Frames * (cfg.Height / cfg.PatchSize) * (cfg.Width / cfg.PatchSize);
        var flops = ModelFlops.TrainingStep(cfg, [3, setup.Modality.Channels], batch, cfg.Frames, cfg.Height, cfg.Width, cfg.MaxPromptTokens);
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

    // The trainer's clipping: the global gradient norm (one host sync per step, as in training), scaled down past the limit.
    private static void ClipGradients(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, double limit)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var squares = parameters.Where(p => p.grad is not null).Select(p => p.grad!.to(float64).square().sum()).ToArray(); // P × []
        if (squares.Length == 0) return;
        var norm = stack(squares).sum().sqrt().item<double>();
        if (limit > 0 && norm > limit)
            foreach (var p in parameters) p.grad?.mul_(limit / (norm + 1e-6));
    }
}

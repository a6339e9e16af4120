using System.Diagnostics;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Text;
using static TorchSharp.torch;

namespace UnityVideo.Bench;

/// <summary>
/// One joint-generation training step (forward + backward + AdamW) of a preset model on RGB + depth, with
/// achieved GFLOP/s (analytic count, <see cref="ModelFlops"/>) against the machine's matmul throughput
/// measured in the same run. Args: [preset=tiny] [device=cpu] [batch=8] [steps=5].
/// </summary>
internal sealed class TrainStepBench : IBenchmark
{
    public string Name => "train-step";

    public string Description => "ms per training step (fwd+bwd+AdamW) of a model preset, GFLOP/s and MFU vs matmul";

    public IReadOnlyDictionary<string, object> Run(IReadOnlyList<string> args)
    {
        var preset = args.Count > 0 ? args[0] : "tiny";
        var device = torch.device(args.Count > 1 ? args[1] : "cpu");
        var batch = args.Count > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var steps = args.Count > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var cfg = DiTConfig.Preset(preset);
        var depthDescriptor = new ModalityDescriptor { Name = "depth", Channels = 1, IsPixelAligned = true, Prompts = ["depth map"], StorageKey = "depth" };

        torch.manual_seed(0);
        using var model = new UnityDiT(cfg, [depthDescriptor]);
        model.to(device);
        using var opt = optim.AdamW(model.parameters(), 1e-4);
        var fm = new FlowMatching();
        var tokenizer = new PromptTokenizer(cfg.MaxPromptTokens);
        var caption = tokenizer.Encode("a person walks left past a red box", batch, device);
        var depthPrompt = tokenizer.Encode("depth map", batch, device);
        var rgb = randn([batch, 3, cfg.Frames, cfg.Height, cfg.Width], device: device).clamp(-1, 1);
        var depth = randn([batch, 1, cfg.Frames, cfg.Height, cfg.Width], device: device).clamp(-1, 1);
        using var gen = new Generator(0, CPU);

        void Step()
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            fm.Loss(model, FlowMatching.TaskStreams(DiffusionTask.JointGeneration, rgb, caption, [("depth", depth, depthPrompt)]), gen).Loss.backward();
            opt.step();
            if (device.type == DeviceType.CUDA) cuda.synchronize();
        }

        Step(); // warm-up: allocations, optimizer state
        Step();
        var times = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            Step();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var ms = times[times.Count / 2]; // median

        var tokensPerStep = (double)batch * 2 * cfg.Frames * (cfg.Height / cfg.PatchSize) * (cfg.Width / cfg.PatchSize);
        var flops = ModelFlops.TrainingStep(cfg, [3, 1], batch, cfg.Frames, cfg.Height, cfg.Width, cfg.MaxPromptTokens);
        var gflops = flops / (ms / 1000) / 1e9;
        var matmul = Math.Max(MatmulBench.MeasureGflops(512, device), MatmulBench.MeasureGflops(1024, device));
        return new Dictionary<string, object>
        {
            ["preset"] = preset,
            ["device"] = device.ToString(),
            ["threads"] = torch.get_num_threads(),
            ["batch"] = batch,
            ["parameters"] = ModelSummary.Of(model).Total,
            ["tokens_per_step"] = tokensPerStep,
            ["gflop_per_step"] = Math.Round(flops / 1e9, 2),
            ["ms_per_step"] = Math.Round(ms, 1),
            ["ms_per_step_min"] = Math.Round(times[0], 1),
            ["tokens_per_s"] = Math.Round(tokensPerStep / (ms / 1000), 0),
            ["gflops"] = Math.Round(gflops, 2),
            ["matmul_gflops"] = Math.Round(matmul, 2),
            ["mfu"] = Math.Round(gflops / matmul, 3),
        };
    }
}

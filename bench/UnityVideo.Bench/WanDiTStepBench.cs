using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Bench;

/// <summary>
/// One Wan2.1 DiT training step with random weights at a chosen latent size: forward, flow-matching MSE, backward
/// and AdamW, with bf16 weights (fp32 master weights and moments for a full fine-tune; fp32 adapters for LoRA) and
/// optional per-block gradient checkpointing. Reports ms per step (mean of the timed steps after one warm-up) and
/// the model FLOP rate of the step. On a GPU, peak memory is read from outside (nvidia-smi), since TorchSharp does
/// not expose the caching allocator's statistics. Before timing, on a non-CPU device, a small config's forward pass
/// is compared with the CPU's on the same weights.
/// </summary>
internal sealed class WanDiTStepBench : IBenchmark
{
    // A small config for the CPU and for the device-vs-CPU check.
    private static readonly WanDiTConfig Tiny = new(Dim: 64, FfnDim: 128, Heads: 4, Layers: 2, FreqDim: 32, TextDim: 48, TextLen: 16);

    public string Name => "wan-dit-step";

    public string Description =>
        "Wan2.1 DiT training step: ms/step, TFLOP/s (args key=value: preset=1.3b|tiny frames=21 height=60 width=104 " +
        "(latent) mode=full|lora checkpoint=on|off steps=3 device=cpu dtype=bf16|fp32 rank=32)";

    public object Run(IReadOnlyList<string> args)
    {
        var o = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        string Get(string key, string fallback) => o.TryGetValue(key, out var v) ? v : fallback;
        var config = Get("preset", "1.3b") switch
        {
            "1.3b" => WanDiTConfig.T2V1_3B,
            "tiny" => Tiny,
            var p => throw new ArgumentException($"preset '{p}': use 1.3b or tiny"),
        };
        var (frames, height, width) = (BenchArgs.Int(Get("frames", "21")), BenchArgs.Int(Get("height", "60")), BenchArgs.Int(Get("width", "104")));
        var mode = Get("mode", "full");
        if (mode is not ("full" or "lora")) throw new ArgumentException($"mode '{mode}': use full or lora");
        var checkpoint = Get("checkpoint", "on") == "on";
        var steps = BenchArgs.Int(Get("steps", "3"));
        var device = torch.device(Get("device", "cpu"));
        var dtype = Get("dtype", "bf16") == "fp32" ? ScalarType.Float32 : ScalarType.BFloat16;
        var rank = BenchArgs.Int(Get("rank", "32"));

        var deviceCheck = device.type == DeviceType.CPU ? (double?)null : CompareWithCpu(device);

        manual_seed(0);
        var build = Stopwatch.StartNew();
        using var model = new WanDiT(config, device, dtype) { CheckpointBlocks = checkpoint };
        model.train();
        using var adapter = mode == "lora" ? WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: rank, Alpha: rank)) : null;
        var trainable = adapter is null
            ? model.named_parameters().Select(p => (p.name, p.parameter, Decay: true)).ToList()
            : adapter.NamedParameters().Select(p => (p.Name, p.Param, Decay: true)).ToList();
        using var optimizer = new Core.Training.AdamW(trainable);
        Sync(device);
        build.Stop();

        using var x = randn([1, config.InChannels, frames, height, width], device: device);
        using var target = randn([1, config.OutChannels, frames, height, width], device: device);
        using var t = tensor(new float[] { 500 }, device: device);
        using var context = randn([1, Math.Min(config.TextLen, 64), config.TextDim], device: device);

        var times = new List<double>();
        var forwardBackward = new List<double>();
        double loss = 0;
        for (var step = 0; step <= steps; step++)
        {
            var watch = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                var l = nn.functional.mse_loss(model.forward(x, t, context), target);
                l.backward();
                Sync(device);
                if (step > 0) forwardBackward.Add(watch.Elapsed.TotalMilliseconds);
                optimizer.Step(1e-5);
                optimizer.ZeroGrad();
                loss = l.item<float>(); // also waits for the device
            }
            watch.Stop();
            if (step > 0) times.Add(watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"step {step}{(step == 0 ? " (warm-up)" : "")}: {watch.Elapsed.TotalMilliseconds:F0} ms, loss {loss:F4}");
        }

        var tokens = (long)frames / config.PatchT * (height / config.PatchH) * (width / config.PatchW);
        var msPerStep = times.Count > 0 ? times.Average() : double.NaN;
        var flops = StepFlops(config, tokens, checkpoint);
        return new
        {
            Benchmark = Name, Preset = Get("preset", "1.3b"), Device = device.ToString(), DType = dtype.ToString(), Mode = mode,
            CheckpointBlocks = checkpoint, LatentShape = new[] { config.InChannels, frames, height, width }, Tokens = tokens,
            Parameters = model.parameters().Sum(p => p.numel()), Trainable = trainable.Sum(p => p.Item2.numel()),
            BuildSeconds = Math.Round(build.Elapsed.TotalSeconds, 2),
            MsPerStep = Math.Round(msPerStep, 1),
            MsForwardBackward = forwardBackward.Count > 0 ? Math.Round(forwardBackward.Average(), 1) : double.NaN,
            MsPerStepMin = times.Count > 0 ? Math.Round(times.Min(), 1) : double.NaN,
            TimedSteps = times.Count, ModelTflopPerStep = Math.Round(flops / 1e12, 1),
            AchievedTflops = Math.Round(flops / 1e12 / (msPerStep / 1000), 1),
            FinalLoss = Math.Round(loss, 5), DeviceVsCpuMaxAbs = deviceCheck,
            Threads = get_num_threads(), Time = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Model FLOP of one step: forward = per block 2·(6·D² + 2·D·F) per token (self q, k, v, o; cross q, o; FFN)
    /// + 2·2·D² per text slot (cross k, v) + self-attention 4·L²·D + cross-attention 4·L·TextLen·D; backward twice
    /// the forward; a checkpointed step runs the forward once more. Embeddings and head are left out (under 1 %).
    /// </summary>
    private static double StepFlops(WanDiTConfig c, long tokens, bool checkpoint)
    {
        double d = c.Dim, l = tokens;
        var linearPerToken = c.Layers * 2 * (6 * d * d + 2 * d * c.FfnDim);
        var crossKv = c.Layers * 2 * 2 * d * d * c.TextLen;
        var attention = c.Layers * (4 * l * l * d + 4 * l * c.TextLen * d);
        var forward = linearPerToken * l + crossKv + attention;
        return forward * (checkpoint ? 4 : 3);
    }

    /// <summary>Max |device − CPU| of a small config's forward pass on identical fp32 weights and inputs.</summary>
    private static double CompareWithCpu(Device device)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var config = Tiny;
        using var model = new WanDiT(config);
        model.eval();
        var (x, t, ctx) = (randn([1, 16, 3, 8, 8]), tensor(new float[] { 700 }), randn([1, 10, 48]));
        using var noGrad = no_grad();
        var cpu = model.forward(x, t, ctx);
        model.to(device);
        var gpu = model.forward(x.to(device), t.to(device), ctx.to(device)).cpu();
        return (gpu - cpu).abs().max().item<float>();
    }

    private static void Sync(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }
}

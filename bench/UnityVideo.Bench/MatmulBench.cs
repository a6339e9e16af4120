using System.Diagnostics;
using TorchSharp;

namespace UnityVideo.Bench;

/// <summary>The machine's fp32 matmul throughput: the yardstick for model-FLOP utilisation.</summary>
internal sealed class MatmulBench : IBenchmark
{
    public string Name => "matmul";

    public string Description => "fp32 GFLOP/s of square matmuls (n = 256, 512, 1024) on the chosen device";

    public IReadOnlyDictionary<string, object> Run(IReadOnlyList<string> args)
    {
        var device = torch.device(args.Count > 0 ? args[0] : "cpu");
        var result = new Dictionary<string, object> { ["device"] = device.ToString(), ["threads"] = torch.get_num_threads() };
        foreach (var n in new[] { 256, 512, 1024 })
            result[$"matmul_gflops_{n}"] = Math.Round(MeasureGflops(n, device), 1);
        return result;
    }

    /// <summary>Best-of-5 GFLOP/s for an n×n by n×n fp32 matmul (2n³ FLOPs).</summary>
    public static double MeasureGflops(int n, torch.Device device)
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n, device: device);
        var b = torch.randn(n, n, device: device);
        a.matmul(b).Dispose(); // warm-up
        var reps = Math.Max(2, 200_000_000 / (2L * n * n * n));
        var best = double.MaxValue;
        for (var trial = 0; trial < 5; trial++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++) a.matmul(b).Dispose();
            if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}

using TorchSharp;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>The machine's fp32 matmul throughput: the yardstick for model-FLOP utilisation.</summary>
internal sealed class MatmulBench : IBenchmark
{
    public string Name => "matmul";

    public string Description => "fp32 GFLOP/s of square matmuls (n = 256, 512, 1024) on the chosen device (args: [device=cpu])";

    public object Run(IReadOnlyList<string> args)
    {
        var device = torch.device(args.Count > 0 ? args[0] : "cpu");
        var result = new Dictionary<string, object> { ["device"] = device.ToString(), ["threads"] = torch.get_num_threads() };
        foreach (var n in new[] { 256, 512, 1024 })
            result[$"matmul_gflops_{n}"] = Math.Round(MatmulThroughput.Gflops(device, n), 1);
        return result;
    }
}

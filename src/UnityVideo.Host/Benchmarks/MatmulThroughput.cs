using TorchSharp;

namespace UnityVideo.Host.Benchmarks;

/// <summary>The machine's fp32 matmul throughput on a device: the yardstick for model-FLOP utilisation (MFU).</summary>
public static class MatmulThroughput
{
    /// <summary>Matrix sizes <see cref="Peak"/> tries; the larger ones keep the cores busiest.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [512, 1024];

    /// <summary>Median GFLOP/s of an n×n by n×n fp32 matmul (2n³ FLOPs) on <paramref name="device"/>.</summary>
    public static double Gflops(torch.Device device, int n, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        using var scope = torch.NewDisposeScope();
        var a = torch.randn(n, n, device: device);                         // [n, n]
        var b = torch.randn(n, n, device: device);                         // [n, n]
        var flops = 2.0 * n * n * n;
        var reps = (int)Math.Max(2, 2e8 / flops);                          // ≈ 0.2 GFLOP per timed repeat
        var timing = BenchmarkTimer.Measure(() =>
        {
            for (var i = 0; i < reps; i++) a.matmul(b).Dispose();
            DeviceSync.Wait(device);
        }, warmups: 1, repeats);
        return flops * reps / timing.MedianSeconds / 1e9;
    }

    /// <summary>The best of <see cref="Gflops"/> over <see cref="Sizes"/>.</summary>
    public static double Peak(torch.Device device) => Sizes.Max(n => Gflops(device, n));
}

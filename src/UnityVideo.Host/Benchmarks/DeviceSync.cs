using TorchSharp;

namespace UnityVideo.Host.Benchmarks;

/// <summary>Waits for queued device work, so a stopwatch measures the computation and not its launch.</summary>
public static class DeviceSync
{
    /// <summary>Blocks until <paramref name="device"/> is idle (a no-op on the CPU, where torch runs synchronously).</summary>
    public static void Wait(torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }
}

using System.Diagnostics;
using TorchSharp;
using UnityVideo.Core.Backbones.Wan.Vae;

namespace UnityVideo.Bench;

/// <summary>
/// Wan2.1 VAE (random weights) encode or decode of one clip: seconds and the process's peak resident memory.
/// Chunking bounds the activations by one chunk, so the peak at 5 frames (first frame + one 4-frame chunk) is the
/// activation peak of any longer clip; only the input and output tensors grow with the frame count.
/// </summary>
internal sealed class WanVaeBench : IBenchmark
{
    public string Name => "wan-vae";

    public string Description => "Wan2.1 VAE encode|decode seconds and peak RSS (args: [encode|decode] [frames=5] [height=480] [width=832] [official|tiny] [device=cpu])";

    public object Run(IReadOnlyList<string> args)
    {
        var mode = args.Count > 0 ? args[0] : "encode";
        var frames = args.Count > 1 ? BenchArgs.Int(args[1]) : 5;
        var height = args.Count > 2 ? BenchArgs.Int(args[2]) : 480;
        var width = args.Count > 3 ? BenchArgs.Int(args[3]) : 832;
        var config = args.Count > 4 && args[4] == "tiny" ? WanVaeConfig.Tiny : WanVaeConfig.Official;
        var device = torch.device(args.Count > 5 ? args[5] : "cpu");

        using var vae = new WanVae(config);
        vae.to(device).eval();
        var parameters = vae.parameters().Sum(p => p.numel());
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        using var input = mode == "decode"
            ? torch.randn([1, config.ZDim, config.LatentFrames(frames), height / 8, width / 8], device: device)
            : torch.rand([1, 3, frames, height, width], device: device) * 2 - 1;
        var watch = Stopwatch.StartNew();
        using var output = mode == "decode" ? vae.Decode(input) : vae.Encode(input);
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
        watch.Stop();
        using var process = Process.GetCurrentProcess();
        return new
        {
            Benchmark = Name, Mode = mode, Config = config.ToString(), Parameters = parameters, Device = device.ToString(),
            Threads = torch.get_num_threads(),
            Input = input.shape, Output = output.shape, Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
            PeakRssMiB = process.PeakWorkingSet64 / (1 << 20), RssBeforeInputMiB = before / (1 << 20),
        };
    }
}

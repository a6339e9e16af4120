using System.Globalization;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Model;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Positional arguments of the model benchmarks: [preset=tiny] [device=cpu] [batch] [repeats].</summary>
internal static class BenchArgs
{
    // The harness runs without the plugin host; the model only needs the stream's name, channels and prompt.
    private static readonly ModalityDescriptor Depth = new()
    {
        Name = "depth", Channels = 1, IsPixelAligned = true, Prompts = ["depth map"], StorageKey = "depth",
    };

    /// <summary>The setup the arguments describe, with <paramref name="batch"/> and <paramref name="repeats"/> as defaults.</summary>
    public static BenchmarkSetup Setup(IReadOnlyList<string> args, int batch, int repeats)
    {
        var preset = args.Count > 0 ? args[0] : "tiny";
        return new BenchmarkSetup
        {
            Preset = preset, Config = DiTConfig.Preset(preset), Modality = Depth,
            Device = torch.device(args.Count > 1 ? args[1] : "cpu"),
            Batch = args.Count > 2 ? Int(args[2]) : batch,
            Repeats = args.Count > 3 ? Int(args[3]) : repeats,
        };
    }

    /// <summary>An invariant-culture integer.</summary>
    public static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}

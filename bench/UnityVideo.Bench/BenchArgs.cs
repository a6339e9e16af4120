using System.Globalization;
using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Training;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Positional arguments of the model benchmarks: [preset=tiny] [device=cpu] [batch] [repeats].</summary>
internal static class BenchArgs
{
    /// <summary>
    /// The setup the arguments describe (the built-in configuration's preset and settings, as <c>unityvideo bench</c>
    /// reads them), with <paramref name="batch"/> and <paramref name="repeats"/> as defaults.
    /// </summary>
    public static (BenchmarkSetup Setup, TrainerOptions Training, SamplerOptions Sampling) Setup(IReadOnlyList<string> args, int batch, int repeats) =>
        BenchmarkSetup.FromDefaults(
            args.Count > 0 ? args[0] : "tiny",
            torch.device(args.Count > 1 ? args[1] : "cpu"),
            args.Count > 2 ? Int(args[2]) : batch,
            args.Count > 3 ? Int(args[3]) : repeats);

    /// <summary>An invariant-culture integer.</summary>
    public static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}

using UnityVideo.Core.Diffusion;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Sampling seconds per clip (<see cref="SamplingBenchmark"/>) with the default sampler (Euler, no guidance).</summary>
internal sealed class SampleBench : IBenchmark
{
    public string Name => "sample";

    public string Description => "seconds per clip at 10 and 20 sampler steps, joint generation and estimation (args: [preset=tiny] [device=cpu] [batch=1] [repeats=3])";

    public object Run(IReadOnlyList<string> args) => SamplingBenchmark.Run(BenchArgs.Setup(args, batch: 1, repeats: 3), new SamplerOptions());
}

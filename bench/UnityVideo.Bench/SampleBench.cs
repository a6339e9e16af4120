using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Sampling seconds per clip (<see cref="SamplingBenchmark"/>) with the built-in <c>Sampling</c> settings.</summary>
internal sealed class SampleBench : IBenchmark
{
    public string Name => "sample";

    public string Description => "seconds per clip at 10 and 20 sampler steps, joint generation and estimation (args: [preset=tiny] [device=cpu] [batch=1] [repeats=3])";

    public object Run(IReadOnlyList<string> args)
    {
        var (setup, _, sampling) = BenchArgs.Setup(args, batch: 1, repeats: 3);
        return SamplingBenchmark.Run(setup, sampling);
    }
}

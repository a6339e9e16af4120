using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Training-step throughput and MFU (<see cref="TrainStepBenchmark"/>) with the built-in <c>Training</c> settings.</summary>
internal sealed class TrainStepBench : IBenchmark
{
    public string Name => "train-step";

    public string Description => "ms per training step (fwd+bwd+AdamW+EMA), tokens/s, GFLOP/s and MFU vs matmul (args: [preset=tiny] [device=cpu] [batch=8] [steps=5])";

    public object Run(IReadOnlyList<string> args)
    {
        var (setup, training, _) = BenchArgs.Setup(args, batch: 8, repeats: 5);
        return TrainStepBenchmark.Run(setup, training);
    }
}

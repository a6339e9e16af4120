using UnityVideo.Core.Training;
using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Training-step throughput and MFU (<see cref="TrainStepBenchmark"/>) with the default training settings.</summary>
internal sealed class TrainStepBench : IBenchmark
{
    public string Name => "train-step";

    public string Description => "ms per training step (fwd+bwd+AdamW+EMA), tokens/s, GFLOP/s and MFU vs matmul (args: [preset=tiny] [device=cpu] [batch=8] [steps=5])";

    public object Run(IReadOnlyList<string> args) => TrainStepBenchmark.Run(BenchArgs.Setup(args, batch: 8, repeats: 5), new TrainerOptions());
}

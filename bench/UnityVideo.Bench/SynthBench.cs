using UnityVideo.Host.Benchmarks;

namespace UnityVideo.Bench;

/// <summary>Synthetic-world throughput (<see cref="SynthBenchmark"/>).</summary>
internal sealed class SynthBench : IBenchmark
{
    public string Name => "synth";

    public string Description => "synthetic clips/s at 64²×8 and 256²×16 (args: [threads=all cores] [clips per batch] [repeats=3])";

    public object Run(IReadOnlyList<string> args) => SynthBenchmark.Run(
        clips: args.Count > 1 ? BenchArgs.Int(args[1]) : null,
        repeats: args.Count > 2 ? BenchArgs.Int(args[2]) : 3,
        threads: args.Count > 0 ? BenchArgs.Int(args[0]) : Environment.ProcessorCount);
}

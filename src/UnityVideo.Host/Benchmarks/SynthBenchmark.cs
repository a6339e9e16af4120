using UnityVideo.Synthetic;

namespace UnityVideo.Host.Benchmarks;

/// <summary>
/// Synthetic-world throughput: clips (RGB with exact depth, flow, instances, DensePose IUV and joints) rendered per
/// second at 64²×8 and 256²×16, clips rendered in parallel. Each timed batch renders clips never rendered before.
/// </summary>
public static class SynthBenchmark
{
    /// <summary>Default clips per timed batch at 64²×8.</summary>
    public const int DefaultClips64 = 64;

    /// <summary>Default clips per timed batch at 256²×16.</summary>
    public const int DefaultClips256 = 4;

    /// <summary>Measures both sizes.</summary>
    /// <param name="clips">Clips per timed batch for both sizes; null for the defaults (64 and 4).</param>
    /// <param name="repeats">Timed batches per size (the median is reported).</param>
    /// <param name="threads">Clips rendered in parallel at most.</param>
    public static SynthBenchmarkResult Run(int? clips, int repeats, int threads)
    {
        if (clips is < 1) throw new ArgumentOutOfRangeException(nameof(clips), clips, "At least one clip per batch.");
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var small = clips ?? DefaultClips64;
        var large = clips ?? DefaultClips256;
        return new SynthBenchmarkResult
        {
            Threads = threads, Repeats = repeats, Clips64 = small, Clips256 = large,
            ClipsPerSecond64 = ClipsPerSecond(64, 8, small, repeats, threads),
            ClipsPerSecond256 = ClipsPerSecond(256, 16, large, repeats, threads),
            PeakRssMegabytes = Figures.Significant(PeakMemory.ResidentMegabytes()),
        };
    }

    private static double ClipsPerSecond(int size, int frames, int clips, int repeats, int threads)
    {
        var world = new SyntheticWorld(SyntheticOptions.Square(size, frames) with { Seed = 1, MaxDegreeOfParallelism = threads });
        var next = 0;
        var timing = BenchmarkTimer.Measure(() =>
        {
            world.RenderBatch(next, clips);
            next += clips;
        }, warmups: 1, repeats);
        return Figures.Significant(clips / timing.MedianSeconds);
    }
}

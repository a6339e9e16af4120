using System.Diagnostics;
using UnityVideo.Synthetic;

namespace UnityVideo.Bench;

/// <summary>Synthetic-world throughput: clips rendered per second (all modalities), clips in parallel.</summary>
internal sealed class SynthBench : IBenchmark
{
    public string Name => "synth";

    public string Description => "synthetic clips/s at 64²×8 and 256²×16 (args: [threads], default all cores)";

    public IReadOnlyDictionary<string, object> Run(IReadOnlyList<string> args)
    {
        var threads = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        return new Dictionary<string, object>
        {
            ["threads"] = threads,
            ["clips_per_s_64x8"] = Math.Round(ClipsPerSecond(64, 8, 256, threads), 1),
            ["clips_per_s_256x16"] = Math.Round(ClipsPerSecond(256, 16, 8, threads), 2),
        };
    }

    /// <summary>Best of 3 runs of <paramref name="clips"/> clips, after a warm-up batch.</summary>
    private static double ClipsPerSecond(int size, int frames, int clips, int threads)
    {
        var world = new SyntheticWorld(new SyntheticOptions { Width = size, Height = size, Frames = frames, Seed = 1, MaxDegreeOfParallelism = threads });
        world.RenderBatch(10_000, Math.Max(2, clips / 8));
        var best = double.MaxValue;
        for (var trial = 0; trial < 3; trial++)
        {
            var sw = Stopwatch.StartNew();
            world.RenderBatch(trial * clips, clips);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return clips / best;
    }
}

using System.Diagnostics;
using UnityVideo.Core;

namespace UnityVideo.Host.Benchmarks;

/// <summary>Runs a body a few times untimed (allocations, caches, lazy initialisation), then times repeats.</summary>
public static class BenchmarkTimer
{
    /// <summary>
    /// Runs <paramref name="body"/> <paramref name="warmups"/> times, then <paramref name="repeats"/> timed times.
    /// The body must finish its work before returning (on CUDA: synchronise).
    /// </summary>
    public static TimingSummary Measure(Action body, int warmups, int repeats)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(warmups);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        for (var i = 0; i < warmups; i++) body();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            body();
            times[i] = watch.Elapsed.TotalSeconds;
        }
        return new TimingSummary(SampleStatistics.Median(times), times.Min(), repeats);
    }

}

/// <summary>Wall-clock times of the timed repeats of one measurement (warm-up runs excluded).</summary>
/// <param name="MedianSeconds">Median of the repeats: the reported figure (robust on a busy machine).</param>
/// <param name="MinSeconds">Fastest repeat.</param>
/// <param name="Repeats">Number of timed repeats.</param>
public sealed record TimingSummary(double MedianSeconds, double MinSeconds, int Repeats);

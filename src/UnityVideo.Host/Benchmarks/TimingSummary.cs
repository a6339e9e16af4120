namespace UnityVideo.Host.Benchmarks;

/// <summary>Wall-clock times of the timed repeats of one measurement (warm-up runs excluded).</summary>
/// <param name="MedianSeconds">Median of the repeats: the reported figure (robust on a busy machine).</param>
/// <param name="MinSeconds">Fastest repeat.</param>
/// <param name="Repeats">Number of timed repeats.</param>
public sealed record TimingSummary(double MedianSeconds, double MinSeconds, int Repeats);

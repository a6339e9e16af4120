namespace UnityVideo.Core;

/// <summary>Summary figures of a sample of measurements (timings, per-step costs).</summary>
public static class SampleStatistics
{
    /// <summary>Median of <paramref name="values"/> (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

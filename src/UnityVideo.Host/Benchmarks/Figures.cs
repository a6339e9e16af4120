namespace UnityVideo.Host.Benchmarks;

/// <summary>Rounding for reported figures: a fixed number of significant digits, whatever the scale (ms or GFLOP/s, CPU or GPU).</summary>
internal static class Figures
{
    /// <summary><paramref name="value"/> rounded to <paramref name="digits"/> significant digits (0 and non-finite values unchanged).</summary>
    public static double Significant(double value, int digits = 4)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value))) + 1;
        var decimals = digits - magnitude;
        if (decimals >= 0) return Math.Round(value, Math.Min(decimals, 15));
        var scale = Math.Pow(10, -decimals);
        return Math.Round(value / scale) * scale;
    }
}

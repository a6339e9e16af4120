namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Wan's flow-matching noise levels: N uniform levels 1, (N−1)/N, …, 1/N, each shifted by
/// σ' = s·σ / (1 + (s − 1)·σ) (a shift above 1 spends more steps at high noise), then a final 0. The model is told
/// t = 1000·σ.
/// </summary>
public static class WanFlowSchedule
{
    /// <summary>Timestep scale of the model: t = <see cref="TrainTimesteps"/>·σ.</summary>
    public const double TrainTimesteps = 1000;

    /// <summary>The shifted σ.</summary>
    public static double Shift(double sigma, double shift) => shift * sigma / (1 + (shift - 1) * sigma);

    /// <summary>The <paramref name="steps"/> + 1 levels, decreasing from 1 to 0.</summary>
    public static double[] Sigmas(int steps, double shift)
    {
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be positive");
        var sigmas = new double[steps + 1];
        for (var i = 0; i < steps; i++) sigmas[i] = Shift(1.0 - (double)i / steps, shift);
        sigmas[steps] = 0;
        return sigmas;
    }
}

namespace UnityVideo.Core.Training;

/// <summary>
/// Linear warm-up to the peak learning rate, then cosine decay to zero at the last step:
/// lr(s) = peak·(s + 1)/W for s &lt; W, else peak·½(1 + cos(π·(s − W)/(N − W))) (s is the 0-based step).
/// </summary>
/// <param name="Peak">Peak learning rate.</param>
/// <param name="WarmupSteps">Warm-up steps W.</param>
/// <param name="TotalSteps">Steps N of the run.</param>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        var span = TotalSteps - WarmupSteps;
        if (span <= 0) return Peak;
        var progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}

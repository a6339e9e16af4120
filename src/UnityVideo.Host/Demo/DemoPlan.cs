using UnityVideo.Core.Training;

namespace UnityVideo.Host.Demo;

/// <summary>
/// How the demo spends its budget: training steps sized from a calibrated step, and the seconds kept for what follows
/// training (evaluation, the normals section) at that step's pace. During training the plan is checked against the
/// measured pace (<see cref="StepsThatFit"/>), because a machine can run slower for minutes than in a short calibration.
/// </summary>
/// <param name="Steps">Training steps planned from the calibration.</param>
/// <param name="SecondsPerStep">The calibrated cost of a step.</param>
/// <param name="AfterTrainingSeconds">Seconds kept for evaluation and the normals section, at <paramref name="SecondsPerStep"/>.</param>
public sealed record DemoPlan(int Steps, double SecondsPerStep, double AfterTrainingSeconds)
{
    /// <summary>
    /// The training steps that still fit when <paramref name="left"/> remains of the budget, at the measured pace; null
    /// when the planned steps fit. What follows training runs on the same machine, so its time is scaled by how much
    /// slower the steps run than calibrated (never scaled down); <see cref="DemoRunner.ReserveSeconds"/> stays unplanned.
    /// </summary>
    public int? StepsThatFit(TrainingPace pace, TimeSpan left)
    {
        ArgumentNullException.ThrowIfNull(pace);
        if (!(pace.RecentSecondsPerStep > 0)) return null;
        var slower = Math.Max(1, pace.RecentSecondsPerStep / SecondsPerStep);
        var forTraining = left.TotalSeconds - (AfterTrainingSeconds * slower) - DemoRunner.ReserveSeconds;
        var fit = pace.Step + (int)Math.Floor(Math.Max(0, forTraining) / pace.RecentSecondsPerStep);
        return fit < pace.PlannedSteps ? Math.Max(fit, Math.Min(pace.PlannedSteps, DemoRunner.MinimumSteps)) : null;
    }
}

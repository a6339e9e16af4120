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
    /// A longer run is asked for only when at least this share more steps fit than planned, so that small swings of
    /// the pace do not move the learning-rate schedule back and forth.
    /// </summary>
    public const double GrowthWorthReplanning = 0.03;

    /// <summary>
    /// The training steps that fit when <paramref name="left"/> remains of the budget, at the measured pace: fewer when
    /// the planned steps no longer fit, more when at least <see cref="GrowthWorthReplanning"/> more fit (a calibration
    /// taken in a slow moment, a machine that sped up); null otherwise. What follows training runs on the same machine,
    /// so its time is scaled by how much slower the steps run than calibrated (never scaled down);
    /// <see cref="DemoRunner.ReserveSeconds"/> stays unplanned.
    /// </summary>
    public int? StepsThatFit(TrainingPace pace, TimeSpan left)
    {
        ArgumentNullException.ThrowIfNull(pace);
        if (!(pace.RecentSecondsPerStep > 0)) return null;
        var slower = Math.Max(1, pace.RecentSecondsPerStep / SecondsPerStep);
        var forTraining = left.TotalSeconds - (AfterTrainingSeconds * slower) - DemoRunner.ReserveSeconds;
        var fit = pace.Step + (int)Math.Floor(Math.Max(0, forTraining) / pace.RecentSecondsPerStep);
        if (fit < pace.PlannedSteps) return Math.Max(fit, Math.Min(pace.PlannedSteps, DemoRunner.MinimumSteps));
        return fit >= pace.PlannedSteps * (1 + GrowthWorthReplanning) ? fit : null;
    }
}

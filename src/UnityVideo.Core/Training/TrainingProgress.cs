namespace UnityVideo.Core.Training;

/// <summary>
/// A progress report: after every step (<see cref="Note"/> null), or an event such as a checkpoint or a resume
/// (<see cref="Note"/> says what happened; the step fields describe the latest step).
/// </summary>
public sealed record TrainingProgress
{
    /// <summary>Completed steps.</summary>
    public required int Step { get; init; }

    /// <summary>Steps of the run.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>The latest step's record, or null before the first step of this session.</summary>
    public TrainingMetric? Metric { get; init; }

    /// <summary>Steps per second over this session so far (0 before the first step).</summary>
    public double StepsPerSecond { get; init; }

    /// <summary>Estimated time to the end of the run at <see cref="StepsPerSecond"/>.</summary>
    public TimeSpan? Remaining { get; init; }

    /// <summary>An event in words ("resumed from …", "checkpoint …"); null for a plain step report.</summary>
    public string? Note { get; init; }
}

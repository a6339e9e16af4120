namespace UnityVideo.Core.Training;

/// <summary>How a run ended and where its outputs are.</summary>
public sealed record TrainingResult
{
    /// <summary>Completed steps.</summary>
    public required int Step { get; init; }

    /// <summary>Steps of the run.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>True when cancellation stopped the run early (after saving a checkpoint).</summary>
    public required bool Cancelled { get; init; }

    /// <summary>The step a resumed run started from; null for a fresh run.</summary>
    public int? ResumedFrom { get; init; }

    /// <summary>The newest checkpoint.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Final model weights (EMA when enabled), written when the run completes.</summary>
    public string? ModelPath { get; init; }

    /// <summary>metrics.jsonl.</summary>
    public required string MetricsPath { get; init; }

    /// <summary>The loss plot, written when the run completes or is cancelled.</summary>
    public string? PlotPath { get; init; }

    /// <summary>Wall-clock time of this session.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>True when every step of the run is done.</summary>
    public bool Completed => Step >= TotalSteps;
}

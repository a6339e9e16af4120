namespace UnityVideo.Host.Inference;

/// <summary>Progress of one sampling run of the <see cref="UnityVideoPipeline"/>.</summary>
public sealed record InferenceProgress
{
    /// <summary>What is being sampled, e.g. "estimate depth" or "generate rgb+flow".</summary>
    public required string Stage { get; init; }

    /// <summary>Solver steps completed in this stage.</summary>
    public required int Step { get; init; }

    /// <summary>Solver steps of this stage.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Window of a long video being estimated (1-based; 1 for a clip).</summary>
    public int Window { get; init; } = 1;

    /// <summary>Windows the video is estimated in (1 for a clip).</summary>
    public int Windows { get; init; } = 1;
}

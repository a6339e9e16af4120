namespace UnityVideo.Host.Training;

/// <summary>One call of <see cref="TrainingService.Train"/>: the run folder, the data and how to treat an existing run.</summary>
public sealed record TrainingRequest
{
    /// <summary>Run folder (created when missing).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Dataset folder; null uses <c>Data:Directory</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Continue from the newest valid checkpoint of the run folder.</summary>
    public bool Resume { get; init; }

    /// <summary>With <see cref="Resume"/>: accept a checkpoint of another configuration; without: start over.</summary>
    public bool Force { get; init; }
}

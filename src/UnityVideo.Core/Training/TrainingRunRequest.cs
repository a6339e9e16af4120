namespace UnityVideo.Core.Training;

/// <summary>Where a run reads and writes, and how it treats an existing run folder.</summary>
public sealed record TrainingRunRequest
{
    /// <summary>Dataset folder (clip shards + manifest.jsonl).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Run folder: config.json, metrics.jsonl, checkpoints/, loss.png, model.safetensors.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Continue from the newest valid checkpoint in the run folder (a fresh start when it has none).</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// With <see cref="Resume"/>: accept a checkpoint written with a different configuration. Without it: start
    /// over in a run folder that already holds a run (its checkpoints, metrics and plot are replaced).
    /// </summary>
    public bool Force { get; init; }

    /// <summary>The full resolved configuration to store as <c>config.json</c>; null stores the trainer's own.</summary>
    public string? ResolvedConfigJson { get; init; }

    /// <summary>
    /// Asked every <see cref="Trainer.ReplanEvery"/> steps with the run's pace; another step count re-plans the run to
    /// it, with its learning-rate schedule and curriculum stages rescaled to the new total, so a run that must end by a
    /// deadline ends with a finished schedule instead of being cut off, and one that runs faster than planned uses the
    /// time. A shorter run never ends before the next step; a longer one never goes back to a stage it has left (it
    /// grows only as far as the stage boundaries allow). Null (or a null answer): the planned steps. A resumed run plans
    /// from its configured steps again.
    /// </summary>
    public Func<TrainingPace, int?>? Replan { get; init; }
}

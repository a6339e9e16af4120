namespace UnityVideo.Core.Training;

/// <summary>What a training checkpoint records besides tensors: enough to continue bit for bit.</summary>
public sealed record TrainingState
{
    /// <summary>Completed optimiser steps.</summary>
    public required int Step { get; init; }

    /// <summary>The run's seed (with <see cref="Step"/>, this is the whole random state: draws derive from both).</summary>
    public required long Seed { get; init; }

    /// <summary>Data order position.</summary>
    public required DataPosition DataPosition { get; init; }

    /// <summary>The resolved training configuration (JSON) the run was started with.</summary>
    public required string ConfigJson { get; init; }

    /// <summary>Hash of the parts of <see cref="ConfigJson"/> that change what a step computes.</summary>
    public required string ConfigHash { get; init; }

    /// <summary>Curriculum stage of the last completed step.</summary>
    public string Stage { get; init; } = "";
}

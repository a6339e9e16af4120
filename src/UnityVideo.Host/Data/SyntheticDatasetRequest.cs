using UnityVideo.Synthetic;

namespace UnityVideo.Host.Data;

/// <summary>What <see cref="SyntheticDatasetBuilder"/> should render and where.</summary>
public sealed record SyntheticDatasetRequest
{
    /// <summary>Dataset folder to create; must be absent or empty, or hold a dataset this project wrote and <see cref="Force"/> be set.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Number of clips (indices 0 … Count − 1).</summary>
    public required int Count { get; init; }

    /// <summary>
    /// World options (size, frames, seed, split, animals). Its <see cref="SyntheticOptions.MaxDegreeOfParallelism"/>
    /// sets how many clips render at once; the files do not depend on it.
    /// </summary>
    public SyntheticOptions World { get; init; } = new();

    /// <summary>
    /// Plugin annotators to run on each clip's ground truth, for modalities beyond the five typed tensors
    /// (<see cref="SyntheticAnnotation.For"/> picks them for the enabled modalities); empty writes the five only.
    /// </summary>
    public IReadOnlyList<SyntheticAnnotation> Annotations { get; init; } = [];

    /// <summary>Replace a dataset folder this project wrote (the old one stays until the new one is complete).</summary>
    public bool Force { get; init; }
}

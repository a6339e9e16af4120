namespace UnityVideo.Core.Training;

/// <summary>A resolved curriculum stage: steps [<see cref="Start"/>, <see cref="End"/>) and its modality names.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Start">First step (0-based) of the stage.</param>
/// <param name="End">One past the last step.</param>
/// <param name="Modalities">Enabled modality names the stage trains (keywords resolved).</param>
public sealed record CurriculumStage(string Name, int Start, int End, IReadOnlyList<string> Modalities)
{
    /// <summary>Number of steps.</summary>
    public int Steps => End - Start;
}

namespace UnityVideo.Host.Options;

/// <summary>
/// One stage of the training curriculum. Its length is either <see cref="Steps"/> (absolute) or
/// <see cref="Fraction"/> (of the run's total steps); the last stage may give neither and runs to the end.
/// </summary>
public sealed class CurriculumStage
{
    /// <summary>Stage name for logs and metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>Number of optimiser steps in this stage.</summary>
    public int? Steps { get; set; }

    /// <summary>Fraction of the run's total steps spent in this stage.</summary>
    public double? Fraction { get; set; }

    /// <summary>
    /// Modalities allowed in the stage: names, or the keywords <c>pixel-aligned</c> and <c>all</c>
    /// (resolved against the enabled set).
    /// </summary>
    public List<string> Modalities { get; set; } = [];
}

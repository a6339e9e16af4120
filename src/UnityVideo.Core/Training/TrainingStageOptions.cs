namespace UnityVideo.Core.Training;

/// <summary>
/// One curriculum stage as configured (an item of <c>Training:Stages</c>): a length (absolute <see cref="Steps"/>, a
/// <see cref="Fraction"/> of the run, or neither for a last stage that runs to the end) and the modalities it may train.
/// </summary>
public sealed class TrainingStageOptions
{
    /// <summary>Keyword for every enabled modality that is pixel-aligned with RGB.</summary>
    public const string PixelAligned = "pixel-aligned";

    /// <summary>Keyword for every enabled modality.</summary>
    public const string All = "all";

    /// <summary>Name for logs and metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>Optimiser steps of the stage.</summary>
    public int? Steps { get; set; }

    /// <summary>Fraction of the run's total steps.</summary>
    public double? Fraction { get; set; }

    /// <summary>Modality names, or the keywords <see cref="PixelAligned"/> and <see cref="All"/>.</summary>
    public List<string> Modalities { get; set; } = [];
}

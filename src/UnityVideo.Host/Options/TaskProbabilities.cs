namespace UnityVideo.Host.Options;

/// <summary>Per-step task sampling probabilities; they must sum to 1 (the paper uses cond &lt; est &lt; joint).</summary>
public sealed class TaskProbabilities
{
    /// <summary>Conditional generation: RGB noised, modality clean.</summary>
    public double ConditionalGeneration { get; set; } = 0.2;

    /// <summary>Estimation: modality noised, RGB clean.</summary>
    public double Estimation { get; set; } = 0.3;

    /// <summary>Joint generation: RGB and modality noised.</summary>
    public double JointGeneration { get; set; } = 0.5;
}

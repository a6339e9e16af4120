using UnityVideo.Core.Diffusion;

namespace UnityVideo.Core.Training;

/// <summary>What one training step trains: the task (which streams are noised) and the modality set.</summary>
/// <param name="Task">Conditional generation, estimation or joint generation.</param>
/// <param name="Modalities">The modality streams of the step (distinct names; empty for an RGB-only run's text-to-video step).</param>
public sealed record RoutedStep(DiffusionTask Task, IReadOnlyList<string> Modalities)
{
    /// <summary>The modality set as one label, e.g. "depth" or "depth+flow".</summary>
    public string ModalityLabel => Modalities.Count == 0 ? "rgb" : string.Join('+', Modalities);
}

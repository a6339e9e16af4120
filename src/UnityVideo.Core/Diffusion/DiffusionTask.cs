namespace UnityVideo.Core.Diffusion;

/// <summary>The three tasks of dynamic noising: which streams are noised in a training step or a sampling run.</summary>
public enum DiffusionTask
{
    /// <summary>RGB noised, modalities clean (t = 0): u(V_r | V_m, C).</summary>
    ConditionalGeneration,

    /// <summary>Modalities noised, RGB clean (t = 0): u(V_m | V_r).</summary>
    Estimation,

    /// <summary>RGB and every modality noised: u(V_r, V_m | C).</summary>
    JointGeneration,
}

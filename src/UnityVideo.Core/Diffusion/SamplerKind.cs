namespace UnityVideo.Core.Diffusion;

/// <summary>ODE solver for the probability-flow of the learned velocity field.</summary>
public enum SamplerKind
{
    /// <summary>First order: one velocity evaluation per step.</summary>
    Euler,

    /// <summary>Second order (explicit trapezoid): two velocity evaluations per step.</summary>
    Heun,
}

namespace UnityVideo.Host.Options;

/// <summary>Flow-matching ODE solvers.</summary>
public enum SamplerKind
{
    /// <summary>First-order Euler.</summary>
    Euler,

    /// <summary>Second-order Heun (two model calls per step).</summary>
    Heun,
}

namespace UnityVideo.Host.Options;

/// <summary>Sampling defaults for generate, estimate and eval. Section <c>Sampling</c>.</summary>
public sealed class SamplingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Sampling";

    /// <summary>ODE solver.</summary>
    public SamplerKind Sampler { get; set; } = SamplerKind.Euler;

    /// <summary>Number of solver steps.</summary>
    public int Steps { get; set; } = 20;

    /// <summary>Solver steps of estimation (RGB given); 0 = <see cref="Steps"/>.</summary>
    public int EstimationSteps { get; set; } = 1;

    /// <summary>Classifier-free guidance scale; 1 disables guidance.</summary>
    public double CfgScale { get; set; } = 1.0;

    /// <summary>Timestep shift of the sampling schedule; 1 is no shift.</summary>
    public double Shift { get; set; } = 1.0;

    /// <summary>Seed for the initial noise.</summary>
    public int Seed { get; set; }
}

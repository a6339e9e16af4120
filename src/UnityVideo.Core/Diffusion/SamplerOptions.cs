namespace UnityVideo.Core.Diffusion;

/// <summary>Settings of one sampling run.</summary>
public sealed class SamplerOptions
{
    /// <summary>Solver.</summary>
    public SamplerKind Kind { get; set; } = SamplerKind.Euler;

    /// <summary>Number of steps from t = 1 to t = 0.</summary>
    public int Steps { get; set; } = 30;

    /// <summary>Steps of estimation (RGB given); 0 = <see cref="Steps"/>. One step from t = 1 suits a model trained for it (Training:EstimationFullNoise).</summary>
    public int EstimationSteps { get; set; }

    /// <summary>The steps to use: <see cref="EstimationSteps"/> when estimating and it is set, else <see cref="Steps"/>.</summary>
    public int StepsFor(bool estimation) => estimation && EstimationSteps > 0 ? EstimationSteps : Steps;

    /// <summary>Timestep shift s applied to the uniform grid: t' = s·t / (1 + (s − 1)·t).</summary>
    public double Shift { get; set; } = 1.0;

    /// <summary>Classifier-free guidance scale on the content prompt (1 = no guidance, one model call per evaluation).</summary>
    public double GuidanceScale { get; set; } = 1.0;

    /// <summary>Every problem, one line each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Steps < 1) errors.Add($"{nameof(Steps)} must be ≥ 1 (got {Steps}).");
        if (EstimationSteps < 0) errors.Add($"{nameof(EstimationSteps)} must be ≥ 0 (got {EstimationSteps}).");
        if (!(Shift > 0)) errors.Add($"{nameof(Shift)} must be positive (got {Shift}).");
        if (!(GuidanceScale >= 0)) errors.Add($"{nameof(GuidanceScale)} must be ≥ 0 (got {GuidanceScale}).");
        return errors;
    }
}

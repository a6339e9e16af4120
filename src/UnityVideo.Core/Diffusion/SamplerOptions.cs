namespace UnityVideo.Core.Diffusion;

/// <summary>
/// Settings of one sampling run: the one type the <c>Sampling</c> configuration section binds to (member names are
/// its keys). A record, so a caller changes a setting with <c>with</c> and every other setting travels along.
/// </summary>
public sealed record SamplerOptions
{
    /// <summary>Solver.</summary>
    public SamplerKind Sampler { get; set; } = SamplerKind.Euler;

    /// <summary>Number of steps from t = 1 to t = 0.</summary>
    public int Steps { get; set; } = 30;

    /// <summary>Steps of estimation (RGB given); 0 = <see cref="Steps"/>. One step from t = 1 suits a model trained for it (<see cref="FlowMatchingOptions.EstimationFullNoise"/>).</summary>
    public int EstimationSteps { get; set; }

    /// <summary>
    /// Steps of estimation per modality, in place of <see cref="EstimationSteps"/> for that modality (0 = <see cref="Steps"/>).
    /// One step from t = 1 returns the model's mean estimate: right for a depth or a flow, but the mean of uncertain
    /// colour codes (instances, drawn joints, body parts) is no code at all and decodes to background; a few solver
    /// steps let the sample commit to one reading.
    /// </summary>
    public Dictionary<string, int> EstimationStepsByModality { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The steps to use: when estimating, <paramref name="modality"/>'s entry of <see cref="EstimationStepsByModality"/>,
    /// else <see cref="EstimationSteps"/> when it is set; otherwise <see cref="Steps"/>.
    /// </summary>
    public int StepsFor(bool estimation, string? modality = null)
    {
        if (!estimation) return Steps;
        var steps = modality is not null && EstimationStepsByModality.TryGetValue(modality, out var own) ? own : EstimationSteps;
        return steps > 0 ? steps : Steps;
    }

    /// <summary>Timestep shift s applied to the uniform grid: t' = s·t / (1 + (s − 1)·t).</summary>
    public double Shift { get; set; } = 1.0;

    /// <summary>Classifier-free guidance scale on the content prompt (1 = no guidance, one model call per evaluation).</summary>
    public double CfgScale { get; set; } = 1.0;

    /// <summary>Seed of the initial noise, for callers that draw it from these settings (the same seed gives the same samples).</summary>
    public long Seed { get; set; }

    /// <summary>Equal when every setting is, <see cref="EstimationStepsByModality"/> by its entries (a record compares a dictionary by reference).</summary>
    public bool Equals(SamplerOptions? other) =>
        other is not null
        && (Sampler, Steps, EstimationSteps, Shift, CfgScale, Seed) == (other.Sampler, other.Steps, other.EstimationSteps, other.Shift, other.CfgScale, other.Seed)
        && EstimationStepsByModality.Count == other.EstimationStepsByModality.Count
        && EstimationStepsByModality.All(p => other.EstimationStepsByModality.TryGetValue(p.Key, out var steps) && steps == p.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sampler, Steps, EstimationSteps, EstimationStepsByModality.Count, Shift, CfgScale, Seed);

    /// <summary>Every problem, one line each, each starting with the member to change; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Steps < 1) errors.Add($"{nameof(Steps)} must be at least 1 (got {Steps}).");
        if (EstimationSteps < 0) errors.Add($"{nameof(EstimationSteps)} must be 0 (same as Steps) or more (got {EstimationSteps}).");
        foreach (var (modality, steps) in EstimationStepsByModality.Where(p => p.Value < 0))
            errors.Add($"{nameof(EstimationStepsByModality)}:{modality} must be 0 (same as Steps) or more (got {steps}).");
        if (!(Shift > 0)) errors.Add($"{nameof(Shift)} must be greater than 0 (got {Shift}).");
        if (!(CfgScale >= 0)) errors.Add($"{nameof(CfgScale)} must be 0 or more (1 disables guidance; got {CfgScale}).");
        return errors;
    }
}
